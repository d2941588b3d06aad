import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { OutcomeStats } from "@/lib/outcomes/types";
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

  it.skipIf(skip)("adds the outcome statistics of the listed matches beside the existing outcomes", async () => {
    const { status, json } = await post({ query: { type: "preset", name: "double-bottom" }, method: "zned", minLength: 20, maxLength: 30, topK: 40, horizon: 10 });
    expect(status).toBe(200);
    // the existing fields stay as they were
    expect(json.outcomes.horizon).toBe(10);
    expect(json.matches).toHaveLength(40);
    const stats = json.outcomeStats as OutcomeStats;
    expect(stats.scope).toBe("returned-matches");
    expect(stats.horizons.map((o) => o.horizon)).toEqual([1, 5, 10, 20, 60]);
    const ten = stats.horizons.find((o) => o.horizon === 10)!;
    // the same matches, the same forward returns: n and mean agree with the old summary
    expect(ten.n).toBe(json.outcomes.n);
    expect(ten.mean).toBeCloseTo(json.outcomes.mean!, 5);
    expect(ten.effectiveN).toBeGreaterThan(0);
    expect(ten.effectiveN).toBeLessThanOrEqual(ten.n);
    expect(ten.edgeCi95![0]).toBeLessThanOrEqual(ten.edge!);
    expect(ten.edgeCi95![1]).toBeGreaterThanOrEqual(ten.edge!);
    expect(ten.base.all.mean).toBeCloseTo(json.outcomes.baseline.mean!, 2);
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

  it.skipIf(skip)("gives one base rate in the summary and the statistics, also when a date filter ends the searched windows", async () => {
    for (const body of [
      { query: { type: "preset", name: "double-bottom" }, method: "zned", minLength: 20, maxLength: 30, topK: 20, horizon: 10, to: "2013-12-31" },
      { query: { type: "sequence", pattern: "GGR" }, topK: 20, horizon: 5, from: "2012-06-01", to: "2013-06-28" },
    ]) {
      const { status, json } = await post(body);
      expect(status).toBe(200);
      const asked = json.outcomeStats!.horizons.find((o) => o.horizon === body.horizon)!;
      expect(json.outcomes.baseline.mean).not.toBeNull();
      expect(asked.base.all.mean).toBeCloseTo(json.outcomes.baseline.mean!, 12);
      expect(asked.base.all.winRate).toBeCloseTo(json.outcomes.baseline.winRate!, 12);
    }
  });

  it.skipIf(skip)("judges a candle sequence's listed occurrences, one length compared at every position, and none for a scalar series", async () => {
    const { json } = await post({ query: { type: "sequence", pattern: "GG" }, topK: 50, horizon: 5 });
    const stats = json.outcomeStats!;
    expect(stats.horizon).toBe(5);
    expect(stats.comparisons).toMatchObject({ lengths: 1, windows: json.searched.candles });
    expect(stats.horizons.find((o) => o.horizon === 5)!.n).toBe(json.matches.filter((m) => m.forward.return !== null).length);
    expect("compared" in json).toBe(false);
  });

  it.skipIf(skip)("takes the round-trip cost from the request and refuses a nonsensical one", async () => {
    const { json } = await post({ query: { type: "preset", name: "double-bottom" }, method: "zned", minLength: 20, maxLength: 30, topK: 10, cost: 0.02 });
    expect(json.outcomeStats!.cost).toBe(0.02);
    const bad = await post({ query: { type: "preset", name: "double-bottom" }, cost: -1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error!.message).toMatch(/cost/);
  });
});
