import { describe, expect, it } from "vitest";
import { prepareWindow, resample, zNormalise } from "@/ml/preprocess";
import { createRandom } from "@/ml/random";
import { PATTERN_CLASSES, PATTERN_SHAPES, patternSketch, type PatternName } from "@/ml/shapes";
import { DEFAULT_GENERATOR_OPTIONS, generateDataset, generateVariants, generateWindow, type GeneratorOptions } from "@/ml/synthetic";

const N = 64;
// Quiet windows, so single-window geometry checks are about the shape and not about a noise draw.
const QUIET: GeneratorOptions = {
  ...DEFAULT_GENERATOR_OPTIONS,
  noiseRange: [0.02, 0.02],
  walkRange: [0, 0],
  maxDrift: 0,
  maxWarp: 0.1,
  volatilityRatioRange: [1, 1],
  contextRange: [0, 0],
};

function windows(cls: (typeof PATTERN_CLASSES)[number], count: number, generator = DEFAULT_GENERATOR_OPTIONS, seed = 1) {
  const r = createRandom(seed);
  return Array.from({ length: count }, () => generateWindow({ random: r, cls, length: N, generator }));
}

const argmin = (a: ArrayLike<number>, lo: number, hi: number) => {
  let k = lo;
  for (let i = lo; i < hi; i++) if (a[i] < a[k]) k = i;
  return k;
};
const argmax = (a: ArrayLike<number>, lo: number, hi: number) => {
  let k = lo;
  for (let i = lo; i < hi; i++) if (a[i] > a[k]) k = i;
  return k;
};
const slope = (a: ArrayLike<number>) => {
  const n = a.length;
  const tm = (n - 1) / 2;
  let s = 0;
  for (let i = 0; i < n; i++) s += (i - tm) * a[i];
  return s;
};
const correlation = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  const x = zNormalise(a);
  const y = zNormalise(b);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s / x.length;
};

describe("preprocess", () => {
  it("resamples the end points exactly and interpolates between", () => {
    const r = resample([0, 10], 5);
    expect(Array.from(r)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(Array.from(resample([1, 2, 3, 4, 5, 6, 7], 4))).toEqual([1, 3, 5, 7]);
  });
  it("z-normalises to mean 0 and sd 1, and a flat window to zeros", () => {
    const z = zNormalise([3, 5, 9, 1, 7]);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length);
    expect(mean).toBeCloseTo(0, 6);
    expect(sd).toBeCloseTo(1, 5);
    expect(Array.from(zNormalise([4, 4, 4]))).toEqual([0, 0, 0]);
  });
  it("makes a window's price level and scale irrelevant", () => {
    const a = Array.from({ length: 90 }, (_, i) => Math.sin(i / 7) + i / 30);
    const b = a.map((v) => 250 + 37 * v);
    const pa = prepareWindow(a);
    const pb = prepareWindow(b);
    for (let i = 0; i < N; i++) expect(pb[i]).toBeCloseTo(pa[i], 4);
  });
});

