import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { prepareQueries, resample } from "@/lib/search/prepare-queries";
import { prepareSeries, prepareSeriesAveraged } from "@/lib/search/prepare-series";
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
        expect(avg.days[c]).toBe(full.days[a]);
      }
    }
    expect(avg.nanCount[avg.values.length]).toBe(1);
    const finite = Array.from(avg.values).filter((v) => !Number.isNaN(v));
    expect(avg.sum[avg.values.length]).toBeCloseTo(finite.reduce((s, v) => s + v, 0), 9);
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
