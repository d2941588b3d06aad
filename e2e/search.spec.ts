import { expect, test } from "@playwright/test";
import type { Candle, TickerSummary } from "../lib/tickers/types";
import { drawHeadAndShoulders } from "./draw";
import { saveScreenshot, useStoredTheme, waitForChart } from "./helpers";

test.describe("search page", () => {
  test("draws a shape, lists ranked matches and the outcome panel, and shares the search by URL", async ({ page }) => {
    await useStoredTheme(page, "light");
    await page.goto("/search");
    await expect(page.getByRole("heading", { name: "Search patterns" })).toBeVisible();
    await saveScreenshot(page, "search-empty-light");

    await drawHeadAndShoulders(page);
    // the pad shows how the search reads the drawing: a head and shoulders turns five times
    await expect(page.getByTestId("sketch-reading")).toHaveAttribute("data-turns", "5");
    await expect(page.getByTestId("sketch-reading")).toContainText("Read as 6 rises and falls");
    await page.getByTestId("run-search").click();
    await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
    const cards = page.getByTestId("match-card");
    await expect(cards.first()).toBeVisible();
    expect(await cards.count()).toBeGreaterThan(0);
    await expect(page.getByTestId("outcome-panel")).toBeVisible();
    await expect(page.getByTestId("edge-verdict")).not.toBeEmpty();
    await expect(page).toHaveURL(/type=sketch&p=/);
    // A drawn shape lists one match per ticker by default; a ticker's other windows open from its card.
    await expect(page.getByTestId("opt-per-ticker")).toBeChecked();
    const symbols = await cards.evaluateAll((els) => els.map((e) => e.dataset.symbol!));
    expect(new Set(symbols).size).toBe(symbols.length);
    const more = page.getByTestId("same-ticker").first();
    await more.locator("summary").click();
    await expect(more.getByRole("link").first()).toBeVisible();
    // Let the mini charts load before the screenshot.
    await expect(cards.first().locator("svg")).toBeVisible();
    await saveScreenshot(page, "search-results-light");
    await page.getByTestId("outcome-panel").screenshot({ path: "e2e/screenshots/outcome-light.png" });

    // The URL alone reproduces the search, and it is listed under recent searches.
    const url = page.url();
    await page.goto(url);
    await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("region", { name: "Recent searches" }).getByText("Drawn shape").first()).toBeVisible();

    // A result opens that ticker's chart at the match, highlighted.
    const first = cards.first();
    const symbol = await first.getAttribute("data-symbol");
    const start = await first.getAttribute("data-start");
    const end = await first.getAttribute("data-end");
    await first.getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/t/${symbol}\\?hl=${start}\\.\\.`));
    const chart = await waitForChart(page);
    // The matched range is shaded on the candle chart, from its first to its last candle.
    await expect(chart).toHaveAttribute("data-highlight", `${start}..${end}`);
    // The header still says where the investor is (in Search, not Markets), and the URL keeps that through zooms.
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Search" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Markets" })).not.toHaveAttribute("aria-current", "page");
    await chart.focus();
    await page.keyboard.press("-");
    await expect(page).toHaveURL(/from=.*&via=search/);
    // ...with the way back to the results.
    await expect(page.getByTestId("back-to-results")).toHaveText("← Back to search results");
    await page.getByTestId("back-to-results").click();
    await expect(page).toHaveURL(/\/search\?type=sketch&p=/);
  });

  test("runs a preset from the gallery, in the dark theme", async ({ page }) => {
    await useStoredTheme(page, "dark");
    await page.goto("/search");
    await page.getByRole("tab", { name: "Presets" }).click();
    await page.locator('[data-preset="double-bottom"]').click();
    await page.getByTestId("run-search").click();
    await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("match-card").first().locator("svg")).toBeVisible();
    await saveScreenshot(page, "search-results-dark");
    await page.getByTestId("outcome-panel").screenshot({ path: "e2e/screenshots/outcome-dark.png" });
  });

  test("counts a candle sequence exactly", async ({ page, request }) => {
    // The expected count, computed here from the candles API the same way planted.mjs counts (overlaps included).
    const tickers = (await (await request.get("/api/tickers")).json()) as TickerSummary[];
    let expected = 0;
    for (const t of tickers) {
      const { candles } = (await (await request.get(`/api/tickers/${encodeURIComponent(t.symbol)}/candles`)).json()) as { candles: Candle[] };
      const colours = candles.map((c) => (!(c.o! > 0) || !(c.c! > 0) ? "?" : c.c! > c.o! ? "G" : c.c! < c.o! ? "R" : "D")).join("");
      for (let i = colours.indexOf("GGGR"); i >= 0; i = colours.indexOf("GGGR", i + 1)) expected++;
    }

    await page.goto("/search");
    await page.getByRole("tab", { name: "Candle sequence" }).click();
    await page.getByRole("button", { name: "Clear", exact: true }).click();
    for (const l of ["G", "G", "G", "R"]) await page.getByTestId(`add-${l}`).click();
    await expect(page.getByTestId("sequence-pattern")).toHaveText("GGGR");
    await page.getByTestId("run-search").click();
    await expect(page.getByTestId("result-total")).toHaveText(expected.toLocaleString("en-US"), { timeout: 60_000 });
    // the outcome statistics read every occurrence (a uniform sample past 2,000), not only the latest listed
    const caveats = page.getByTestId("outcome-panel").getByTestId("verdict-caveats");
    await expect(caveats).toContainText(expected <= 2000 ? `cover every occurrence of the sequence (${expected.toLocaleString("en-US")})` : `a uniform sample of 2,000 of the ${expected.toLocaleString("en-US")} occurrences`);
    await saveScreenshot(page, "search-sequence-outcomes");
  });

  test("picks a range on a chart and finds similar stretches elsewhere", async ({ page }) => {
    await page.goto("/t/SPX?from=2007-01-03&to=2009-12-31");
    const chart = await waitForChart(page);
    await page.getByTestId("select-range").click();
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.3 + i * 0.025), box.y + box.height * 0.35);
    await page.mouse.up();
    const find = page.getByTestId("find-similar");
    await expect(find).toBeVisible();
    const href = (await find.getAttribute("href"))!;
    const picked = new URL(href, "http://x").searchParams;
    await find.click();
    await expect(page).toHaveURL(/\/search\?type=range&symbol=SPX/);
    await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
    const cards = page.getByTestId("match-card");
    expect(await cards.count()).toBeGreaterThan(0);
    // The picked window itself is never a result.
    const own = page.locator(`[data-testid=match-card][data-symbol=SPX][data-start="${picked.get("from")}"][data-end="${picked.get("to")}"]`);
    await expect(own).toHaveCount(0);
    // The results follow the (short) range editor at once, not below the taller options column beside it.
    const editorBottom = await page.getByRole("form", { name: "Pattern search" }).evaluate((e) => e.getBoundingClientRect().bottom);
    const resultsTop = await page.getByTestId("search-results").evaluate((e) => e.getBoundingClientRect().top);
    expect(resultsTop - editorBottom).toBeLessThan(60);

    // The Chart range tab shows the picked stretch itself, counted, and says so when the symbol names no ticker.
    const preview = page.getByTestId("range-preview");
    await expect(preview).toHaveAttribute("data-state", "ready");
    const caption = (await preview.locator("figcaption").textContent())!;
    const count = Number(/(\d+) candles/.exec(caption)?.[1]);
    expect(count).toBeGreaterThanOrEqual(5);
    await expect(preview.locator("svg rect[fill='var(--up)'], svg rect[fill='var(--down)']")).not.toHaveCount(0);
    await page.locator("#range-symbol").fill("NOSUCHTICKER");
    await expect(preview).toHaveAttribute("data-state", "failed");
    await expect(preview).toContainText("Unknown symbol: NOSUCHTICKER");
  });

  test("shows a clear error for a query the server rejects", async ({ page }) => {
    await page.goto("/search?type=range&symbol=NOPE&from=2010-01-04&to=2010-03-01");
    await expect(page.getByTestId("search-error")).toBeVisible({ timeout: 60_000 });
  });
});
