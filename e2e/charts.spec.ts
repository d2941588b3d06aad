import { expect, test, type Page } from "@playwright/test";
import type { Candle } from "../lib/tickers/types";
import { DESKTOP, PHONE, countChartPixels, elementsWiderThanViewport, saveScreenshot, useStoredTheme, waitForChart } from "./helpers";

// The close line's colour in the light theme (lib/chart/palette.ts: text); nothing else on the canvas uses it.
const CLOSE_LINE = "#0f172a";

async function candlesOf(page: Page, symbol: string): Promise<Candle[]> {
  const res = await page.request.get(`/api/tickers/${symbol}/candles`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { candles: Candle[] }).candles;
}

for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
  test.describe(`monthly close-only chart (${name})`, () => {
    test.use({ viewport });

    test("draws the closes as a line with monthly moving averages and no volume pane", async ({ page }) => {
      const candles = await candlesOf(page, "AAPL-SAMPLE");
      const closes = candles.filter((c) => c.c != null).length;
      expect(candles.every((c) => c.o == null)).toBe(true);
      await useStoredTheme(page, "light");
      await page.goto("/t/AAPL-SAMPLE");
      const chart = await waitForChart(page);
      await expect(chart).toHaveAttribute("data-cadence", "monthly");
      await expect(chart).toHaveAttribute("data-price-style", "line");
      await expect(chart).toHaveAttribute("data-drawn-count", String(closes));
      await expect(chart).toHaveAttribute("data-has-volume", "false");
      // No month-long "gap" markers: a month between rows is this series' normal step.
      await expect(chart).toHaveAttribute("data-gap-count", "0");
      await expect(chart).toHaveAttribute("aria-label", /Close line chart of AAPL-SAMPLE, \d+ months/);
      await expect(page.getByTestId("ma-12")).toContainText("MA 12mo");
      await expect(page.getByTestId("ma-200")).toHaveCount(0);
      await expect(page.getByText("Months", { exact: true })).toBeVisible();
      await expect(page.getByText("Trading days")).toHaveCount(0);
      await expect(page.getByTestId("chart-caption")).toContainText("Monthly data (closes only, drawn as a line)");
      // The whole (sparse) series is in view and the Max range is the one marked.
      await expect(page.getByRole("button", { name: "Max" })).toHaveAttribute("aria-pressed", "true");
      // No range button that would show a handful of months (1M of monthly data is one point).
      await expect(page.getByRole("group", { name: "Visible range" }).getByRole("button")).toHaveText(["6M", "1Y", "5Y", "Max"]);
      // The close line is painted: many canvas pixels in its colour.
      await expect.poll(() => countChartPixels(page, "candle-chart", CLOSE_LINE)).toBeGreaterThan(300);
      expect(await elementsWiderThanViewport(page)).toEqual([]);
      await saveScreenshot(page, `chart-monthly-${name}`);
    });
  });

  test.describe(`daily chart (${name})`, () => {
    test.use({ viewport });

    test("opens on one year with 1Y marked and fits the screen", async ({ page }) => {
      await useStoredTheme(page, "light");
      await page.goto("/t/SPX");
      const chart = await waitForChart(page);
      await expect(chart).toHaveAttribute("data-cadence", "daily");
      await expect(chart).toHaveAttribute("data-price-style", "candles");
      await expect(chart).toHaveAttribute("data-has-volume", "true");
      await expect(page.getByRole("button", { name: "1Y" })).toHaveAttribute("aria-pressed", "true");
      await expect(page.getByText("Trading days")).toBeVisible();
      expect(await elementsWiderThanViewport(page)).toEqual([]);
      await saveScreenshot(page, `chart-daily-${name}`);
    });
  });
}

test.describe("OHLC without volume", () => {
  test.use({ viewport: DESKTOP });
  test("draws candles and leaves out the empty volume pane", async ({ page }) => {
    const candles = await candlesOf(page, "OHLC-SAMPLE");
    expect(candles.some((c) => c.v != null && c.v > 0)).toBe(false);
    await page.goto("/t/OHLC-SAMPLE");
    const chart = await waitForChart(page);
    await expect(chart).toHaveAttribute("data-price-style", "candles");
    await expect(chart).toHaveAttribute("data-has-volume", "false");
    await saveScreenshot(page, "chart-ohlc-no-volume");
  });
});

for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
  test.describe(`one crosshair (${name})`, () => {
    test.use({ viewport });

    test("the price and volume panes and the tooltip name the same date after zoom and pan", async ({ page }) => {
      await useStoredTheme(page, "light");
      await page.goto("/t/SPX?from=2016-01-04&to=2018-12-31");
      const chart = await waitForChart(page);
      await chart.focus();
      // Zoom in twice and pan left: the case where the panes used to disagree.
      await page.keyboard.press("+");
      await page.keyboard.press("+");
      await page.keyboard.press("ArrowLeft");
      await expect(page).toHaveURL(/from=2016/);
      const box = (await chart.boundingBox())!;
      // Price pane (upper part), then volume pane (the strip above the slider), at several x positions.
      for (const [fx, fy] of [[0.3, 0.3], [0.62, 0.5], [0.45, box.height ? (box.height - 100) / box.height : 0.8], [0.8, (box.height - 100) / box.height]]) {
        await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 4 });
        const tooltipDate = page.locator("[data-tooltip-date]");
        await expect(tooltipDate).toBeVisible();
        const shown = await tooltipDate.getAttribute("data-tooltip-date");
        const pointers = ((await chart.getAttribute("data-pointer-dates")) ?? "").split(",");
        expect(pointers, `pointer dates at ${fx},${fy}`).toHaveLength(2);
        expect(pointers[0], "price and volume panes").toBe(pointers[1]);
        expect(shown, "tooltip and crosshair").toBe(pointers[0]);
      }
      await saveScreenshot(page, `chart-crosshair-${name}`);
    });
  });
}