describe("synthetic generator", () => {
  it("is deterministic by seed", () => {
    const a = generateDataset({ samples: 90, seed: 42 });
    const b = generateDataset({ samples: 90, seed: 42 });
    const c = generateDataset({ samples: 90, seed: 43 });
    expect(b.inputs).toEqual(a.inputs);
    expect(b.labels).toEqual(a.labels);
    expect(c.inputs).not.toEqual(a.inputs);
  });

  it("is balanced, shuffled and z-normalised", () => {
    const d = generateDataset({ samples: 900, seed: 7 });
    const counts = new Array(PATTERN_CLASSES.length).fill(0);
    for (const l of d.labels) counts[l]++;
    expect(counts).toEqual(new Array(PATTERN_CLASSES.length).fill(100));
    expect(Array.from(d.labels.slice(0, 9))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    for (let s = 0; s < d.samples; s += 37) {
      const row = d.inputs.subarray(s * N, (s + 1) * N);
      const mean = row.reduce((a, b) => a + b, 0) / N;
      expect(Math.abs(mean)).toBeLessThan(1e-4);
      expect(row.every(Number.isFinite)).toBe(true);
    }
  });

  it("puts a double bottom's two lows near 25% and 75%, and a double top's highs there", () => {
    for (const w of windows("double-bottom", 30, QUIET)) {
      expect(argmin(w, 0, N / 2) / (N - 1)).toBeGreaterThan(0.12);
      expect(argmin(w, 0, N / 2) / (N - 1)).toBeLessThan(0.38);
      expect(argmin(w, N / 2, N) / (N - 1)).toBeGreaterThan(0.62);
      expect(argmin(w, N / 2, N) / (N - 1)).toBeLessThan(0.88);
    }
    for (const w of windows("double-top", 30, QUIET)) {
      expect(argmax(w, 0, N / 2) / (N - 1)).toBeGreaterThan(0.12);
      expect(argmax(w, N / 2, N) / (N - 1)).toBeLessThan(0.88);
    }
  });

  it("puts a head-and-shoulders' highest point (and the inverse's lowest) in the middle third", () => {
    for (const w of windows("head-and-shoulders", 30, QUIET)) {
      const k = argmax(w, 0, N) / (N - 1);
      expect(k).toBeGreaterThan(1 / 3);
      expect(k).toBeLessThan(2 / 3);
    }
    for (const w of windows("inverse-head-and-shoulders", 30, QUIET)) {
      const k = argmin(w, 0, N) / (N - 1);
      expect(k).toBeGreaterThan(1 / 3);
      expect(k).toBeLessThan(2 / 3);
    }
  });

  it("gives a v-reversal its low in the middle and a cup its low in the first two thirds", () => {
    for (const w of windows("v-reversal", 30, QUIET)) {
      const k = argmin(w, 0, N) / (N - 1);
      expect(k).toBeGreaterThan(0.3);
      expect(k).toBeLessThan(0.7);
    }
    for (const w of windows("cup-and-handle", 30, QUIET)) {
      const k = argmin(w, 0, N) / (N - 1);
      expect(k).toBeGreaterThan(0.2);
      expect(k).toBeLessThan(0.65);
    }
  });

  it("surrounds a pattern with random-walk context when asked, and draws the same windows without it as before", () => {
    const plain = { ...QUIET, contextRange: undefined };
    expect(windows("double-top", 5, plain, 4)).toEqual(windows("double-top", 5, { ...QUIET, contextRange: [0, 0] }, 4));
    const framed = windows("v-reversal", 200, { ...QUIET, contextRange: [0.3, 0.3] }, 5);
    const mean = new Float32Array(N);
    for (const w of framed) for (let i = 0; i < N; i++) mean[i] += w[i] / framed.length;
    // On average the pattern's low is still in the middle of the window ...
    expect(argmin(mean, 0, N) / (N - 1)).toBeGreaterThan(0.35);
    expect(argmin(mean, 0, N) / (N - 1)).toBeLessThan(0.65);
    // ... but each window puts the pattern elsewhere: the lows spread out.
    const lows = framed.map((w) => argmin(w, 0, N) / (N - 1));
    expect(Math.max(...lows) - Math.min(...lows)).toBeGreaterThan(0.2);
    expect(windows("noise", 3, { ...QUIET, contextRange: [0.3, 0.3] }, 6)).toEqual(windows("noise", 3, { ...QUIET, contextRange: [0, 0] }, 6));
  });

  it("gives rising trends a positive slope and falling trends a negative one, at the default noise", () => {
    expect(windows("rising-trend", 200).every((w) => slope(w) > 0)).toBe(true);
    expect(windows("falling-trend", 200).every((w) => slope(w) < 0)).toBe(true);
  });

  it("keeps noise-only windows free of a strong trend", () => {
    const t = Float32Array.from({ length: N }, (_, i) => i);
    for (const w of windows("noise", 200)) expect(Math.abs(correlation(w, t))).toBeLessThanOrEqual(0.62);
  });

  it("makes each pattern's average window look like its sketch, at the default noise", () => {
    for (const name of Object.keys(PATTERN_SHAPES) as PatternName[]) {
      // The pattern itself: without the context around it (which blurs an average by shifting the pattern).
      const ws = windows(name, 200, { ...DEFAULT_GENERATOR_OPTIONS, contextRange: [0, 0] }, 3);
      const mean = new Float32Array(N);
      for (const w of ws) for (let i = 0; i < N; i++) mean[i] += w[i] / ws.length;
      expect(correlation(mean, patternSketch(name, N)), name).toBeGreaterThan(0.95);
    }
  });

  it("makes variants of a reference that stay close to it and are reproducible", () => {
    const r = createRandom(5);
    const reference = Array.from({ length: 80 }, (_, i) => Math.sin(i / 9) * 3 + r());
    const a = generateVariants({ reference, count: 20, seed: 9 });
    const b = generateVariants({ reference, count: 20, seed: 9 });
    expect(b).toEqual(a);
    const ref = prepareWindow(reference);
    // Up to 10% shift and 10% stretch of a curve spanning ~1.4 periods costs some correlation, not the shape.
    const cs = a.map((v) => correlation(v, ref));
    expect(Math.min(...cs)).toBeGreaterThan(0.6);
    expect(cs.reduce((x, y) => x + y, 0) / cs.length).toBeGreaterThan(0.85);
    const other = prepareWindow(Array.from({ length: 80 }, (_, i) => -Math.sin(i / 9) * 3));
    expect(Math.max(...a.map((v) => correlation(v, other)))).toBeLessThan(0);
    expect(correlation(a[0], a[1])).toBeLessThan(0.99999);
  });
});
