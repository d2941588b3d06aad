import { describe, expect, it, vi } from "vitest";
import { resample, tiltedQuery } from "@/lib/search/prepare-queries";
import { segmentQuery, segmentScore, segmentScores, turningPoints, type SegmentQuery, type SegmentSettings } from "@/lib/search/segment-score";
import { runSegmentScores } from "@/lib/search/worker-pool";

const SETTINGS = { points: 64, turn: 0.1, reach: 0.15, heightWeight: 0.05, stretchWeight: 0.2 };
/** Piecewise-linear curve through keypoints [time 0..1, value], sampled at n points. */
const curve = (keys: [number, number][], n: number) =>
  Float64Array.from({ length: n }, (_, i) => {
    const u = i / (n - 1);
    const k = Math.max(0, keys.findIndex((_, j) => j + 1 < keys.length && u <= keys[j + 1][0]));
    const [t0, y0] = keys[k], [t1, y1] = keys[k + 1];
    return y0 + ((y1 - y0) * (u - t0)) / (t1 - t0);
  });
const DOUBLE_BOTTOM: [number, number][] = [[0, 1], [0.25, 0], [0.5, 0.6], [0.75, 0], [1, 1]];

describe("turningPoints", () => {
  it("finds the zigzag's extrema and ignores swings below the share", () => {
    const x = curve(DOUBLE_BOTTOM, 41);
    expect(turningPoints(x, 0.1)).toEqual([0, 10, 20, 30, 40]);
    const wobbly = Float64Array.from(x, (v, i) => v + (i % 2 ? 0.15 : 0));
    expect(turningPoints(wobbly, 0.1)).toHaveLength(5);
    expect(turningPoints(wobbly, 0.01).length).toBeGreaterThan(5);
  });
});

describe("segmentScore", () => {
  const q = segmentQuery(curve(DOUBLE_BOTTOM, 30), SETTINGS);
  it("scores the query's own shape near 0 at any length", () => {
    expect(segmentScore(q, curve(DOUBLE_BOTTOM, 50), SETTINGS)).toBeLessThan(0.01);
    expect(segmentScore(q, resample(curve(DOUBLE_BOTTOM, 30), 120), SETTINGS)).toBeLessThan(0.01);
  });
  it("forgives uneven speed and heights section by section, not another shape", () => {
    // the first bottom reached late and the second one higher: still a double bottom
    const lopsided = curve([[0, 1], [0.35, 0], [0.55, 0.7], [0.8, 0.15], [1, 1.1]], 60);
    const vee = curve([[0, 1], [0.5, 0], [1, 1]], 60);
    const top = curve([[0, 0], [0.25, 1], [0.5, 0.4], [0.75, 1], [1, 0]], 60);
    const lop = segmentScore(q, lopsided, SETTINGS);
    expect(lop).toBeLessThan(0.05);
    expect(segmentScore(q, vee, SETTINGS)).toBeGreaterThan(4 * lop);
    expect(segmentScore(q, top, SETTINGS)).toBeGreaterThan(20 * lop);
  });
});

