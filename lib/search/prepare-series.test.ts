import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { prepareQueries, resample } from "@/lib/search/prepare-queries";
import { prepareSeries, prepareSeriesAveraged, prepareSeriesInSlices } from "@/lib/search/prepare-series";
import { prefixAt } from "@/lib/search/warp-fit";
import { smoothInPlace } from "@/lib/search/smooth";
import { randomWalk, rng } from "@/lib/search/testing/random";
import { zNormaliseReference } from "@/lib/search/testing/reference";

describe("averaged series (long windows)", () => {
  const r = rng(5);
  const index = buildIndex({
    tickers: [103, 98].map((n, t) => {
      const close = randomWalk(r, n);
      if (t === 1) close[40] = NaN;
      return { symbol: `A${t}`, days: Int32Array.from({ length: n }, (_, i) => 16000 + 2 * i), open: close, high: close, low: close, close, volume: close };
    }),
  });

  it("holds each ticker's means of `factor` candles, missing where a candle is, with its first day and exact prefix sums", () => {
    const full = prepareSeries({ index, series: "close", smooth: 5, smoothKind: "sg" });
    const avg = prepareSeriesAveraged({ index, series: "close", smooth: 5, smoothKind: "sg", factor: 3 });
    expect(Array.from(avg.offsets)).toEqual([0, 34, 34 + 32]);
    for (let t = 0; t < 2; t++) {
      for (let c = avg.offsets[t]; c < avg.offsets[t + 1]; c++) {
        const a = full.offsets[t] + 3 * (c - avg.offsets[t]);
        const block = Array.from(full.values.subarray(a, a + 3));
        if (block.some(Number.isNaN)) expect(avg.values[c]).toBeNaN();
        else expect(avg.values[c]).toBeCloseTo(block.reduce((s, v) => s + v, 0) / 3, 12);
      }
    }
    const ends = new Float64Array(3);
    prefixAt(avg.values, avg.blockSum, avg.blockSumSq, avg.blockNan, avg.values.length, ends);
    expect(ends[2]).toBe(1);
    const finite = Array.from(avg.values).filter((v) => !Number.isNaN(v));
    expect(ends[0]).toBeCloseTo(finite.reduce((s, v) => s + v, 0), 9);
    expect(prepareSeriesAveraged({ index, series: "close", smooth: 5, smoothKind: "sg", factor: 3 })).toBe(avg); // cached
    expect(prepareSeriesAveraged({ index, series: "close", smooth: 5, smoothKind: "sg", factor: 1 })).toBe(full);
  });

  it("averages the query the same way: resampled to m x factor, smoothed there, then averaged", () => {
    const points = [0, 3, 1, 4, 1, 5, 9, 2, 6];
    const [q] = prepareQueries({ points, lengths: [20], method: "dtw", smooth: 5, smoothKind: "sg", average: 4 });
    const fine = resample(points, 80);
    smoothInPlace(fine, 0, 80, 5, "sg");
    const expected = zNormaliseReference(Array.from({ length: 20 }, (_, i) => (fine[4 * i] + fine[4 * i + 1] + fine[4 * i + 2] + fine[4 * i + 3]) / 4));
    expect(q.m).toBe(20);
    q.q.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });
});

describe("prepareSeriesInSlices", () => {
  const make = () => {
    const r = rng(9);
    return buildIndex({
      tickers: [300, 5, 260, 1].map((n, t) => {
        const close = randomWalk(r, n).map((v) => Math.exp(v / 10));
        if (t === 2) close[17] = NaN;
        return { symbol: `S${t}`, days: Int32Array.from({ length: n }, (_, i) => 17000 + i), open: close, high: close, low: close, close, volume: close };
      }),
    });
  };

  it("prepares exactly what prepareSeries does, letting the event loop run between slices, and caches it", async () => {
    const sync = prepareSeries({ index: make(), series: "close", smooth: 5, smoothKind: "sg" });
    const index = make();
    // a chain of immediates runs once per turn of the event loop: it only advances while the preparation yields
    let turns = 0, done = false;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const sliced = await prepareSeriesInSlices({ index, series: "close", smooth: 5, smoothKind: "sg", sliceMs: 0 });
    done = true;
    expect(turns).toBeGreaterThan(0);
    for (const k of ["values", "blockSum", "blockSumSq", "blockNan", "vol"] as const) expect(Array.from(sliced[k])).toEqual(Array.from(sync[k]));
    expect(prepareSeries({ index, series: "close", smooth: 5, smoothKind: "sg" })).toBe(sliced);
  });
});
