import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { sameShape, tiltedQuery } from "@/lib/search/prepare-queries";
import { samplePreset } from "@/lib/search/presets";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import { gaussian, rng } from "@/lib/search/testing/random";

// Copies of a head-and-shoulders that drift across the pattern by 25% of its height (up or down, as issue 15's
// specification allows), with noise, in random-walk tickers among others that carry none.
const N = 500, L = 50;
const shape = samplePreset({ name: "head-and-shoulders", n: L });
const lo = Math.min(...shape), hi = Math.max(...shape);

function plantedIndex({ seed, tickers, plants, drift, height, noise }: { seed: number; tickers: number; plants: number; drift: number; height: number; noise: number }) {
  const r = rng(seed);
  const at = new Map<string, number>();
  const columns = Array.from({ length: tickers }, (_, t) => {
    const log = new Float64Array(N);
    for (let i = 1; i < N; i++) log[i] = log[i - 1] + 0.02 * gaussian(r);
    const symbol = `T${t}`;
    if (t < plants) {
      const a = 100 + Math.floor(r() * 300);
      const copy = tiltedQuery(shape, t % 2 ? drift : -drift);
      for (let i = 0; i < L; i++) log[a + i] = log[a] + (height * (copy[i] - copy[0])) / (hi - lo) + noise * gaussian(r);
      for (let i = a + L; i < N; i++) log[i] = log[i - 1] + 0.02 * gaussian(r);
      at.set(symbol, a);
    }
    const close = log.map((x) => 100 * Math.exp(x));
    return { symbol, days: Int32Array.from({ length: N }, (_, i) => 16500 + i), open: close, high: close, low: close, close, volume: new Float64Array(N).fill(5) };
  });
  return { index: buildIndex({ tickers: columns }), at };
}

async function search({ index, at }: ReturnType<typeof plantedIndex>, topK: number, tuning: object, points: ArrayLike<number> = shape) {
  const request = searchRequestSchema.parse({ query: { type: "sketch", points: Array.from(points) }, minLength: 30, maxLength: 80, method: "dtw", topK });
  const { matches } = await searchPatterns({ index, request, tuning: { threads: 1, ...tuning } });
  const day = (s: string) => Math.round(Date.parse(s) / 86_400_000) - 16500;
  const hits = matches.filter((m) => {
    const a = at.get(m.symbol);
    if (a === undefined) return false;
    const s = day(m.start), e = day(m.end) + 1;
    return Math.min(e, a + L) - Math.max(s, a) >= 0.5 * (Math.max(e, a + L) - Math.min(s, a));
  });
  return { matches, hits: hits.length };
}

describe("drift across a drawn shape (DTW engine)", () => {
  it("tiltedQuery adds a straight line of the given share of the height, centred", () => {
    const q = tiltedQuery([0, 2, 0, 1], 0.5);
    [-0.5, 2 - 0.5 / 3, 0.5 / 3, 1.5].forEach((v, i) => expect(q[i]).toBeCloseTo(v, 12));
  });

  it("finds more drifting copies than with the query level only", async () => {
    // three data sets of 16 copies among 60 tickers: the tilts find 34 of 48 where the query level alone finds 29
    let level = 0, tilted = 0;
    for (const seed of [14, 15, 16]) {
      const data = plantedIndex({ seed, tickers: 60, plants: 16, drift: 0.25, height: 0.15, noise: 0.015 });
      level += (await search(data, 16, { driftTilt: 0 })).hits;
      tilted += (await search(data, 16, {})).hits;
    }
    expect(tilted).toBeGreaterThanOrEqual(level + 3);
  }, 30_000);

  it("scores a drifting copy as closer, and a level copy as before", async () => {
    const drifting = plantedIndex({ seed: 5, tickers: 1, plants: 1, drift: 0.2, height: 0.3, noise: 0 });
    const [tilted, level] = [await search(drifting, 1, {}), await search(drifting, 1, { driftTilt: 0 })];
    expect(tilted.hits).toBe(1);
    expect(tilted.matches[0].distance).toBeLessThan(0.7 * level.matches[0].distance);
    const flat = plantedIndex({ seed: 5, tickers: 1, plants: 1, drift: 0, height: 0.3, noise: 0 });
    const [a, b] = [await search(flat, 1, {}), await search(flat, 1, { driftTilt: 0 })];
    expect(a.hits).toBe(1);
    expect(a.matches[0].distance).toBeCloseTo(b.matches[0].distance, 6);
  });

  it("answers as the straightforward path (every tilt fitted, one shape after the other), on the calling thread and the search threads", async () => {
    const data = plantedIndex({ seed: 21, tickers: 40, plants: 12, drift: 0.25, height: 0.15, noise: 0.015 });
    const line = Array.from({ length: 40 }, (_, i) => i / 39);
    // a straight line tilted is the same line: its tilts are the ones left out
    expect(sameShape(line, tiltedQuery(line, 0.15))).toBe(true);
    expect(sameShape(shape, tiltedQuery(shape, 0.15))).toBe(false);
    for (const points of [shape, line, samplePreset({ name: "cup-and-handle" })]) {
      for (const threads of [1, 2]) {
        const direct = await search(data, 12, { driftDirect: true, threads }, points);
        const fast = await search(data, 12, { threads }, points);
        expect(fast.matches).toEqual(direct.matches);
        expect(fast.matches).toHaveLength(12);
      }
    }
  }, 30_000);
});
