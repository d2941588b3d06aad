import { expect, test } from "@playwright/test";
import { withArticle } from "../lib/chart/format";
import { SCAN_PATTERNS } from "../lib/model/scan-request-schema";
import { PRESETS } from "../lib/search/presets";
import { DESKTOP, PHONE, elementsWiderThanViewport, ensureActiveModel, saveScreenshot, useStoredTheme } from "./helpers";

test.describe("scan", () => {
  test.beforeEach(async ({ page }) => {
    await ensureActiveModel(page);
  });

  for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
    test(`shows a capped list as a cap, with one probability format (${name})`, async ({ browser }) => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await useStoredTheme(page, "light");
      // At 0% every ticker counts for its top class: the busiest pattern has more than one, and the link asks for one.
      let busiest = { pattern: "", label: "", matched: 0 };
      for (const pattern of SCAN_PATTERNS) {
        const body = (await (await page.request.get(`/api/scan?pattern=${pattern}&minProbability=0&lookback=60`)).json()) as { matched: number };
        if (body.matched > busiest.matched) busiest = { pattern, label: PRESETS.find((p) => p.name === pattern)?.label ?? pattern, matched: body.matched };
      }
      expect(busiest.matched, "some pattern holds two tickers of the sample data").toBeGreaterThan(1);
      await page.goto(`/scan?pattern=${busiest.pattern}&minProbability=0&lookback=60&limit=1`);
      await expect(page.getByTestId("scan-heading")).toHaveText(`Top 1 of ${busiest.matched} tickers forming ${withArticle(busiest.label.toLowerCase())}`);
      await expect(page.getByTestId("scan-cap")).toContainText("a scan lists at most 1");
      await expect(page.getByTestId("scan-card")).toHaveCount(1);
      // Probabilities all read with one decimal ("93.4%", never "100%" beside "100.0%").
      for (const text of await page.getByTestId("scan-card").locator("span[title='Probability of the pattern']").allTextContents()) {
        expect(text).toMatch(/^\d{1,3}\.\d%$/);
      }
      expect(await elementsWiderThanViewport(page)).toEqual([]);
      await saveScreenshot(page, `scan-capped-${name}`);

      // A hit opens its chart inside Scan (the header says so), with the way back to this scan.
      const scanUrl = page.url();
      await page.getByTestId("scan-card").first().getByRole("link").click();
      await expect(page).toHaveURL(/\/t\/.+via=scan/);
      const nav = page.getByRole("navigation", { name: "Main" });
      if (name === "desktop") {
        await expect(nav.getByRole("link", { name: "Scan" })).toHaveAttribute("aria-current", "page");
        await expect(nav.getByRole("link", { name: "Markets" })).not.toHaveAttribute("aria-current", "page");
      }
      await expect(page.getByTestId("back-to-results")).toHaveText("← Back to scan results");
      await page.getByTestId("back-to-results").click();
      await expect(page).toHaveURL(scanUrl);
      await context.close();
    });
  }

  test("shows every qualifying ticker without a cap note under the cap, with the right article", async ({ page }) => {
    await page.goto("/scan?pattern=inverse-head-and-shoulders&minProbability=0&lookback=60");
    await expect(page.getByTestId("scan-heading")).toHaveText(/^\d+ tickers? forming an inverse head and shoulders$/);
    await expect(page.getByTestId("scan-cap")).toHaveCount(0);
  });
});
