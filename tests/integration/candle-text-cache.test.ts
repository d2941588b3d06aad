import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCandleTextCache } from "@/lib/candles/candle-chunk-text";
import { getCandlesJson } from "@/lib/candles/get-candles-json";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows, type Row } from "@/tests/helpers/seed-rows";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

const candlesOf = (rows: Row[]) => rows.map(([t, o, h, l, c, v]) => ({ t, o, h, l, c, v }));

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("candles text cache on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  const rows = makeDailyRows("2014-06-02", 700, 4); // yearly chunks 2014-2017

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    await insertDailySeries(t.db, "CCC", rows);
  });
  afterAll(async () => t?.drop());

  const read = async (cache: ReturnType<typeof createCandleTextCache>, from?: string, to?: string) =>
    JSON.parse((await getCandlesJson(t.db, { symbol: "CCC", from, to }, cache)).body.toString("utf8")) as { symbol: string; candles: unknown[] };

  it.skipIf(skip)("answers repeat and range reads from cached chunks exactly as a first read", async () => {
    const cache = createCandleTextCache();
    const first = await read(cache);
    expect(first).toEqual({ symbol: "CCC", candles: candlesOf(rows) });
    expect(cache.get("CCC")?.size).toBe(new Set(rows.map((r) => r[0].slice(0, 4))).size);
    expect(await read(cache)).toEqual(first);
    // ranges whose edges fall inside chunks, across a year boundary, and outside the data
    const within = (from: string, to: string) => candlesOf(rows.filter((r) => r[0] >= from && r[0] <= to));
    for (const [from, to] of [["2014-12-15", "2015-01-15"], ["2015-03-04", "2015-03-04"], ["2016-01-01", "2099-01-01"], ["2010-01-01", "2011-01-01"]] as const) {
      expect((await read(cache, from, to)).candles).toEqual(within(from, to));
      expect((await read(createCandleTextCache(), from, to)).candles).toEqual(within(from, to));
    }
  });

  it.skipIf(skip)("never serves a chunk that changed since it was cached", async () => {
    const cache = createCandleTextCache();
    await read(cache);
    await t.db.$executeRaw`
      UPDATE series_chunk SET rows = jsonb_set(rows, '{0,4}', '12345.5'::jsonb)
      WHERE year = 2015 AND series_id = (SELECT s.id FROM series s JOIN ticker k ON k.id = s.ticker_id WHERE k.symbol = 'CCC')`;
    const changed = rows.findIndex((r) => r[0].startsWith("2015"));
    const after = await read(cache);
    expect(after.candles[changed]).toMatchObject({ t: rows[changed]![0], c: 12345.5 });
    expect(after.candles).toHaveLength(rows.length);

    // the ticker deleted and stored again under the same symbol: its new rows, not the cached ones
    await t.db.$executeRaw`DELETE FROM ticker WHERE symbol = 'CCC'`;
    const again = makeDailyRows("2014-06-02", 300, 9);
    await insertDailySeries(t.db, "CCC", again);
    expect((await read(cache)).candles).toEqual(candlesOf(again));
  });
});
