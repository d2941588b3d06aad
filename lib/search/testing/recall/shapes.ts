/**
 * The benchmark's own chart patterns, as keypoints [time u, height y] with u and y in [0, 1]. Written for the recall
 * suite on purpose apart from the engine's presets (lib/search/presets.ts, ml/shapes.ts): a benchmark that shares the
 * engine's definitions would only measure how well the engine finds its own drawings.
 */
export type Keypoints = ReadonlyArray<readonly [number, number]>;

const mirror = (keys: Keypoints): Keypoints => keys.map(([u, y]) => [u, 1 - y] as const);

const headAndShoulders: Keypoints = [[0, 0.05], [0.14, 0.58], [0.28, 0.3], [0.48, 1], [0.66, 0.32], [0.82, 0.6], [1, 0]];
const doubleTop: Keypoints = [[0, 0.05], [0.22, 1], [0.5, 0.35], [0.78, 0.98], [1, 0]];

export const RECALL_SHAPES = {
  "head-and-shoulders": headAndShoulders,
  "inverse-head-and-shoulders": mirror(headAndShoulders),
  "double-top": doubleTop,
  "double-bottom": [[0, 0.95], [0.24, 0], [0.5, 0.62], [0.76, 0.02], [1, 1]],
  // a rounded cup (several points along its floor), a rim, a shallow handle, the breakout
  "cup-and-handle": [[0, 1], [0.08, 0.72], [0.18, 0.4], [0.3, 0.12], [0.42, 0], [0.54, 0.08], [0.64, 0.35], [0.76, 0.92], [0.86, 0.74], [1, 1]],
  "v-reversal": [[0, 1], [0.44, 0.06], [0.5, 0], [0.56, 0.07], [1, 0.92]],
} as const satisfies Record<string, Keypoints>;

export type RecallShape = keyof typeof RECALL_SHAPES;
export const RECALL_SHAPE_NAMES = Object.keys(RECALL_SHAPES) as RecallShape[];

/** The polyline through the keypoints at time u (clamped to its ends). */
export function keypointsAt(keys: Keypoints, u: number): number {
  if (u <= keys[0][0]) return keys[0][1];
  for (let i = 1; i < keys.length; i++) {
    const [u1, y1] = keys[i];
    if (u <= u1) {
      const [u0, y0] = keys[i - 1];
      return u1 === u0 ? y1 : y0 + ((y1 - y0) * (u - u0)) / (u1 - u0);
    }
  }
  return keys[keys.length - 1][1];
}

/** n equally spaced samples of the polyline: the clean sketch query. */
export function sampleKeypoints(keys: Keypoints, n = 64): number[] {
  return Array.from({ length: n }, (_, i) => keypointsAt(keys, n === 1 ? 0 : i / (n - 1)));
}

/**
 * Imprecise proportions: every keypoint's height moved by up to `dy` (of the height, which is 1), every inner
 * keypoint's time by up to `du` (of the length), times kept in order. The ends stay at u = 0 and 1.
 */
export function jitterKeypoints(keys: Keypoints, r: () => number, dy: number, du: number): [number, number][] {
  const out: [number, number][] = keys.map(([u, y]) => [u, y + (2 * r() - 1) * dy]);
  for (let i = 1; i < out.length - 1; i++) {
    const lo = out[i - 1][0] + 1e-3, hi = keys[i + 1][0] - 1e-3;
    out[i][0] = Math.min(hi, Math.max(lo, keys[i][0] + (2 * r() - 1) * du));
  }
  return out;
}
