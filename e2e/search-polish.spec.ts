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

for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
  test.describe(`search errors on the field (${name})`, () => {
    test.use({ viewport });

    test("a rejected search puts the API's error in words beside the control, and editing it clears it", async ({ page }) => {
      await page.goto("/search?type=range&symbol=ZZZZ&from=2010-01-04&to=2010-03-01");
      await expect(page.getByTestId("field-error-range-symbol")).toHaveText("There is no ticker ZZZZ. Pick one from the list.", { timeout: 60_000 });
      await expect(page.locator("#range-symbol")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByTestId("search-error")).toContainText("There is no ticker ZZZZ");
      // A failed search is not a recent search.
      await expect(page.getByRole("region", { name: "Recent searches" })).not.toContainText("ZZZZ");
      await page.locator("#range-symbol").fill("SPX");
      await expect(page.getByTestId("field-error-range-symbol")).toHaveCount(0);

      // A range outside the ticker's data says where its data is.
      await page.locator("#range-from").fill("1980-01-01");
      await page.locator("#range-to").fill("1980-02-01");
      await page.getByTestId("run-search").click();
      await expect(page.getByTestId("field-error-range-from")).toContainText(/^This range holds no candles of SPX; pick at least 5\. SPX has data from \d+ \w+ \d{4} to \d+ \w+ \d{4}\.$/);
      await page.getByTestId("field-error-range-from").scrollIntoViewIfNeeded();
      expect(await elementsWiderThanViewport(page)).toEqual([]);
      await page.screenshot({ path: `e2e/screenshots/search-field-error-range-${name}.png` });
    });

    test("min length above max length, and a drawing too short to be a shape, are marked on their controls", async ({ page }) => {
      await page.goto("/search");
      const canvas = page.getByTestId("sketch-canvas");
      const box = (await canvas.boundingBox())!;
      // A stroke across a tenth of the pad is not a shape.
      await page.mouse.move(box.x + 20, box.y + 60);
      await page.mouse.down();
      for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + 20 + i * (box.width / 90), box.y + 60 + i * 4);
      await page.mouse.up();
      await page.getByTestId("run-search").click();
      await expect(page.getByTestId("field-error-query")).toHaveText("The drawing is too short: draw across more of the pad, from left to right.");

      await page.getByRole("tab", { name: "Presets" }).click();
      await expect(page.getByTestId("field-error-query")).toHaveCount(0);
      await page.locator('[data-preset="double-bottom"]').click();
      await page.getByLabel("Min length").fill("80");
      await page.getByLabel("Max length").fill("40");
      await page.getByTestId("run-search").click();
      await expect(page.getByTestId("field-error-opt-min")).toHaveText("Min length is longer than max length.", { timeout: 60_000 });
      await page.getByTestId("field-error-opt-min").scrollIntoViewIfNeeded();
      expect(await elementsWiderThanViewport(page)).toEqual([]);
      await page.screenshot({ path: `e2e/screenshots/search-field-error-length-${name}.png` });
      await page.getByLabel("Max length").fill("120");
      await page.getByLabel("Min length").fill("30");
      await expect(page.getByTestId("field-error-opt-min")).toHaveCount(0);
    });
  });
}

test.describe("search on a 390 px phone", () => {
  test.use({ viewport: PHONE });

  test("the page never scrolls sideways, before and after a search, and Copy link says Copied", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await useStoredTheme(page, "light");
    await page.goto("/search");
    expect(await elementsWiderThanViewport(page)).toEqual([]);
    for (const tab of ["Presets", "Candle sequence", "Chart range"]) {
      await page.getByRole("tab", { name: tab }).click();
      expect(await elementsWiderThanViewport(page), tab).toEqual([]);
    }
    await page.getByRole("tab", { name: "Presets" }).click();
    await page.locator('[data-preset="double-bottom"]').click();
    await page.getByTestId("run-search").click();
    await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("match-card").first().locator("svg")).toBeVisible();
    expect(await elementsWiderThanViewport(page)).toEqual([]);
    await page.getByTestId("copy-link").click();
    await expect(page.getByTestId("copy-link")).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
    await saveScreenshot(page, "search-results-phone-light");
  });
});

