import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { toDayNumber } from "@/lib/search/dates";
import type { TickerColumns } from "@/lib/search/types";
import { loadSearchIndex, type LoadProgress } from "@/lib/search-server/load-search-index";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows, type Row } from "@/tests/helpers/seed-rows";

const hasPostgres = await postgresAvailable();

const nan = (v: number | null) => (v === null ? NaN : v);
function columnsOf(symbol: string, rows: Row[], scalars?: Record<string, [string, number][]>): TickerColumns {
  return {
    symbol,
    days: Int32Array.from(rows, (r) => toDayNumber(r[0])),
    open: Float64Array.from(rows, (r) => nan(r[1])),
    high: Float64Array.from(rows, (r) => nan(r[2])),
    low: Float64Array.from(rows, (r) => nan(r[3])),
    close: Float64Array.from(rows, (r) => nan(r[4])),
    volume: Float64Array.from(rows, (r) => nan(r[5])),
    scalars: Object.fromEntries(Object.entries(scalars ?? {}).map(([k, pts]) => [k, { days: Int32Array.from(pts, (p) => toDayNumber(p[0])), values: Float64Array.from(pts, (p) => p[1]) }])),
  };
}

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("loadSearchIndex on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  const tickers: TickerColumns[] = [];

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    // Inserted out of order, with symbols a database collation sorts differently from JavaScript ("aaa" vs "AAB").
    const specs: [string, number, number][] = [["ZED", 300, 1], ["aaa", 40, 2], ["AAB", 700, 3], ["MID", 1, 4], ["B.1", 520, 5]];
    for (const [symbol, count, seed] of specs) {
      const rows = makeDailyRows("2019-11-01", count, seed);
      if (symbol === "AAB") rows[10]![4] = null; // a missing close stays missing
      const scalars = symbol === "MID" ? { revenue: [["2019-12-31", 5], ["2020-03-31", 7]] as [string, number][] } : undefined;
      await insertDailySeries(t.db, symbol, rows, { scalars });
      tickers.push(columnsOf(symbol, rows, scalars));
    }
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
  });

  it.skipIf(skip)("reads the tickers a few per query into the same index as one build of all their rows, and reports its progress", async () => {
    const progress: LoadProgress[] = [];
    const index = await loadSearchIndex(t.db, { tickersPerQuery: 2, onProgress: (p) => progress.push(p) });
    const expected = buildIndex({ tickers });
    expect(index.symbols).toEqual(["AAB", "B.1", "MID", "ZED", "aaa"]);
    expect(index.symbols).toEqual(expected.symbols);
    expect(Array.from(index.offsets)).toEqual(Array.from(expected.offsets));
    expect(Array.from(index.days)).toEqual(Array.from(expected.days));
    for (const f of ["open", "high", "low", "close", "volume"] as const) expect(Array.from(index.fields[f])).toEqual(Array.from(expected.fields[f]));
    expect(Number.isNaN(index.fields.close[index.offsets[0]! + 10]!)).toBe(true);
    const revenue = index.scalars.get("revenue")!;
    expect(Array.from(revenue.values)).toEqual([5, 7]);
    expect(Array.from(revenue.offsets)).toEqual([0, 0, 0, 2, 2, 2]);
    // one report before the first batch, then one per batch of two tickers
    expect(progress.map((p) => p.tickers)).toEqual([0, 2, 4, 5]);
    expect(progress.at(-1)).toEqual({ tickers: 5, totalTickers: 5, candles: expected.candles, totalCandles: expected.candles });
  });
});
