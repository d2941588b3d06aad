import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { fromDayNumber, toDayNumber } from "@/lib/search/dates";
import { samplePreset } from "@/lib/search/presets";
import { randomWalk, rng } from "@/lib/search/testing/random";
import { runSearchRequest } from "@/lib/search-server/run-search-request";
import { REFRESH_CHECK_MS } from "@/lib/search-server/get-search-index";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres search runs");

type Candle = [string, number | null, number | null, number | null, number | null, number | null];

/** Weekday candles from 2015-01-05 with a head-and-shoulders of 60 candles planted at `plantAt` (if given). */
function makeCandles(seed: number, n: number, plantAt?: number): Candle[] {
  const r = rng(seed);
  const close = randomWalk(r, n, 50, 0.015);
  if (plantAt !== undefined) {
    const shape = samplePreset({ name: "head-and-shoulders", n: 60 });
    const base = close[plantAt];
    for (let i = 0; i < 60; i++) close[plantAt + i] = base * Math.exp(0.3 * (shape[i] - shape[0]));
  }
  const out: Candle[] = [];
  let day = toDayNumber("2015-01-05");
  for (let i = 0; i < n; i++) {
    while ([0, 6].includes(new Date(day * 864e5).getUTCDay())) day++;
    const c = close[i];
    const o = i ? close[i - 1] : c;
    out.push([fromDayNumber(day), o, Math.max(o, c) * 1.01, Math.min(o, c) * 0.99, c, 1000 + i]);
    day++;
  }
  out[100][4] = null; // one missing close: windows over it are skipped
  return out;
}

async function insertTicker(t: TestDatabase, symbol: string, candles: Candle[]) {
  const [ticker] = await t.db.$queryRaw<{ id: number }[]>`INSERT INTO ticker (symbol, name) VALUES (${symbol}, ${symbol}) RETURNING id`;
  const [series] = await t.db.$queryRaw<{ id: number }[]>`
    INSERT INTO series (ticker_id, name, kind, first, last, count)
    VALUES (${ticker.id}, 'daily', 'ohlcv', ${candles[0][0]}::date, ${candles.at(-1)![0]}::date, ${candles.length}) RETURNING id`;
  const years = new Map<number, Candle[]>();
  for (const c of candles) {
    const y = Number(c[0].slice(0, 4));
    if (!years.has(y)) years.set(y, []);
    years.get(y)!.push(c);
  }
  for (const [year, rows] of years) {
    await t.db.$executeRaw`
      INSERT INTO series_chunk (series_id, year, first, last, count, rows)
      VALUES (${series.id}, ${year}, ${rows[0][0]}::date, ${rows.at(-1)![0]}::date, ${rows.length}, ${JSON.stringify(rows)}::jsonb)`;
  }
}

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("POST /api/search engine on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  const aaa = makeCandles(1, 400, 200);
  beforeAll(async () => {
    if (skip) return;
    t = await create();
    await insertTicker(t, "AAA", aaa);
    await insertTicker(t, "BBB", makeCandles(2, 400));
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.skipIf(skip)("finds the planted head-and-shoulders with outcomes against the base rate", async () => {
    const res = await runSearchRequest(t.db, { body: { query: { type: "preset", name: "head-and-shoulders" }, method: "zned", minLength: 50, maxLength: 70, topK: 5 } });
    expect(res.method).toBe("zned");
    expect(res.searched).toEqual({ series: 2, candles: 800 });
    const best = res.matches[0];
    expect(best.symbol).toBe("AAA");
    expect(Math.abs(toDayNumber(best.start) - toDayNumber(aaa[200][0]))).toBeLessThanOrEqual(7);
    expect(best.score).toBeGreaterThan(0.95);
    expect(best.forward.days).toBe(20);
    const endIndex = aaa.findIndex((c) => c[0] === best.end);
    expect(best.forward.return).toBeCloseTo((aaa[endIndex + 20][4] as number) / (aaa[endIndex][4] as number) - 1, 5);
    const asked = res.outcomeStats!.horizons.find((o) => o.horizon === 20)!;
    expect(asked.n).toBe(res.matches.filter((m) => m.forward.return !== null).length);
    expect(asked.base.period.mean).not.toBeNull();
    expect(asked.base.all.mean).not.toBeNull();
    for (const m of res.matches) {
      expect(m.start < m.end).toBe(true);
      // no window over the missing close of each ticker
      const missing = (m.symbol === "AAA" ? aaa : makeCandles(2, 400))[100][0];
      expect(m.start > missing || m.end < missing).toBe(true);
    }
  });

  it.skipIf(skip)("answers a range query without returning its own window, and DTW finds the plant too", async () => {
    const res = await runSearchRequest(t.db, { body: { query: { type: "range", symbol: "AAA", from: aaa[200][0], to: aaa[259][0] }, method: "dtw", topK: 3 } });
    expect(res.method).toBe("dtw");
    for (const m of res.matches) if (m.symbol === "AAA") expect(m.end < aaa[200][0] || m.start > aaa[259][0]).toBe(true);
    const dtw = await runSearchRequest(t.db, { body: { query: { type: "sketch", points: samplePreset({ name: "head-and-shoulders", n: 30 }) }, method: "dtw", minLength: 55, maxLength: 65, topK: 2 } });
    expect(dtw.matches[0].symbol).toBe("AAA");
  });

  it.skipIf(skip)("counts candle sequences exactly and lists the latest first", async () => {
    const res = await runSearchRequest(t.db, { body: { query: { type: "sequence", pattern: "GGR" }, topK: 500 } });
    const count = (rows: Candle[]) => {
      const col = rows.map((c) => (!((c[1] ?? 0) > 0) || !((c[4] ?? 0) > 0) ? "?" : c[4]! > c[1]! ? "G" : c[4]! < c[1]! ? "R" : "D")).join("");
      let n = 0;
      for (let i = col.indexOf("GGR"); i >= 0; i = col.indexOf("GGR", i + 1)) n++;
      return n;
    };
    expect(res.total).toBe(count(aaa) + count(makeCandles(2, 400)));
    expect(res.matches.map((m) => m.end)).toEqual([...res.matches.map((m) => m.end)].sort().reverse());
  });

  it.skipIf(skip)("rejects unknown symbols with a 400 naming the field", async () => {
    await expect(runSearchRequest(t.db, { body: { query: { type: "range", symbol: "NOPE", from: "2015-01-01", to: "2015-03-01" } } })).rejects.toMatchObject({ code: "bad_request", message: expect.stringContaining("query.symbol") });
    await expect(runSearchRequest(t.db, { body: { query: { type: "preset", name: "double-top" }, symbols: ["ZZZ"] } })).rejects.toBeInstanceOf(AppError);
  });

  it.skipIf(skip)("sees a newly imported ticker after the refresh interval", async () => {
    await runSearchRequest(t.db, { body: { query: { type: "sequence", pattern: "G" } } });
    await insertTicker(t, "CCC", makeCandles(3, 300));
    await new Promise((resolve) => setTimeout(resolve, REFRESH_CHECK_MS + 100));
    const res = await runSearchRequest(t.db, { body: { query: { type: "sequence", pattern: "G" }, symbols: ["CCC"] } });
    expect(res.searched.series).toBe(1);
    expect(res.total).toBeGreaterThan(100);
  });
});
