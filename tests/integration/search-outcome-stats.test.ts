import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { OutcomeStats } from "@/lib/outcomes/types";
import { SEQUENCE_SAMPLE_CAP } from "@/lib/search/search-sequence";
import type { SearchResult } from "@/lib/search/types";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";

const hasPostgres = await postgresAvailable();

type PostRoute = { POST: (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> };

describe.each([
  ["pglite", createPgliteDatabase, false],
  ["postgres", createPostgresDatabase, !hasPostgres],
] as const)("POST /api/search outcomeStats on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let route: PostRoute;
  const saved = { ...process.env };
  const rows = { AAA: makeDailyRows("2012-01-02", 900, 3), BBB: makeDailyRows("2012-01-02", 900, 5), CCC: makeDailyRows("2013-06-03", 500, 7) };

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    for (const [symbol, r] of Object.entries(rows)) await insertDailySeries(t.db, symbol, r);
    process.env.SEARCH_RATE_LIMIT = "0";
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    route = (await import("@/app/api/search/route")) as unknown as PostRoute;
  });
  afterAll(async () => {
    process.env = saved;
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  const post = async (body: unknown) => {
    const response = await route.POST(new NextRequest("http://localhost/api/search", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), { params: Promise.resolve({}) });
    return { status: response.status, json: (await response.json()) as SearchResult & { error?: { code: string; message: string } } };
  };

  it.skipIf(skip)("summarises the listed matches once, in outcomeStats (the normal-approximation outcomes are gone)", async () => {
    const { status, json } = await post({ query: { type: "preset", name: "double-bottom" }, method: "zned", minLength: 20, maxLength: 30, topK: 40, horizon: 10 });
    expect(status).toBe(200);
    expect("outcomes" in json).toBe(false);
    expect(json.matches).toHaveLength(40);
    const stats = json.outcomeStats as OutcomeStats;
    expect(stats.scope).toBe("returned-matches");
    expect(stats.horizons.map((o) => o.horizon)).toEqual([1, 5, 10, 20, 60]);
    const ten = stats.horizons.find((o) => o.horizon === 10)!;
    // the listed matches' own forward returns
    const returns = json.matches.map((m) => m.forward.return).filter((r): r is number => r !== null);
    expect(ten.n).toBe(returns.length);
    expect(ten.mean).toBeCloseTo(returns.reduce((a, b) => a + b, 0) / returns.length, 5);
    expect(ten.effectiveN).toBeGreaterThan(0);
    expect(ten.effectiveN).toBeLessThanOrEqual(ten.n);
    expect(ten.edgeCi95![0]).toBeLessThanOrEqual(ten.edge!);
    expect(ten.edgeCi95![1]).toBeGreaterThanOrEqual(ten.edge!);
    expect(ten.base.all.mean).not.toBeNull();
    expect(stats.fan.days).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(stats.fan.match!.p50).toHaveLength(60);
    expect(stats.verdict.sentence).toMatch(/\S/);
    expect(stats.cost).toBe(0.001);
    expect(stats.comparisons.lengths).toBeGreaterThan(1);
    expect(stats.comparisons.windows).toBeGreaterThan(1000);
  });

  it.skipIf(skip)("reads every window at least minSimilarity similar, not only the listed ones, and says how many", async () => {
    const base = { query: { type: "preset", name: "double-bottom" }, method: "zned", minLength: 20, maxLength: 30, topK: 5, horizon: 10 };
    const listed = await post(base);
    // a threshold a little below the fifth match's similarity: more windows than the five listed meet it
    const min = Math.floor((listed.json.matches[4].score - 0.1) * 100) / 100;
    const { status, json } = await post({ ...base, outcomes: { minSimilarity: min } });
    expect(status).toBe(200);
    // the listed matches are the same five; the statistics read many more windows
    expect(json.matches).toEqual(listed.json.matches);
    const stats = json.outcomeStats!;
    expect(stats.scope).toBe("similarity-threshold");
    expect(listed.json.outcomeStats!.threshold).toBeNull();
    const th = stats.threshold!;
    expect(th).toMatchObject({ minSimilarity: min, capped: false, limit: 2000 });
    expect(th.matches).toBeGreaterThan(json.matches.length);
    expect(th.windows).toBeGreaterThan(th.matches);
    expect(th.note).toMatch(new RegExp(`^Every window at least ${Math.round(min * 100)}% similar: [\\d,]+ windows; counting overlapping windows on a ticker once leaves [\\d,]+\\.$`));
    const ten = stats.horizons.find((o) => o.horizon === 10)!;
    expect(ten.n).toBeGreaterThan(5);
    expect(ten.n).toBeLessThanOrEqual(th.matches);
    expect(ten.effectiveN).toBeLessThanOrEqual(ten.n);
    expect(ten.winRateCi95![0]).toBeLessThanOrEqual(ten.winRate!);
    expect(ten.winRateCi95![1]).toBeGreaterThanOrEqual(ten.winRate!);
    expect(ten.base.all.mean).not.toBeNull();
    // the threshold scan's windows stay on the server
    expect("within" in json).toBe(false);
    // a higher threshold reads fewer windows
    const tighter = await post({ ...base, outcomes: { minSimilarity: min + 0.05 } });
    expect(tighter.json.outcomeStats!.threshold!.matches).toBeLessThan(th.matches);
    const bad = await post({ ...base, outcomes: { minSimilarity: 2 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error!.message).toMatch(/minSimilarity/);
  });

  it.skipIf(skip)("judges every occurrence of a candle sequence, not only the listed latest, one length compared at every position", async () => {
    const { json } = await post({ query: { type: "sequence", pattern: "GG" }, topK: 50, horizon: 5 });
    const stats = json.outcomeStats!;
    expect(stats.horizon).toBe(5);
    expect(stats.scope).toBe("all-occurrences");
    expect(stats.comparisons).toMatchObject({ lengths: 1, windows: json.searched.candles });
    expect(json.total).toBeGreaterThan(json.matches.length);
    expect(stats.occurrences).toMatchObject({ total: json.total, read: Math.min(json.total, SEQUENCE_SAMPLE_CAP) });
    const n = stats.horizons.find((o) => o.horizon === 5)!.n;
    expect(n).toBeGreaterThan(json.matches.length);
    expect(n).toBeLessThanOrEqual(stats.occurrences!.read);
    expect("compared" in json).toBe(false);
    expect("occurrences" in json).toBe(false);
  });

  it.skipIf(skip)("one match per ticker on request: the best of each ticker, the others with it; off by default, bad values refused", async () => {
    const base = { query: { type: "preset", name: "double-bottom" }, method: "zned", minLength: 20, maxLength: 30, topK: 10 };
    const all = await post(base);
    expect(all.status).toBe(200);
    // three tickers, ten places: the default lists a ticker more than once, as before
    expect(new Set(all.json.matches.map((m) => m.symbol)).size).toBeLessThan(all.json.matches.length);
    expect(all.json.matches.some((m) => "sameTicker" in m)).toBe(false);
    const one = await post({ ...base, onePerTicker: true });
    expect(one.status).toBe(200);
    const symbols = one.json.matches.map((m) => m.symbol);
    expect(symbols).toEqual([...new Set(all.json.matches.map((m) => m.symbol))].slice(0, symbols.length));
    expect(symbols).toHaveLength(3);
    expect(one.json.matches[0]).toMatchObject({ symbol: all.json.matches[0].symbol, start: all.json.matches[0].start });
    for (const m of one.json.matches as (SearchResult["matches"][number] & { sameTicker: SearchResult["matches"] })[]) {
      expect(m.sameTicker.every((o) => o.symbol === m.symbol && o.distance >= m.distance)).toBe(true);
    }
    for (const bad of ["yes", 1, null]) {
      const refused = await post({ ...base, onePerTicker: bad });
      expect(refused.status).toBe(400);
      expect(refused.json.error!.code).toMatch(/\S/);
      expect(refused.json.error!.message).toMatch(/onePerTicker/);
    }
  });

  it.skipIf(skip)("takes the round-trip cost from the request and refuses a nonsensical one", async () => {
    const { json } = await post({ query: { type: "preset", name: "double-bottom" }, method: "zned", minLength: 20, maxLength: 30, topK: 10, cost: 0.02 });
    expect(json.outcomeStats!.cost).toBe(0.02);
    const bad = await post({ query: { type: "preset", name: "double-bottom" }, cost: -1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error!.message).toMatch(/cost/);
  });
});
