import { expect, test, type Page } from "@playwright/test";
import { drawHeadAndShoulders } from "./draw";
import { DESKTOP, PHONE, SCREENSHOT_DIR, elementsWiderThanViewport, ensureActiveModel, useStoredTheme } from "./helpers";

/** A screenshot of what the viewport shows (full pages of 20 cards are too tall to look at). */
const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOT_DIR}/screens-${name}.png` });

async function results(page: Page) {
  await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("match-card").first().locator("svg")).toBeVisible();
}

test.describe("search explains its matches", () => {
  test("each match card draws the query over the match, and a monthly range matched against daily data says so", async ({ page }) => {
    await page.goto("/search?type=preset&name=double-bottom");
    await results(page);
    const overlay = page.getByTestId("match-card").first().getByTestId("query-overlay");
    await expect(overlay).toBeVisible();
    expect(Number(await overlay.getAttribute("data-points"))).toBeGreaterThan(10);

    await page.goto("/search?type=range&symbol=AAPL-SAMPLE&from=2003-01-01&to=2005-12-31");
    await results(page);
    await expect(page.getByTestId("cadence-warning")).toContainText("The picked range is monthly data (AAPL-SAMPLE)");
  });
});

// The two sizes, one theme each (both themes of every admin page are in admin.spec; the dark desktop results in
// search.spec): one pass of six searches costs about a minute, so the passes are not doubled.
for (const [size, viewport, theme] of [["desktop", DESKTOP, "light"], ["phone", PHONE, "dark"]] as const) {
  test.describe(`screens at ${viewport.width}x${viewport.height}, ${theme}`, () => {
    test.use({ viewport });

    test("search: sketch, preset, range, sequence, outcome panel; scan; markets — none scrolls sideways", async ({ page }) => {
      test.setTimeout(240_000);
      await useStoredTheme(page, theme);
      const name = (what: string) => `${what}-${size}-${theme}`;
      const fits = async (what: string) => expect(await elementsWiderThanViewport(page), what).toEqual([]);

      await page.goto("/search");
      await drawHeadAndShoulders(page);
      await shot(page, name("search-sketch"));
      await fits("sketch");
      await page.getByTestId("run-search").click();
      await results(page);
      await page.getByTestId("search-results").scrollIntoViewIfNeeded();
      await shot(page, name("search-sketch-results"));
      await fits("sketch results");

      await page.getByRole("tab", { name: "Presets" }).click();
      await page.locator('[data-preset="double-bottom"]').click();
      await shot(page, name("search-preset"));
      await page.getByTestId("run-search").click();
      await results(page);
      const panel = page.getByTestId("outcome-panel");
      await expect(panel.getByTestId("fan-chart").locator("[data-ready=true]")).toBeVisible();
      await panel.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await shot(page, name("search-outcome"));
      await panel.getByTestId("fan-chart").screenshot({ path: `${SCREENSHOT_DIR}/screens-${name("fan-chart")}.png` });
      await fits("preset results");

      await page.goto("/search?type=range&symbol=SPX&from=2008-09-01&to=2008-12-31");
      await results(page);
      await shot(page, name("search-range"));
      await fits("range results");

      await page.goto("/search?type=sequence&pattern=GGGR");
      await expect(page.getByTestId("result-total")).toBeVisible({ timeout: 60_000 });
      await page.getByTestId("search-results").scrollIntoViewIfNeeded();
      await shot(page, name("search-sequence"));
      await fits("sequence results");

      await ensureActiveModel(page);
      await page.goto("/scan?pattern=double-bottom&minProbability=0.5&lookback=60");
      await expect(page.getByTestId("scan-results").or(page.getByTestId("scan-error"))).toBeVisible({ timeout: 60_000 });
      await shot(page, name("scan"));
      await fits("scan");

      await page.goto("/?sort=change&dir=desc");
      await expect(page.getByTestId("ticker-table")).toBeVisible();
      await shot(page, name("markets"));
      await fits("markets");
    });
  });
}
