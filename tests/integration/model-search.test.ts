import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tf } from "@/ml/backend";
import { PATTERN_SHAPES, shapeAt } from "@/ml/shapes";
import { toAppError } from "@/lib/api/error-table";
import { buildEmbeddingIndex } from "@/lib/model/build-embedding-index";
import { trainAndStoreModel } from "@/lib/model/train-and-store-model";
import { getModelIndex } from "@/lib/search-server/get-model-index";
import { scanPatterns } from "@/lib/search-server/scan-patterns";
import { SCAN_PATTERNS } from "@/lib/model/scan-request-schema";
import { getSearchIndex } from "@/lib/search-server/get-search-index";
import { runSearchRequest } from "@/lib/search-server/run-search-request";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows, type Row } from "@/tests/helpers/seed-rows";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

/** A model trained for seconds: it answers, it is not expected to be accurate. */
const TINY = { epochs: 2, samples: 300, holdoutSamples: 90, batchSize: 50, embeddingSize: 8, seed: 5 };

/** A random walk whose last 60 closes are a clear double bottom (100 -> 80 -> 92 -> 80 -> 100, 0.3% noise). */
function doubleBottomRows(): Row[] {
  const rows = makeDailyRows("2020-01-01", 300, 42);
  let s = 7;
  const noise = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.006;
  for (let i = 0; i < 60; i++) {
    const c = 80 + 20 * shapeAt(PATTERN_SHAPES["double-bottom"], i / 59) * (1 + noise());
    const r = rows[240 + i];
    rows[240 + i] = [r[0], c, c * 1.005, c * 0.995, c, r[5]];
  }
  return rows;
}

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const scanUrl = (qs: string) => new NextRequest(`http://localhost:3100/api/scan?${qs}`);

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("model search and scan on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let GET: Handler;
  let versionId = 0;
  const symbols = ["AAA", "BBB", "CCC", "DDD", "EEE"];

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    for (const [i, s] of symbols.entries()) await insertDailySeries(t.db, s, makeDailyRows("2020-01-01", 300, i + 1), { name: `${s} Corp` });
    await insertDailySeries(t.db, "DBL", doubleBottomRows(), { name: "Double Bottom Inc" });
    await insertDailySeries(t.db, "SHORT", makeDailyRows("2020-01-01", 30, 9)); // too short for a 60-day scan
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    ({ GET } = (await import("@/app/api/scan/route")) as { GET: Handler });
  }, 60_000);
  afterAll(async () => {
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  it.skipIf(skip)("answers 409 with a hint to train when no model is active", async () => {
    const err = await runSearchRequest(t.db, { body: { method: "model", query: { type: "preset", name: "double-bottom" } } }).catch((e: unknown) => e);
    expect(toAppError(err)).toMatchObject({ status: 409, message: expect.stringContaining("npm run train") });
    // auto on a preset without a model: DTW alone
    expect((await runSearchRequest(t.db, { body: { query: { type: "preset", name: "double-bottom" }, topK: 5 } })).engine?.method).toBe("dtw");
    const res = await GET(scanUrl("pattern=double-bottom"), { params: Promise.resolve({}) });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/Settings/);
  });

  it.skipIf(skip)("serves model searches with the active version, ranked by exact distance", async () => {
    const trained = await trainAndStoreModel(t.db, { training: TINY, activate: true });
    versionId = trained.id;
    trained.model.model.dispose();

    const res = (await runSearchRequest(t.db, { body: { method: "model", query: { type: "preset", name: "double-bottom" }, topK: 5 } })) as Awaited<ReturnType<typeof runSearchRequest>> & { model: { id: number; version: number; windows: number } };
    expect(tf.getBackend()).toBe("wasm");
    expect(res.method).toBe("model");
    expect(res.model).toMatchObject({ id: versionId, version: versionId });
    expect(res.matches.length).toBeGreaterThan(0);
    expect(res.matches.length).toBeLessThanOrEqual(5);
    expect(res.searched).toEqual({ series: 7, candles: 6 * 300 + 30 });
    const distances = res.matches.map((m) => m.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    for (const m of res.matches) {
      expect([...symbols, "DBL", "SHORT"]).toContain(m.symbol);
      expect(m.start <= m.end).toBe(true);
      expect(m.score).toBeGreaterThanOrEqual(0);
      expect(m.score).toBeLessThanOrEqual(1);
      expect(m.forward.days).toBe(20);
    }
    expect("outcomes" in res).toBe(false);
    // The planted double bottom is the closest window to the preset by exact distance among these random walks.
    expect(res.matches[0].symbol).toBe("DBL");
    // with the model's index in memory, auto on the same preset adds the model's windows to DTW's candidates
    // (its own answer: the DTW-only answer of the test above is cached apart)
    const auto = await runSearchRequest(t.db, { body: { query: { type: "preset", name: "double-bottom" }, topK: 5 } });
    expect(auto.engine).toEqual({ method: "dtw+model", reason: expect.stringMatching(/^auto: a drawn shape with a model active: /) });
    expect(auto.matches[0].symbol).toBe("DBL");
    expect(auto.matches.map((m) => m.distance)).toEqual([...auto.matches.map((m) => m.distance)].sort((a, b) => a - b));
    // the outcome statistics and alignments of the exact engines, in the same shape
    const stats = res.outcomeStats!;
    expect(stats.scope).toBe("returned-matches");
    expect(stats.horizons.find((o) => o.horizon === 20)!.n).toBe(res.matches.filter((m) => m.forward.return !== null).length);
    expect(stats.comparisons.windows).toBe(res.model.windows);
    expect(stats.verdict.sentence).toMatch(/\S/);
    expect("compared" in res).toBe(false);
    const first = res.matches[0] as (typeof res.matches)[0] & { alignment: { overlay: { offset: number[] }; path: [number, number][] } };
    expect(first.alignment.overlay.offset.at(-1)).toBe(first.length - 1);
    expect(first.alignment.path[0]).toEqual([0, 0]);
    // with a threshold: every window at least that similar, from the exact DTW scan of the same index
    const min = Math.max(0, Math.floor((res.matches.at(-1)!.score - 0.1) * 100) / 100);
    const wide = await runSearchRequest(t.db, { body: { method: "model", query: { type: "preset", name: "double-bottom" }, topK: 5, outcomes: { minSimilarity: min } } });
    expect(wide.matches).toEqual(res.matches);
    expect(wide.outcomeStats!.scope).toBe("similarity-threshold");
    expect(wide.outcomeStats!.threshold!.matches).toBeGreaterThan(res.matches.length);
    expect("within" in wide).toBe(false);

    // Restricted to tickers and a range query: the query's own stretch is never a match of itself.
    const dbl = await runSearchRequest(t.db, { body: { method: "model", query: { type: "range", symbol: "DBL", from: "2021-02-01", to: "2021-04-30" }, symbols: ["DBL", "AAA"], topK: 10 } });
    for (const m of dbl.matches) {
      expect(["DBL", "AAA"]).toContain(m.symbol);
      if (m.symbol === "DBL") expect(m.end < "2021-02-01" || m.start > "2021-04-30").toBe(true);
    }
  }, 60_000);

  it.skipIf(skip)("rejects what the model cannot search with a 400 naming the field", async () => {
    const fail = (body: object) => runSearchRequest(t.db, { body: { method: "model", ...body } }).catch((e: unknown) => toAppError(e));
    expect(await fail({ query: { type: "sequence", pattern: "GGR" } })).toMatchObject({ status: 400, details: { field: "method" } });
    expect(await fail({ query: { type: "preset", name: "double-top" }, series: "volume" })).toMatchObject({ status: 400, details: { field: "series" } });
    expect(await fail({ query: { type: "preset", name: "double-top" }, symbols: ["NOPE"] })).toMatchObject({ status: 400, details: { field: "symbols" } });
  });

  it.skipIf(skip)("scans the latest windows: sorted probabilities in [0, 1], one top class per ticker", async () => {
    const res = await GET(scanUrl("pattern=double-bottom&lookback=60&minProbability=0"), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.model.version).toBe(versionId);
    expect(body.scanned).toBe(6); // SHORT has 30 candles
    const probs = body.items.map((i: { probability: number }) => i.probability);
    expect(probs).toEqual([...probs].sort((a: number, b: number) => b - a));
    for (const item of body.items) {
      expect(item.probability).toBeGreaterThanOrEqual(0);
      expect(item.probability).toBeLessThanOrEqual(1);
      expect(item.class).toBe("double-bottom");
      expect(item.window).toHaveLength(60);
      expect(item.last).toEqual(item.window[59]);
    }
    // Every scanned ticker has exactly one top class: across all patterns no ticker appears twice.
    const seen: string[] = [];
    let busiest = { pattern: "", items: [] as { symbol: string }[], matched: 0 };
    for (const pattern of SCAN_PATTERNS) {
      const r = await scanPatterns(t.db, { query: { pattern, lookback: "60", minProbability: "0" } });
      seen.push(...r.items.map((i) => i.symbol));
      expect(r.matched).toBe(r.items.length);
      if (r.items.length > busiest.items.length) busiest = { pattern, items: r.items, matched: r.matched };
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeLessThanOrEqual(6);
    // A limit below the hits keeps the most probable and still says how many qualified, so the page can show a cap.
    const capped = await scanPatterns(t.db, { query: { pattern: busiest.pattern || "double-bottom", lookback: "60", minProbability: "0", limit: "1" } });
    expect(capped).toMatchObject({ matched: busiest.matched, limit: 1 });
    expect(capped.items.map((i) => i.symbol)).toEqual(busiest.items.slice(0, 1).map((i) => i.symbol));
    const dbl = (await scanPatterns(t.db, { query: { pattern: "double-bottom", lookback: "60", minProbability: "0" } })).items.find((i) => i.symbol === "DBL");
    if (dbl) expect(dbl).toMatchObject({ name: "Double Bottom Inc", last: { c: expect.closeTo(100, 0) } });
    // A threshold above every probability leaves nothing.
    expect((await scanPatterns(t.db, { query: { pattern: "double-bottom", minProbability: "1" } })).items.filter((i) => i.probability < 1)).toEqual([]);
  });

  it.skipIf(skip)("answers 400 naming the field for a bad scan query", async () => {
    for (const [qs, field] of [
      ["pattern=triangle", "pattern"],
      ["pattern=double-bottom&lookback=5", "lookback"],
      ["pattern=double-bottom&lookback=10000", "lookback"],
      ["pattern=double-bottom&minProbability=1.5", "minProbability"],
      ["pattern=double-bottom&minProbability=-0.1", "minProbability"],
    ]) {
      const res = await GET(scanUrl(qs), { params: Promise.resolve({}) });
      expect(res.status, qs).toBe(400);
      expect((await res.json()).error.message, qs).toMatch(new RegExp(`^${field}`));
    }
  });

  it.skipIf(skip)("rebuilds the embedding index when the series change", async () => {
    const before = await getModelIndex(t.db);
    await insertDailySeries(t.db, "NEW", makeDailyRows("2020-01-01", 200, 77));
    await getSearchIndex(t.db, { force: true });
    const after = await getModelIndex(t.db);
    expect(after.model.id).toBe(before.model.id);
    expect(after.index).not.toBe(before.index);
    expect(after.index.windows).toBeGreaterThan(before.index.windows);
    expect(after.searchIndex.symbols).toContain("NEW");
    const again = await getModelIndex(t.db);
    expect(again.index).toBe(after.index);
    // Built a few tickers at a time, the index is the one buildEmbeddingIndex makes in one go.
    const whole = buildEmbeddingIndex({ model: after.model, columns: after.searchIndex });
    expect(Array.from(after.index.rowOffsets)).toEqual(Array.from(whole.rowOffsets));
    expect(Array.from(after.index.start)).toEqual(Array.from(whole.start));
    expect(Array.from(after.index.length)).toEqual(Array.from(whole.length));
    expect(Array.from(after.index.vectors)).toEqual(Array.from(whole.vectors));
    expect(Array.from(after.index.scale)).toEqual(Array.from(whole.scale));
  });
});
