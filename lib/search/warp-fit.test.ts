import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { prepareSeries } from "@/lib/search/prepare-series";
import { samplePreset } from "@/lib/search/presets";
import { smoothingKernel, smoothInPlace } from "@/lib/search/smooth";
import { randomWalk, rng } from "@/lib/search/testing/random";
import { knotShiftsReference, warpedQueryReference, warpFitReference } from "@/lib/search/testing/reference";
import type { TickerColumns } from "@/lib/search/types";
import { fitWindow, warpFitCandidates, warpTemplates, type WarpFitParams } from "@/lib/search/warp-fit";
import { runWarpFit } from "@/lib/search/worker-pool";

const GRID = [-0.1, -0.05, 0, 0.05, 0.1];
const sg5 = (x: Float64Array) => smoothInPlace(x, 0, x.length, 5, "sg");
const points = Float64Array.from(samplePreset({ name: "head-and-shoulders", n: 64 }));

function walkTickers(seed: number, count: number, n: number, nanAt = -1): TickerColumns[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, t) => {
    const close = randomWalk(r, n);
    if (nanAt >= 0) close[nanAt + t] = NaN;
    return { symbol: `W${t}`, days: Int32Array.from({ length: n }, (_, i) => 17000 + i), open: close, high: close, low: close, close, volume: new Float64Array(n).fill(1) };
  });
}

/** Fit parameters over a prepared index (SG5, as the DTW engine uses it) for the given candidates. */
function fitParams(index: ReturnType<typeof buildIndex>, candidates: { t: number; s: number; m: number }[], extra: Partial<WarpFitParams> = {}): WarpFitParams {
  const p = prepareSeries({ index, series: "close", smooth: 5, smoothKind: "sg" });
  return {
    values: p.values,
    blockSum: p.blockSum,
    blockSumSq: p.blockSumSq,
    blockNan: p.blockNan,
    points,
    smoothCoef: smoothingKernel(5, "sg"),
    maxWarp: 0.1,
    warpSteps: 5,
    ticker: Int32Array.from(candidates, (c) => c.t),
    start: Int32Array.from(candidates, (c) => index.offsets[c.t] + c.s),
    len: Int32Array.from(candidates, (c) => c.m),
    lo: Int32Array.from(candidates, (c) => index.offsets[c.t]),
    hi: Int32Array.from(candidates, (c) => index.offsets[c.t + 1]),
    minLength: 20,
    maxLength: 90,
    shift: 0.06,
    stretch: 0.15,
    exclude: { ticker: -1, start: 0, end: 0 },
    ...extra,
  };
}

