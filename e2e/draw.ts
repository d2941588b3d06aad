import type { Page } from "@playwright/test";

/** Draws a head-and-shoulders on the sketch canvas with real mouse moves (press, many moves, release). */
export async function drawHeadAndShoulders(page: Page) {
  const canvas = page.getByTestId("sketch-canvas");
  const box = (await canvas.boundingBox())!;
  const keys: [number, number][] = [[0, 0.15], [0.15, 0.6], [0.3, 0.3], [0.5, 1], [0.7, 0.3], [0.85, 0.6], [1, 0.1]];
  const at = (u: number) => {
    for (let k = 1; k < keys.length; k++) {
      if (u <= keys[k][0]) {
        const [x0, y0] = keys[k - 1];
        const [x1, y1] = keys[k];
        return y0 + ((y1 - y0) * (u - x0)) / (x1 - x0);
      }
    }
    return keys[keys.length - 1][1];
  };
  const px = (u: number) => box.x + 16 + u * (box.width - 32);
  const py = (v: number) => box.y + 16 + (1 - v) * (box.height - 32);
  await page.mouse.move(px(0), py(at(0)));
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) await page.mouse.move(px(i / 60), py(at(i / 60)), { steps: 2 });
  await page.mouse.up();
}
