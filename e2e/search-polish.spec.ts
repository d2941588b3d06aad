import { expect, test } from "@playwright/test";
import { DESKTOP, PHONE, elementsWiderThanViewport, saveScreenshot, useStoredTheme } from "./helpers";

for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
  test.describe(`search polish (${name})`, () => {
    test.use({ viewport });

    test("the outcome histogram has axes, counts, a hover readout and a labelled base rate", async ({ page }) => {
      await useStoredTheme(page, "light");
      await page.goto("/search");
      await page.getByRole("tab", { name: "Presets" }).click();
      await page.locator('[data-preset="double-bottom"]').click();
      await page.getByTestId("run-search").click();
      await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
      const panel = page.getByTestId("outcome-panel");
      const histogram = panel.getByTestId("outcome-histogram");
      await expect(histogram).toContainText("Return 20 trading days after the match");
      await expect(histogram).toContainText("number of matches");
      const bins = histogram.getByTestId("histogram-bin");
      const counts = (await bins.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-count")))));
      await expect(histogram.getByTestId("histogram-max-count")).toHaveText(String(Math.max(...counts)));
      // Hovering the tallest bar reads out its range and count.
      const tallest = counts.indexOf(Math.max(...counts));
      await bins.nth(tallest).hover();
      await expect(histogram.getByTestId("histogram-readout")).toHaveText(new RegExp(`: ${counts[tallest]} match(es)?$`));
      await expect(panel).toContainText("base rate");
      await expect(panel).not.toContainText(/\bvs\b/);
      // The panel itself fits (the rest of the search page is being split by the recut; its own check follows then).
      expect(await elementsWiderThanViewport(page, "[data-testid=outcome-panel]")).toEqual([]);
      await panel.screenshot({ path: `e2e/screenshots/outcome-histogram-${name}.png` });
    });

    test("switching the sequence colouring says what the letters mean now", async ({ page }) => {
      await useStoredTheme(page, "light");
      await page.goto("/search");
      await page.getByRole("tab", { name: "Candle sequence" }).click();
      await page.getByRole("button", { name: "Clear", exact: true }).click();
      for (const l of ["G", "G", "D", "R"]) await page.getByTestId(`add-${l}`).click();
      const legend = page.getByTestId("sequence-legend");
      await expect(legend).toContainText("close below open");
      await page.getByRole("button", { name: "Change vs previous close" }).click();
      await expect(page.getByTestId("sequence-pattern")).toHaveText("GGOR");
      await expect(page.getByTestId("sequence-notice")).toHaveText(
        "Now colouring by change vs previous close: G = up on the previous close, O = a drop of up to 7%, R = a drop of more than 7%. 1 doji became orange.",
      );
      await expect(legend).toContainText("a drop of more than 7%");
      await saveScreenshot(page, `search-sequence-switch-${name}`);
    });
  });
}