describe("segmentScore with resampleWindow", () => {
  /** A shape with a wobble of `cycles` waves across it, as a hand or daily noise adds, sampled at n candles. */
  const wobbly = (keys: [number, number][], n: number, cycles: number, amplitude = 0.1) => Float64Array.from(curve(keys, n), (y, i) => y + amplitude * Math.sin((2 * Math.PI * cycles * i) / (n - 1) + 1));
  // a hand-drawn double bottom: the first low late, the middle peak high, a slight tremor
  const drawing = segmentQuery(wobbly([[0, 0.95], [0.3, 0.05], [0.52, 0.7], [0.72, 0], [1, 1.05]], 64, 11, 0.03), SETTINGS);
  const RESAMPLED = { ...SETTINGS, resampleWindow: true };
  it("scores a window at the query's resolution, so a short window's wobble is not smoothed away", () => {
    // on its own candles the 5-point smoothing flattens 8 waves over 30 candles, not over 120: half the residual
    const own = segmentScore(drawing, wobbly(DOUBLE_BOTTOM, 120, 8), SETTINGS) / segmentScore(drawing, wobbly(DOUBLE_BOTTOM, 30, 8), SETTINGS);
    const fair = segmentScore(drawing, wobbly(DOUBLE_BOTTOM, 120, 8), RESAMPLED) / segmentScore(drawing, wobbly(DOUBLE_BOTTOM, 30, 8), RESAMPLED);
    expect(own).toBeGreaterThan(1.8);
    expect(fair).toBeLessThan(1.5);
  });
  it("ranks the drawn shape at any length above other shapes at the shortest", () => {
    const long = segmentScore(drawing, wobbly(DOUBLE_BOTTOM, 120, 6), RESAMPLED);
    const vee = segmentScore(drawing, wobbly([[0, 1], [0.5, 0], [1, 1]], 30, 6), RESAMPLED);
    const shoulders = segmentScore(drawing, wobbly([[0, 0.3], [0.15, 0.6], [0.3, 0.3], [0.5, 1], [0.7, 0.3], [0.85, 0.6], [1, 0.3]], 30, 6), RESAMPLED);
    expect(long).toBeLessThan(0.7 * vee);
    expect(long).toBeLessThan(0.2 * shoulders);
  });
});