describe("warp fit", () => {
  it("builds every quarter-knot warp of the query, the identity first", () => {
    const p = fitParams(buildIndex({ tickers: walkTickers(1, 1, 100) }), []);
    // tiny lengths too, whose quarters hold a point or none and whose every point lies near a knot or an edge
    for (const m of [2, 3, 5, 7, 9, 33, 64]) {
      const tpl = warpTemplates(p, m);
      expect(tpl.count).toBe(125);
      const rows = Array.from({ length: tpl.count }, (_, r) => Array.from(tpl.data.subarray(r * m, (r + 1) * m)));
      rows[0].forEach((v, i) => expect(v).toBeCloseTo(warpedQueryReference(points, m, [0, 0, 0], sg5)[i], 12));
      for (const shifts of knotShiftsReference(GRID)) {
        const ref = warpedQueryReference(points, m, shifts, sg5);
        expect(rows.some((row) => row.every((v, i) => Math.abs(v - ref[i]) < 1e-9))).toBe(true);
      }
    }
  });

  it("scores a window as the smallest distance to any warped query, and knows the bound", () => {
    const r = rng(2);
    const index = buildIndex({ tickers: walkTickers(2, 2, 400) });
    const p = fitParams(index, []);
    const z = new Float64Array(128), ends = new Float64Array(6);
    for (let trial = 0; trial < 12; trial++) {
      const m = 20 + Math.floor(r() * 60), a = Math.floor(r() * (800 - m));
      if (index.offsets[1] > a && index.offsets[1] < a + m) continue; // one ticker per window
      const tpl = warpTemplates(p, m);
      const d = fitWindow(p, a < index.offsets[1] ? 0 : 1, a, m, tpl, z, Infinity, ends);
      expect(Math.sqrt(d / m)).toBeCloseTo(warpFitReference(p.values.subarray(a, a + m), points, GRID, sg5), 9);
      // a bound below the answer comes back unchanged
      expect(fitWindow(p, 0, a, m, tpl, z, d * 0.5, ends)).toBe(d * 0.5);
    }
  });

  it("fits a warped, offset and scaled copy of the query exactly, at any length", () => {
    // candidates a little off (start, length) whose refinement grid holds the true window
    for (const [m, s0, m0] of [[40, 52, 36], [200, 54, 192]]) {
      const shape = warpedQueryReference(points, m, [0.05, -0.1, 0.1], () => {});
      const close = Float64Array.from({ length: 300 }, (_, i) => (i >= 50 && i < 50 + m ? Math.exp(3 + 0.2 * shape[i - 50]) : Math.exp(3 + 0.001 * i)));
      const index = buildIndex({ tickers: [{ symbol: "X", days: Int32Array.from({ length: 300 }, (_, i) => i), open: close, high: close, low: close, close, volume: close }] });
      const p = { ...fitParams(index, [{ t: 0, s: s0, m: m0 }]), smoothCoef: Float64Array.of(1), maxLength: 260 };
      const prepared = prepareSeries({ index, series: "close" });
      const fit = warpFitCandidates({ ...p, values: prepared.values, blockSum: prepared.blockSum, blockSumSq: prepared.blockSumSq, blockNan: prepared.blockNan });
      expect(fit.dist[0]).toBeLessThan(1e-6);
      expect([fit.start[0], fit.len[0]]).toEqual([50, m]);
    }
  });

  it("refines each candidate to the best window in reach, inside its range, never over a gap or the excluded window", () => {
    const index = buildIndex({ tickers: walkTickers(3, 3, 300, 140) });
    const candidates = [
      { t: 0, s: 10, m: 40 },
      { t: 1, s: 95, m: 50 }, // over the missing value at 141: only shorter windows ending before it can be scored
      { t: 2, s: 200, m: 60 },
      { t: 2, s: 30, m: 30 },
    ];
    const exclude = { ticker: 2, start: index.offsets[2] + 190, end: index.offsets[2] + 205 };
    const p = fitParams(index, candidates, { exclude, lo: Int32Array.from(candidates, (c) => index.offsets[c.t] + (c.t === 0 ? 8 : 0)) });
    const fit = warpFitCandidates(p);
    candidates.forEach((c, i) => {
      // brute force over the same reach: lengths 4% and centres 2% apart, +-15% and +-6%
      const step = Math.max(1, Math.round(c.m / 25));
      let best = Infinity;
      for (let m = c.m - Math.floor(Math.max(step, Math.round(c.m * 0.15)) / step) * step; m <= c.m + Math.max(step, Math.round(c.m * 0.15)); m += step) {
        const mStep = Math.max(1, Math.round(m / 50)), reach = Math.max(mStep, Math.round(m * 0.06));
        const first = Math.round(p.start[i] + c.m / 2 - m / 2);
        for (let a = first - Math.floor(reach / mStep) * mStep; a <= first + reach; a += mStep) {
          if (a < p.lo[i] || a + m > p.hi[i]) continue;
          const win = p.values.subarray(a, a + m);
          if (win.some(Number.isNaN)) continue;
          if (c.t === exclude.ticker && a < exclude.end && a + m > exclude.start) continue;
          best = Math.min(best, warpFitReference(win, points, GRID, sg5));
        }
      }
      expect(Number.isFinite(best)).toBe(true);
      expect(fit.dist[i]).toBeCloseTo(best, 9);
      const a = fit.start[i], m = fit.len[i];
      expect(a).toBeGreaterThanOrEqual(p.lo[i]);
      expect(a + m).toBeLessThanOrEqual(p.hi[i]);
      expect(p.values.subarray(a, a + m).some(Number.isNaN)).toBe(false);
      if (c.t === 2) expect(a >= exclude.end || a + m <= exclude.start).toBe(true);
      expect(warpFitReference(p.values.subarray(a, a + m), points, GRID, sg5)).toBeCloseTo(fit.dist[i], 9);
    });
  });

  it("gives the same answer on worker threads as on the calling thread", async () => {
    const index = buildIndex({ tickers: walkTickers(4, 4, 300) });
    const candidates = Array.from({ length: 9 }, (_, i) => ({ t: i % 4, s: 20 + 25 * i, m: 30 + 3 * i }));
    const p = fitParams(index, candidates);
    const one = warpFitCandidates(p);
    const two = await runWarpFit({ params: p, threads: 2 });
    expect(Array.from(two.start)).toEqual(Array.from(one.start));
    expect(Array.from(two.len)).toEqual(Array.from(one.len));
    two.dist.forEach((d, i) => expect(d).toBeCloseTo(one.dist[i], 12));
  });

  it("stops once the shared cancel flag is set", () => {
    const index = buildIndex({ tickers: walkTickers(5, 1, 200) });
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(cancel, 0, 1);
    const fit = warpFitCandidates(fitParams(index, [{ t: 0, s: 10, m: 40 }], { cancel }));
    expect(fit.dist[0]).toBe(Infinity);
  });
});