test.describe("outcome statistics", () => {
  for (const theme of ["light", "dark"] as const) {
    test(`a fan chart against the base rate, a verdict honest about the sample, and the engine that answered (${theme})`, async ({ page }) => {
      await useStoredTheme(page, theme);
      await page.goto("/search");
      await page.getByRole("tab", { name: "Presets" }).click();
      await page.locator('[data-preset="double-bottom"]').click();
      await page.getByTestId("run-search").click();
      await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
      await expect(page.getByTestId("result-engine")).toHaveText(/^Automatic: (exact shape|flexible timing)/);

      const panel = page.getByTestId("outcome-panel");
      const fan = panel.getByTestId("fan-chart");
      await expect(fan.locator("[data-ready=true]")).toBeVisible();
      await expect(fan.locator("canvas").first()).toBeVisible();
      await expect(fan).toContainText("Base rate (same tickers and period)");
      await page.getByTestId("outcome-panel").scrollIntoViewIfNeeded();
      // The API's own numbers decide the headline and the sample sentence.
      const body = (await (await page.request.post("/api/search", { data: { query: { type: "preset", name: "double-bottom" } } })).json()) as { outcomeStats: { verdict: { kind: string }; horizon: number; horizons: { horizon: number; n: number; effectiveN: number }[] } };
      const stats = body.outcomeStats;
      const asked = stats.horizons.find((h) => h.horizon === stats.horizon)!;
      await expect(panel.getByTestId("edge-verdict")).toHaveAttribute("data-kind", stats.verdict.kind);
      if (stats.verdict.kind === "too-few") await expect(panel.getByTestId("verdict-headline")).toHaveText("Too few matches to say");
      await expect(panel.getByTestId("verdict-sample")).toContainText(`${asked.n} matches with ${stats.horizon} trading days after them`);
      if (asked.effectiveN < asked.n) await expect(panel.getByTestId("verdict-sample")).toContainText(`count as ${asked.effectiveN} independent`);
      await expect(panel.getByTestId("base-rates")).toContainText("Base rate, same tickers and period");
      await expect(panel.getByTestId("horizons-table").locator("tbody tr")).toHaveCount(stats.horizons.length);
      await expect(panel.getByTestId("verdict-caveats")).toContainText("windows at");
      await panel.screenshot({ path: `e2e/screenshots/outcome-fan-${theme}.png` });
    });
  }

  test("statistics over every window above a similarity the investor sets, kept in the link", async ({ page }) => {
    await page.goto("/search");
    await page.getByRole("tab", { name: "Presets" }).click();
    await page.locator('[data-preset="double-bottom"]').click();
    await page.getByLabel("Statistics over every window at least (% similar)").fill("40");
    const sent = page.waitForRequest((r) => r.url().endsWith("/api/search") && r.method() === "POST");
    await page.getByTestId("run-search").click();
    expect((await sent).postDataJSON()).toMatchObject({ query: { type: "preset", name: "double-bottom" }, outcomes: { minSimilarity: 0.4 } });
    await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("outcome-panel").getByTestId("verdict-caveats")).toContainText(/Every window at least 40% similar: [\d,]+ windows; counting overlapping windows on a ticker once leaves [\d,]+\./);
    await expect(page).toHaveURL(/[?&]sim=40(&|$)/);
    // Recent searches tell this one apart from the plain double bottom.
    await expect(page.getByRole("region", { name: "Recent searches" })).toContainText("Double bottom · stats ≥ 40%");
    await page.getByTestId("outcome-panel").screenshot({ path: "e2e/screenshots/outcome-threshold.png" });

    // A candle sequence already counts every occurrence: the control is off there.
    await page.getByRole("tab", { name: "Candle sequence" }).click();
    await expect(page.getByLabel("Statistics over every window at least (% similar)")).toBeDisabled();
  });
});
