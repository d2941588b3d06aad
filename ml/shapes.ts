/**
 * Keypoint shapes of the patterns: [time in 0..1, level in 0..1] joined by straight lines. The one definition of
 * each pattern: the search presets (lib/search/presets.ts) are these shapes and the synthetic training data
 * (ml/synthetic.ts) is drawn from them, so a preset query and a window the model calls that pattern agree on what
 * the pattern looks like. The six chart patterns also match the planted-pattern benchmark's sketches; a trend is
 * a straight line (the training data bends it by a random monotone time warp and lays it under a random walk, which
 * gives the pullbacks real trends have).
 */
export type Keypoints = ReadonlyArray<readonly [number, number]>;

export const PATTERN_SHAPES = {
  "head-and-shoulders": [[0, 0.15], [0.15, 0.6], [0.3, 0.3], [0.5, 1], [0.7, 0.3], [0.85, 0.6], [1, 0.1]],
  "inverse-head-and-shoulders": [[0, 0.85], [0.15, 0.4], [0.3, 0.7], [0.5, 0], [0.7, 0.7], [0.85, 0.4], [1, 0.9]],
  "double-top": [[0, 0], [0.25, 1], [0.5, 0.4], [0.75, 1], [1, 0]],
  "double-bottom": [[0, 1], [0.25, 0], [0.5, 0.6], [0.75, 0], [1, 1]],
  "cup-and-handle": [[0, 1], [0.1, 0.65], [0.25, 0.25], [0.4, 0.05], [0.55, 0.1], [0.7, 0.45], [0.8, 0.95], [0.87, 0.75], [1, 1]],
  "v-reversal": [[0, 1], [0.5, 0], [1, 0.95]],
  "rising-trend": [[0, 0], [1, 1]],
  "falling-trend": [[0, 1], [1, 0]],
} as const satisfies Record<string, Keypoints>;

export type PatternName = keyof typeof PATTERN_SHAPES;

/** The classes the model predicts, in the order of its softmax outputs. */
export const PATTERN_CLASSES = [
  "head-and-shoulders",
  "inverse-head-and-shoulders",
  "double-top",
  "double-bottom",
  "cup-and-handle",
  "v-reversal",
  "rising-trend",
  "falling-trend",
  "noise",
] as const;

export type PatternClass = (typeof PATTERN_CLASSES)[number];

export function shapeAt(keys: Keypoints, u: number): number {
  for (let i = 1; i < keys.length; i++) {
    if (u <= keys[i][0]) {
      const [x0, y0] = keys[i - 1];
      const [x1, y1] = keys[i];
      return y0 + ((y1 - y0) * (u - x0)) / (x1 - x0);
    }
  }
  return keys[keys.length - 1][1];
}

/** A clean sketch of a pattern with `n` points (what a preset query looks like). */
export function patternSketch(name: PatternName, n = 64): Float32Array {
  const keys = PATTERN_SHAPES[name];
  return Float32Array.from({ length: n }, (_, i) => shapeAt(keys, i / (n - 1)));
}
