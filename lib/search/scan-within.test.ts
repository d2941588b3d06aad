import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { toDayNumber } from "@/lib/search/dates";
import { resample } from "@/lib/search/prepare-queries";
import { samplePreset } from "@/lib/search/presets";
import { searchRequestSchema, type SearchRequest } from "@/lib/search/request-schema";
import { MAX_WITHIN_WINDOWS } from "@/lib/search/scan-within";
import { searchPatterns } from "@/lib/search/search-patterns";
import { randomWalk, rng } from "@/lib/search/testing/random";
import { squaredEuclid, zNormaliseReference } from "@/lib/search/testing/reference";

const r = rng(5);
const N = 400;
const M = 25;
const shape = resample(samplePreset({ name: "double-bottom", n: 64 }), M);
const index = buildIndex({
  tickers: ["AAA", "BBB", "CCC"].map((symbol, t) => {
    const close = randomWalk(r, N);
    // double bottoms of growing noise planted every 60 candles, so some windows are close to the query and some less so
    for (let at = 20 + t * 7; at + M < N; at += 60) {
      const noise = 0.02 + (at / N) * 0.3;
      for (let j = 0; j < M; j++) close[at + j] = close[at] * Math.exp(0.1 * (shape[j] - shape[0]) + noise * 0.1 * (r() - 0.5) * 2);
    }
    return { symbol, days: Int32Array.from({ length: N }, (_, i) => 16500 + i), open: close, high: close, low: close, close, volume: new Float64Array(N).fill(5) };
  }),
});
const body = (extra: Partial<SearchRequest>): SearchRequest => ({ query: { type: "preset", name: "double-bottom" }, minLength: M, maxLength: M, topK: 5, ...extra });
const run = (b: SearchRequest, limit: number = MAX_WITHIN_WINDOWS.zned) => {
  const request = searchRequestSchema.parse(b);
  return searchPatterns({ index, request, within: { maxDistance: 1 - request.outcomes!.minSimilarity, limit } });
};

/** Every window of length M by brute force: z-normalised Euclidean distance of its log closes to the resampled query. */
function bruteForce(): { ticker: number; start: number; d: number }[] {
  const q = zNormaliseReference(resample(samplePreset({ name: "double-bottom", n: 64 }), M));
  const out: { ticker: number; start: number; d: number }[] = [];
  for (let t = 0; t < index.symbols.length; t++) {
    for (let a = index.offsets[t]; a + M <= index.offsets[t + 1]; a++) {
      const w = zNormaliseReference(Array.from(index.fields.close.subarray(a, a + M), Math.log));
      out.push({ ticker: t, start: a, d: Math.sqrt(squaredEuclid(w, q) / M) });
    }
  }
  return out;
}

/** Best-first selection of windows that do not overlap on a ticker, as the engine keeps matches. */
function greedy(windows: { ticker: number; start: number; d: number }[]) {
  const picked: { ticker: number; start: number }[] = [];
  for (const w of [...windows].sort((a, b) => a.d - b.d)) if (!picked.some((p) => p.ticker === w.ticker && Math.abs(p.start - w.start) < M)) picked.push(w);
  return picked;
}

describe("the threshold scan (searchPatterns with within)", () => {
  const all = bruteForce();

  it("finds every window within the threshold (zned: the distance the matches show) and keeps one per overlapping run", async () => {
    const min = 0.5;
    const res = await run(body({ method: "zned", outcomes: { minSimilarity: min } }));
    const expected = all.filter((w) => w.d <= 1 - min);
    expect(expected.length).toBeGreaterThan(10);
    const within = res.within!;
    expect(within.capped).toBe(false);
    expect(within.windows).toBe(expected.length);
    const picked = greedy(expected);
    expect(within.ticker.length).toBe(picked.length);
    expect(within.ticker.length).toBeLessThan(expected.length);
    const ends = new Set(picked.map((p) => `${p.ticker}:${p.start + M - 1}`));
    expect([...within.ticker].every((t, i) => ends.has(`${t}:${within.end[i]}`))).toBe(true);
    // the listed matches are the best of them
    for (const m of res.matches.filter((x) => x.score >= min)) {
      const t = index.bySymbol.get(m.symbol)!;
      const end = index.offsets[t] + (toDayNumber(m.end) - 16500);
      expect([...within.end].some((e, i) => within.ticker[i] === t && e === end)).toBe(true);
    }
  });

  it("caps a loose threshold at the limit, keeping the most similar, and says so", async () => {
    const res = await run(body({ method: "zned", outcomes: { minSimilarity: 0.5 } }), 8);
    expect(res.within!.capped).toBe(true);
    expect(res.within!.ticker.length).toBe(8);
    // the 8 best windows that do not overlap on a ticker, whatever the threshold would have let in
    expect([...res.within!.end].map((e, i) => `${res.within!.ticker[i]}:${e}`)).toEqual(greedy(all).slice(0, 8).map((p) => `${p.ticker}:${p.start + M - 1}`));
  });

  it("gives DTW windows on the matches' own scale (the warp fit), all within the threshold", async () => {
    const min = 0.7;
    const res = await run(body({ method: "dtw", outcomes: { minSimilarity: min } }));
    const within = res.within!;
    expect(within.ticker.length).toBeGreaterThan(3);
    expect([...within.distance].every((d) => d <= 1 - min)).toBe(true);
    // a tighter threshold is a subset
    const tighter = (await run(body({ method: "dtw", outcomes: { minSimilarity: 0.8 } }))).within!;
    expect(tighter.ticker.length).toBeLessThan(within.ticker.length);
    expect(tighter.windows).toBeLessThanOrEqual(within.windows);
  });

  it("refuses a threshold on a candle sequence and one off the similarity scale", () => {
    expect(searchRequestSchema.safeParse({ query: { type: "sequence", pattern: "GG" }, outcomes: { minSimilarity: 0.8 } }).success).toBe(false);
    expect(searchRequestSchema.safeParse(body({ outcomes: { minSimilarity: 1.2 } })).success).toBe(false);
    expect(searchRequestSchema.safeParse(body({ outcomes: { minSimilarity: 0.8, extra: 1 } as never })).success).toBe(false);
  });
});
