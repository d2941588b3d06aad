import { describe, expect, it, vi } from "vitest";
import { resample } from "@/lib/search/prepare-queries";
import { segmentQuery, segmentScore, segmentScores, turningPoints } from "@/lib/search/segment-score";
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
