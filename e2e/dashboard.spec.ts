import { expect, test } from "@playwright/test";
import { sortTickers } from "../lib/chart/sort-tickers";
import type { Candle, TickerSummary } from "../lib/tickers/types";
import { saveScreenshot, useStoredTheme, waitForChart } from "./helpers";

test.describe("markets list", () => {
  test("shows the bundled S&P 500 sample with its badge and opens its chart", async ({ page }) => {
    await useStoredTheme(page, "light");
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Markets" })).toBeVisible();
    const row = page.locator('tr[data-symbol="SPX"]');
    await expect(row).toBeVisible();
    await expect(row.getByTitle(/Bundled sample data/)).toBeVisible();
    await expect(row.locator("svg[role=img]")).toBeVisible();
    await saveScreenshot(page, "list-light");

    await row.getByRole("link").click();
    await expect(page).toHaveURL(/\/t\/SPX/);
    await expect(page.getByRole("heading", { name: "SPX", level: 1 })).toBeVisible();
  });

  test("filters by the search box through a shareable URL", async ({ page }) => {
    await page.goto("/");
    const box = page.getByRole("searchbox", { name: /search tickers/i });
    await box.fill("s&p 500");
    await expect(page).toHaveURL(/\?q=s%26p(%20|\+)500/);
    await expect(page.locator('tr[data-symbol="SPX"]')).toBeVisible();
    const rows = page.locator("tbody tr");
    const count = await rows.count();
    for (let i = 0; i < count; i++) await expect(rows.nth(i)).toContainText(/S&P 500/i);

    await box.fill("no-such-ticker-zz");
    await expect(page.getByText(/No tickers match/)).toBeVisible();

    // The filtered view survives a reload from its URL alone.
    await page.goto("/?q=SPX");
    await expect(page.getByRole("searchbox", { name: /search tickers/i })).toHaveValue("SPX");
    await expect(page.locator('tr[data-symbol="SPX"]')).toBeVisible();
  });
});

test.describe("markets sorting", () => {
  test("a column header sorts the list both ways through the URL", async ({ page, request }) => {
    const tickers = (await (await request.get("/api/tickers")).json()) as TickerSummary[];
    const symbols = async () => page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-symbol")));
    await page.goto("/");
    await page.getByTestId("sort-change").click();
    await expect(page).toHaveURL(/sort=change&dir=desc/);
    await expect(page.locator("th[aria-sort=descending]")).toContainText("Change");
    await expect.poll(symbols).toEqual(sortTickers(tickers, { order: { sort: "change", dir: "desc" } }).slice(0, 50).map((t) => t.symbol));
    await page.getByTestId("sort-change").click();
    await expect(page).toHaveURL(/sort=change&dir=asc/);
    await expect.poll(symbols).toEqual(sortTickers(tickers, { order: { sort: "change", dir: "asc" } }).slice(0, 50).map((t) => t.symbol));
  });
});

test.describe("chart page", () => {
  test("draws one candle per row the candles API returns", async ({ page, request }) => {
    const api = await request.get("/api/tickers/SPX/candles");
    expect(api.ok()).toBe(true);
    const { candles } = (await api.json()) as { candles: Candle[] };
    expect(candles.length).toBeGreaterThan(5000);
    const complete = candles.filter((c) => c.o != null && c.h != null && c.l != null && c.c != null).length;

    await useStoredTheme(page, "light");
    await page.goto("/t/SPX");
    const chart = await waitForChart(page);
    await expect(chart).toHaveAttribute("data-candle-count", String(candles.length));
    await expect(chart).toHaveAttribute("data-drawn-count", String(complete));
    await saveScreenshot(page, "chart-light");
  });

  test("keeps zoom, log scale and moving averages in the URL", async ({ page }) => {
    await page.goto("/t/SPX?from=2008-01-02&to=2009-12-31");
    await waitForChart(page);
    await expect(page.getByText("2 Jan 2008 – 31 Dec 2009")).toBeVisible();

    await page.getByTestId("log-toggle").click();
    await expect(page.getByTestId("log-toggle")).toHaveAttribute("aria-pressed", "true");
    await page.getByTestId("ma-200").click();
    await expect(page).toHaveURL(/log=1/);
    await expect(page).toHaveURL(/ma=20,50(&|$)/);

    await page.getByRole("button", { name: "1Y" }).click();
    await expect(page).toHaveURL(/from=2019-04/);

    await page.reload();
    await waitForChart(page);
    await expect(page.getByTestId("log-toggle")).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("ma-200")).toHaveAttribute("aria-pressed", "false");
  });

  test("pans with the keyboard", async ({ page }) => {
    await page.goto("/t/SPX?from=2010-01-04&to=2010-12-31");
    const chart = await waitForChart(page);
    await chart.focus();
    await page.keyboard.press("ArrowLeft");
    await expect(page).toHaveURL(/from=2009-/);
  });

  test("answers an unknown symbol with a 404 page", async ({ page }) => {
    const response = await page.goto("/t/NO-SUCH-SYMBOL");
    expect(response?.status()).toBe(404);
    await expect(page.getByText("Unknown ticker")).toBeVisible();
  });
});

test.describe("themes", () => {
  test("toggles, remembers the choice and follows the system by default", async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: "dark" });
    const page = await context.newPage();
    await page.goto("/");
    // No stored choice: the system's dark preference wins.
    await expect(page.locator("html")).toHaveClass(/dark/);

    await page.getByTestId("theme-toggle").click();
    await expect(page.locator("html")).not.toHaveClass(/dark/);
    await page.reload();
    await expect(page.locator("html")).not.toHaveClass(/dark/);

    await page.getByTestId("theme-toggle").click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await saveScreenshot(page, "list-dark");

    await page.goto("/t/SPX");
    await waitForChart(page);
    await expect(page.locator("html")).toHaveClass(/dark/);
    await saveScreenshot(page, "chart-dark");
    await context.close();
  });

  test("fits a phone screen", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: "light", hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator('tr[data-symbol="SPX"]')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(page, "list-mobile");
    await page.goto("/t/SPX");
    await waitForChart(page);
    await saveScreenshot(page, "chart-mobile");
    await context.close();
  });
});
