import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { drawHeadAndShoulders } from "./draw";
import { saveScreenshot, waitForChart } from "./helpers";

// Planted shapes from the shared benchmark, imported into the running test server through the product's own CLI.
// Resolved through symlinks: planted.mjs only runs its command when argv[1] is its real path.
const sharedDir = process.env.PATTERNSCOPE_SHARED ?? path.resolve("..", "shared");
const SHARED = fs.existsSync(sharedDir) ? fs.realpathSync(sharedDir) : sharedDir;
const BENCH = path.join(SHARED, "bench", "planted.mjs");
const SOURCE = path.join(SHARED, "data", "all_stocks_5yr.csv.gz");
const OUT = path.join("test-results", "planted");

type Instance = { symbol: string; shape: string; start: string; end: string; length: number };

const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
/** Intersection over union of two date ranges, in calendar days (as planted.mjs scores). */
function iou(a0: string, a1: string, b0: string, b1: string): number {
  const inter = Math.max(0, Math.min(day(a1), day(b1)) - Math.max(day(a0), day(b0)) + 1);
  return inter / (Math.max(day(a1), day(b1)) - Math.min(day(a0), day(b0)) + 1);
}

test.describe("planted patterns", () => {
  test.skip(!fs.existsSync(BENCH) || !fs.existsSync(SOURCE), "../shared/bench/planted.mjs or ../shared/data is absent: planted-pattern e2e skipped");
  test.describe.configure({ mode: "serial" });

  let instances: Instance[] = [];
  let symbols: string[] = [];

  test.beforeAll(async ({ request }) => {
    test.setTimeout(240_000);
    execFileSync(process.execPath, [BENCH, "generate", "--src", SOURCE, "--out", OUT, "--seed", "11", "--tickers", "4", "--per-shape", "2", "--difficulty", "easy"], { stdio: "pipe" });
    const truth = JSON.parse(fs.readFileSync(path.join(OUT, "truth.json"), "utf8")) as { symbols: string[]; instances: Instance[] };
    instances = truth.instances;
    symbols = truth.symbols;
    const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_PORT: process.env.E2E_PGLITE_PORT ?? "5599", PGLITE_DIR: process.env.E2E_PGLITE_DIR ?? "" };
    if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
    execFileSync("npm", ["run", "import", "--", path.join(OUT, "planted.csv")], { stdio: "pipe", env });
    // The search index refreshes itself after an import; wait until it knows the planted tickers.
    await expect
      .poll(async () => (await request.post("/api/search", { data: { query: { type: "preset", name: "double-top" }, symbols, topK: 1 } })).status(), { timeout: 90_000, intervals: [1000] })
      .toBe(200);
  });

  test("a head-and-shoulders drawn with the mouse finds the planted one", async ({ page }) => {
    await page.goto("/search");
    await drawHeadAndShoulders(page);
    await page.getByLabel("Tickers (empty = all)").fill(symbols.join(", "));
    await page.getByTestId("run-search").click();
    await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
    const cards = page.getByTestId("match-card");
    await expect(cards.first()).toBeVisible();
    const found = await cards.evaluateAll((els) => els.map((e) => ({ symbol: e.dataset.symbol!, start: e.dataset.start!, end: e.dataset.end! })));
    const planted = instances.filter((i) => i.shape === "head-and-shoulders");
    const hits = planted.filter((p) => found.some((m) => m.symbol === p.symbol && iou(m.start, m.end, p.start, p.end) >= 0.5));
    expect(hits.length, `matches: ${JSON.stringify(found.slice(0, 5))}`).toBeGreaterThan(0);
    await saveScreenshot(page, "planted-sketch-results");
  });

  test("picking a planted double top on one chart finds its twin in another ticker", async ({ page }) => {
    const tops = instances.filter((i) => i.shape === "double-top");
    const [picked, twin] = [tops[0], tops.find((t) => t.symbol !== tops[0].symbol)];
    test.skip(!twin, "this plant has no double top in a second ticker");
    await page.goto(`/t/${picked.symbol}?from=${picked.start}&to=${picked.end}`);
    await waitForChart(page);
    await page.getByTestId("select-range").click();
    await page.getByRole("button", { name: "use the visible range" }).click();
    await page.getByTestId("find-similar").click();
    await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
    const found = await page.getByTestId("match-card").evaluateAll((els) => els.map((e) => ({ symbol: e.dataset.symbol!, start: e.dataset.start!, end: e.dataset.end! })));
    const hit = found.some((m) => m.symbol === twin!.symbol && iou(m.start, m.end, twin!.start, twin!.end) >= 0.5);
    expect(hit, `twin ${JSON.stringify(twin)} not in ${JSON.stringify(found.slice(0, 8))}`).toBe(true);
  });
});