describe("segmentScores", () => {
  it("scores a batch alike on the calling thread and split over worker threads", async () => {
    let state = 11;
    const random = () => (state = (state * 16807) % 2147483647) / 2147483647 - 0.5;
    const values = new Float64Array(new SharedArrayBuffer(3000 * 8));
    for (let i = 1; i < values.length; i++) values[i] = values[i - 1] + random();
    const len = Int32Array.from({ length: 25 }, (_, c) => 20 + 9 * c);
    const start = Int32Array.from(len, (m, c) => 100 * c + (c % 3));
    const params = { values, start, len, query: segmentQuery(curve(DOUBLE_BOTTOM, 30), SETTINGS), settings: { ...SETTINGS, resampleWindow: true } };
    const one = segmentScores(params);
    expect(one[3]).toBe(segmentScore(params.query, values.subarray(start[3], start[3] + len[3]), params.settings));
    expect(new Set(one).size).toBe(len.length);
    // a worker that fails falls back to the calling thread with a warning: none here, so the threads scored
    const warn = vi.spyOn(console, "warn");
    expect(Array.from(await runSegmentScores({ params, threads: 2 }))).toEqual(Array.from(one));
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("segmentScore's section table", () => {
  it("scores every window to the last bit as the section fit point by point, in a batch and alone", () => {
    let state = 5;
    const random = () => (state = (state * 16807) % 2147483647) / 2147483647 - 0.5;
    const values = new Float64Array(20_000);
    for (let i = 1; i < values.length; i++) values[i] = values[i - 1] + random();
    const len = Int32Array.from({ length: 40 }, (_, c) => 12 + ((c * 37) % 190));
    const start = Int32Array.from(len, (_, c) => 400 * c + (c % 7));
    const shapes = [curve(DOUBLE_BOTTOM, 30), tiltedQuery(curve(DOUBLE_BOTTOM, 30), 0.15), tiltedQuery(curve([[0, 0.3], [0.15, 0.6], [0.3, 0.3], [0.5, 1], [0.7, 0.3], [0.85, 0.6], [1, 0.3]], 64), -0.15)];
    let compared = 0;
    for (const settings of [{ ...SETTINGS, resampleWindow: true }, SETTINGS]) {
      for (const shape of shapes) {
        const query = segmentQuery(shape, settings);
        const batch = segmentScores({ values, start, len, query, settings });
        for (let c = 0; c < len.length; c++) {
          const window = values.subarray(start[c], start[c] + len[c]);
          const expected = referenceScore(query, window, settings);
          expect(batch[c]).toBe(expected);
          expect(segmentScore(query, window, settings)).toBe(expected);
          compared++;
        }
      }
    }
    expect(compared).toBe(240);
  });
});

/**
 * The section score as it was before the section table (lib/search/segment-score.ts before session 13's speed-up): each
 * section of the query resampled afresh, point by point, for every pair of knot positions. The table must give the
 * same scores to the last bit.
 */
function sg5(x: Float64Array): Float64Array {
  const c = [-3 / 35, 12 / 35, 17 / 35, 12 / 35, -3 / 35];
  const out = Float64Array.from(x);
  for (let i = 2; i < x.length - 2; i++) {
    let s = 0;
    for (let k = -2; k <= 2; k++) s += c[k + 2] * x[i + k];
    out[i] = s;
  }
  return out;
}

function referenceScore(q: SegmentQuery, window: ArrayLike<number>, settings: SegmentSettings): number {
  const w = sg5(settings.resampleWindow ? resample(window, settings.points) : Float64Array.from(window));
  const m = w.length;
  let sum = 0, sumSq = 0;
  for (let i = 0; i < m; i++) {
    sum += w[i];
    sumSq += w[i] * w[i];
  }
  const mean = sum / m, sd = Math.sqrt(Math.max(0, sumSq / m - mean * mean));
  for (let i = 0; i < m; i++) w[i] = sd > 1e-12 ? (w[i] - mean) / sd : 0;
  const N = q.values.length, kn = q.knots, K = kn.length - 1, qv = q.values;
  const step = Math.max(1, Math.round(m / 60));
  const reach = Math.round(settings.reach * m);
  const positions = kn.map((k, i) => {
    if (i === 0) return [0];
    if (i === K) return [m - 1];
    const c = Math.round((k / (N - 1)) * (m - 1));
    const out: number[] = [];
    for (let p = c - reach; p <= c + reach; p += step) if (p > 0 && p < m - 1) out.push(p);
    return out.length ? out : [Math.min(m - 2, Math.max(1, c))];
  });
  const hw = settings.heightWeight, sw = settings.stretchWeight;
  const sectionCost = (i: number, t0: number, t1: number) => {
    const L = t1 - t0 + 1, a0 = kn[i - 1], a1 = kn[i];
    // one pass of sums (the fit's residual follows from them), not one pass per moment
    let sq = 0, sx = 0, sqq = 0, sxx = 0, sqx = 0;
    for (let j = 0; j < L; j++) {
      const x = a0 + ((a1 - a0) * j) / Math.max(1, L - 1);
      const f = Math.floor(x), g = x - f;
      const qj = f + 1 < N ? qv[f] * (1 - g) + qv[f + 1] * g : qv[f];
      const wj = w[t0 + j];
      sq += qj;
      sx += wj;
      sqq += qj * qj;
      sxx += wj * wj;
      sqx += qj * wj;
    }
    const mq = sq / L, mw = sx / L;
    const qq = Math.max(0, sqq - sq * mq), qw = sqx - sq * mw, ww = Math.max(0, sxx - sx * mw);
    const a = Math.min(2.5, Math.max(0.4, qq > 1e-12 ? qw / qq : 1));
    const e = Math.max(0, ww - 2 * a * qw + a * a * qq);
    const la = Math.log(a), ls = Math.log((L - 1) / Math.max(1e-9, ((a1 - a0) / (N - 1)) * (m - 1)));
    return e + L * (hw * (la * la + (mw - mq) ** 2) + sw * ls * ls);
  };
  let best = [0];
  for (let i = 1; i <= K; i++) {
    const next = new Array<number>(positions[i].length).fill(Infinity);
    for (let b = 0; b < positions[i].length; b++) {
      for (let a = 0; a < positions[i - 1].length; a++) {
        if (!(best[a] < Infinity) || positions[i][b] <= positions[i - 1][a] + 1) continue;
        const v = best[a] + sectionCost(i, positions[i - 1][a], positions[i][b]);
        if (v < next[b]) next[b] = v;
      }
    }
    best = next;
  }
  return best[0] / m;
}
