import { describe, expect, it } from "vitest";
import { alignMatches, alignMatchesInSlices, alignWindow, dtwPath } from "@/lib/search/alignment";
import { buildIndex } from "@/lib/search/build-index";
import { fromDayNumber } from "@/lib/search/dates";
import { resample } from "@/lib/search/prepare-queries";
import { samplePreset } from "@/lib/search/presets";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import { dtwReference } from "@/lib/search/testing/reference";
import { randomWalk, rng } from "@/lib/search/testing/random";

describe("dtwPath", () => {
  it("is the identity for equal series and its cost is the reference DTW distance otherwise", () => {
    const a = Float64Array.from({ length: 20 }, (_, i) => Math.sin(i / 3));
    expect(dtwPath(a, a, 2)).toEqual(Array.from({ length: 20 }, (_, i) => [i, i]));
    const r = rng(3);
    const b = Float64Array.from({ length: 20 }, () => r() * 2 - 1);
    const path = dtwPath(a, b, 3);
    const cost = path.reduce((s, [i, j]) => s + (a[i] - b[j]) ** 2, 0);
    expect(cost).toBeCloseTo(dtwReference(a, b, 3), 9);
    // monotone steps of one inside the band, from corner to corner
    expect(path[0]).toEqual([0, 0]);
    expect(path.at(-1)).toEqual([19, 19]);
    for (let k = 1; k < path.length; k++) {
      const di = path[k][0] - path[k - 1][0], dj = path[k][1] - path[k - 1][1];
      expect(di >= 0 && dj >= 0 && di + dj >= 1 && di <= 1 && dj <= 1).toBe(true);
      expect(Math.abs(path[k][0] - path[k][1])).toBeLessThanOrEqual(3);
    }
  });
});

describe("alignWindow", () => {
  it("draws a query over a window that is the query stretched late: the path bends, the overlay lands on the prices", () => {
    const shape = resample(samplePreset({ name: "double-bottom", n: 64 }), 40);
    // the window: the same shape with its first half slower (24 candles) and its second faster (16), as prices
    const warped = Float64Array.from({ length: 40 }, (_, j) => {
      const x = j < 24 ? (j / 24) * 20 : 20 + ((j - 24) / 16) * 19;
      const k = Math.floor(x), f = x - k;
      return shape[k] * (1 - f) + shape[Math.min(39, k + 1)] * f;
    });
    const prices = Float64Array.from(warped, (v) => 50 * Math.exp(0.2 * v));
    const a = alignWindow({ query: shape, window: prices, log: true })!;
    // the query's midpoint aligns with the window's 24th-ish candle, not its 20th
    const mid = a.path.find(([q]) => q >= 0.49)!;
    expect(mid[1]).toBeGreaterThan(21);
    expect(a.path[0]).toEqual([0, 0]);
    expect(a.path.at(-1)).toEqual([1, 39]);
    expect(a.path.length).toBeLessThanOrEqual(33);
    // the overlay is in the window's prices and follows them closely
    expect(a.overlay.offset).toHaveLength(40);
    const gaps = a.overlay.value.map((v, j) => Math.abs(Math.log(v / prices[Math.round(a.overlay.offset[j])])));
    expect(Math.max(...gaps)).toBeLessThan(0.05);
    expect(a.segments.map((s) => s.from)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(Math.max(...a.segments.map((s) => s.error))).toBeLessThan(0.2);
  });

  it("reports where a poor match strays: the segment of a reversed half has the large error", () => {
    const q = Float64Array.from({ length: 32 }, (_, i) => Math.sin((i / 31) * Math.PI));
    const w = Float64Array.from(q, (v, i) => (i >= 24 ? -v + 2 * q[23] : v));
    const a = alignWindow({ query: q, window: w, log: false })!;
    const worst = a.segments.reduce((x, y) => (y.error > x.error ? y : x));
    expect(worst.from).toBe(0.75);
    // a long window is read on ALIGNMENT_POINTS points but reported in its own candles
    const long = alignWindow({ query: q, window: resample(w, 500), log: false })!;
    expect(long.overlay.offset).toHaveLength(64);
    expect(long.overlay.offset.at(-1)).toBe(499);
  });
});

describe("alignMatches", () => {
  const r = rng(9);
  const index = buildIndex({
    tickers: ["AAA", "BBB"].map((symbol) => {
      const close = randomWalk(r, 300);
      return { symbol, days: Int32Array.from({ length: 300 }, (_, i) => 16500 + i), open: close, high: close, low: close, close, volume: new Float64Array(300).fill(5) };
    }),
  });
  it("gives every shape match its alignment in its own prices, and leaves a candle sequence's matches alone", async () => {
    for (const query of [{ type: "preset", name: "head-and-shoulders" }, { type: "range", symbol: "AAA", from: fromDayNumber(16600), to: fromDayNumber(16639) }] as const) {
      const request = searchRequestSchema.parse({ query, topK: 5, method: "zned" });
      const { matches } = await searchPatterns({ index, request });
      const aligned = alignMatches({ index, request, matches });
      expect(aligned).toHaveLength(5);
      for (const m of aligned) {
        const t = index.bySymbol.get(m.symbol)!;
        const start = index.offsets[t] + (Date.parse(m.start) / 864e5 - 16500);
        const closes = index.fields.close.subarray(start, start + m.length);
        expect(m.alignment!.overlay.offset.at(-1)).toBe(m.length - 1);
        // drawn within the window's own price range, give or take the shape's overshoot
        expect(Math.min(...m.alignment!.overlay.value)).toBeGreaterThan(Math.min(...closes) * 0.8);
        expect(Math.max(...m.alignment!.overlay.value)).toBeLessThan(Math.max(...closes) * 1.25);
      }
    }
    const sequence = searchRequestSchema.parse({ query: { type: "sequence", pattern: "GG" }, topK: 3 });
    const { matches } = await searchPatterns({ index, request: sequence });
    expect(alignMatches({ index, request: sequence, matches })).toEqual(matches);
  });

  it("in slices gives the same alignments, the event loop turning between matches", async () => {
    const request = searchRequestSchema.parse({ query: { type: "preset", name: "double-bottom" }, topK: 8, method: "zned" });
    const { matches } = await searchPatterns({ index, request });
    // sliceMs 0: a slice ends at every match, so a callback waiting for the next turn of the loop runs in between
    let turns = 0;
    let ticker = setImmediate(function tick() {
      turns++;
      ticker = setImmediate(tick);
    });
    const sliced = await alignMatchesInSlices({ index, request, matches }, { sliceMs: 0 }).finally(() => clearImmediate(ticker));
    expect(sliced).toEqual(alignMatches({ index, request, matches }));
    expect(sliced).toHaveLength(8);
    expect(turns).toBeGreaterThanOrEqual(7);
  });
});
