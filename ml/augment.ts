import { prepareWindow } from "@/ml/preprocess";
import { gaussian, randomInt, uniform, type Random } from "@/ml/random";
import { PATTERN_SHAPES, shapeAt, type Keypoints, type PatternName } from "@/ml/shapes";

/**
 * Augmentations for contrastive training, written from issue 15's specification of what search must tolerate
 * (not from any benchmark's generator): monotone time warps of several kinds with local speed in 0.65x-1.5x,
 * keypoints off by up to 8% of the height and 3% of the length, Gaussian / Student-t / Laplace / clustered
 * noise, drift up to 25% of the height, 24-250 candles with random-walk context around the pattern, and the two
 * query kinds: a person's drawing (misremembered proportions, uneven speed, a wobbly hand, smoothed) and a
 * real window picked on a chart, whose look-alikes are stretched 0.8-1.25x, rescaled and re-noised.
 */

/** A shape to augment: keypoints (jittered per view) or a dense path on [0, 1] (a real-looking window). */
export type ShapeSource = { kind: "keys"; keys: Keypoints } | { kind: "path"; path: Float64Array };

const MIN_SPEED = 0.65;
const MAX_SPEED = 1.5;

/** Linear interpolation of a dense path sampled evenly on [0, 1]. */
function pathAt(path: Float64Array, u: number): number {
  const x = Math.min(1, Math.max(0, u)) * (path.length - 1);
  const k = Math.min(path.length - 2, Math.floor(x));
  return path[k] + (path[k + 1] - path[k]) * (x - k);
}

/** A random shape of 3-8 turning points (up-down alternation, levels in [0, 1]): not one of the named patterns. */
export function randomKeypoints(r: Random): Keypoints {
  const n = randomInt(r, 3, 8);
  const times = Array.from({ length: n - 2 }, () => uniform(r, 0.05, 0.95)).sort((a, b) => a - b);
  const ts = [0, ...times, 1];
  let up = r() < 0.5;
  let v = r();
  const keys: [number, number][] = [[0, v]];
  for (let i = 1; i < n; i++) {
    v = up ? uniform(r, v, 1) : uniform(r, 0, v);
    // keep every leg visible
    if (Math.abs(v - keys[i - 1][1]) < 0.15) v = up ? Math.min(1, keys[i - 1][1] + 0.15 + 0.3 * r()) : Math.max(0, keys[i - 1][1] - 0.15 - 0.3 * r());
    keys.push([ts[i], v]);
    up = !up;
  }
  return keys;
}

/** A random-walk path of 40-120 steps with Student-t steps, as a stand-in for a window someone picks on a chart. */
export function randomPath(r: Random): Float64Array {
  const n = randomInt(r, 40, 120);
  const y = new Float64Array(n);
  const df = uniform(r, 3, 8);
  // A little momentum makes swings a person would pick instead of pure noise.
  let m = 0;
  for (let i = 1; i < n; i++) {
    m = 0.6 * m + studentT(r, df);
    y[i] = y[i - 1] + m;
  }
  return y;
}

export function namedShape(name: PatternName): ShapeSource {
  return { kind: "keys", keys: PATTERN_SHAPES[name] };
}

/** Keypoints moved by up to `level` of the height and inner ones by up to `time` of the length (order kept). */
export function jitterKeys(r: Random, keys: Keypoints, level: number, time: number): Keypoints {
  const out = keys.map(([t, v]) => [t, v + uniform(r, -level, level)] as [number, number]);
  for (let i = 1; i < out.length - 1; i++) {
    const lo = (keys[i - 1][0] + keys[i][0]) / 2, hi = (keys[i][0] + keys[i + 1][0]) / 2;
    out[i][0] = Math.min(hi, Math.max(lo, keys[i][0] + uniform(r, -time, time)));
  }
  return out;
}

function studentT(r: Random, df: number): number {
  // normal / sqrt(chi2 / df), chi2 as a sum of squares (df rounded), scaled to unit variance
  const k = Math.max(3, Math.round(df));
  let c = 0;
  for (let i = 0; i < k; i++) c += gaussian(r) ** 2;
  return (gaussian(r) / Math.sqrt(c / k)) * Math.sqrt((k - 2) / k);
}

function laplace(r: Random): number {
  const u = r() - 0.5;
  return (-Math.sign(u) * Math.log(1 - 2 * Math.abs(u))) / Math.SQRT2;
}

/** Unit-variance noise of one of four families, n draws (the clustered one: GARCH(1,1)-like volatility). */
export function noiseSeries(r: Random, n: number): Float64Array {
  const out = new Float64Array(n);
  const family = randomInt(r, 0, 3);
  const df = uniform(r, 3, 6);
  let h = 1;
  for (let i = 0; i < n; i++) {
    if (family === 0) out[i] = gaussian(r);
    else if (family === 1) out[i] = studentT(r, df);
    else if (family === 2) out[i] = laplace(r);
    else {
      const e = gaussian(r) * Math.sqrt(h);
      out[i] = e;
      h = 0.1 + 0.15 * e * e + 0.75 * h;
    }
  }
  return out;
}

/**
 * A monotone warp of [0, 1] onto itself whose local speed stays in 0.65x-1.5x: of four kinds (piecewise
 * constant speed over 2-10 segments, smooth log-speed of 1-3 sines, 1-3 local bursts, or none), scaled by
 * `strength` in [0, 1].
 */
export function randomWarp(r: Random, strength = 1): (u: number) => number {
  const K = 128;
  const logSpeed = new Float64Array(K);
  const kind = randomInt(r, 0, 3);
  const lo = Math.log(MIN_SPEED) * strength, hi = Math.log(MAX_SPEED) * strength;
  if (kind === 0) {
    const segs = randomInt(r, 2, 10);
    const cuts = Array.from({ length: segs - 1 }, () => r()).sort((a, b) => a - b);
    const speeds = Array.from({ length: segs }, () => uniform(r, lo, hi));
    let s = 0;
    for (let i = 0; i < K; i++) {
      while (s < cuts.length && i / (K - 1) > cuts[s]) s++;
      logSpeed[i] = speeds[s];
    }
  } else if (kind === 1) {
    const waves = Array.from({ length: randomInt(r, 1, 3) }, () => ({ f: uniform(r, 0.3, 2.5), p: r() * 2 * Math.PI, a: r() }));
    const total = waves.reduce((a, w) => a + w.a, 0) || 1;
    for (let i = 0; i < K; i++) {
      const u = i / (K - 1);
      let v = 0;
      for (const w of waves) v += (w.a / total) * Math.sin(2 * Math.PI * w.f * u + w.p);
      logSpeed[i] = v > 0 ? v * hi : -v * lo;
    }
  } else if (kind === 2) {
    const bursts = Array.from({ length: randomInt(r, 1, 3) }, () => ({ c: r(), w: uniform(r, 0.05, 0.2), s: r() < 0.5 ? lo : hi }));
    for (let i = 0; i < K; i++) {
      const u = i / (K - 1);
      let v = 0;
      for (const b of bursts) v += b.s * Math.exp(-(((u - b.c) / b.w) ** 2));
      logSpeed[i] = Math.min(hi, Math.max(lo, v));
    }
  }
  // the shape advances exp(logSpeed) per unit of output time; normalised so the whole shape is shown
  const adv = new Float64Array(K);
  for (let i = 1; i < K; i++) adv[i] = adv[i - 1] + Math.exp((logSpeed[i - 1] + logSpeed[i]) / 2);
  const norm = adv[K - 1] || 1;
  return (u) => {
    const x = Math.min(1, Math.max(0, u)) * (K - 1);
    const k = Math.min(K - 2, Math.floor(x));
    return (adv[k] + (adv[k + 1] - adv[k]) * (x - k)) / norm;
  };
}

/** The source's level at shape time u for one view (keypoints jittered by the caller). */
function levelOf(source: ShapeSource, keys: Keypoints | null, u: number): number {
  return source.kind === "keys" ? shapeAt(keys!, u) : pathAt(source.path, u);
}

/** Height-normalised copy of a path (range 1), so drift and jitter are in units of the shape's height. */
function normalisePath(path: Float64Array): Float64Array {
  let lo = Infinity, hi = -Infinity;
  for (const v of path) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi - lo || 1;
  return Float64Array.from(path, (v) => (v - lo) / span);
}

function movingAverage(y: Float64Array, half: number): Float64Array {
  if (half < 1) return y;
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const a = Math.max(0, i - half), b = Math.min(y.length - 1, i + half);
    let s = 0;
    for (let j = a; j <= b; j++) s += y[j];
    out[i] = s / (b - a + 1);
  }
  return out;
}

/** Log-uniform whole number in [lo, hi]. */
function logInt(r: Random, lo: number, hi: number): number {
  return Math.round(Math.exp(uniform(r, Math.log(lo), Math.log(hi))));
}

/**
 * A window as the data shows a pattern: 24-250 candles (log-uniform), warped, proportions jittered, height
 * 1-3.5 per-step volatilities x sqrt(length) over a random walk of up to 0.6 of that volatility, noise of one of
 * four families at 0.2-1x, drift up to 25% of the height, 0-30% random-walk context split around it.
 */
export function dataView(r: Random, source: ShapeSource, lengthRange: [number, number] = [24, 250]): Float64Array {
  const total = logInt(r, lengthRange[0], lengthRange[1]);
  const context = r() < 0.6 ? Math.round(total * uniform(r, 0, 0.3)) : 0;
  const n = Math.max(12, total - context);
  const keys = source.kind === "keys" ? jitterKeys(r, source.keys, 0.08, 0.03) : null;
  const path = source.kind === "path" ? { kind: "path" as const, path: normalisePath(source.path) } : source;
  const warp = randomWarp(r, uniform(r, 0.3, 1));
  // a picked window's look-alikes: its path stretched 0.8-1.25x (the length), smoothed so its own noise is gone
  const smoothPath = path.kind === "path" ? { kind: "path" as const, path: movingAverage(path.path, Math.max(1, Math.round(path.path.length * 0.03))) } : path;
  const height = uniform(r, 1, 3.5) * Math.sqrt(n);
  const walk = uniform(r, 0, 0.6);
  const noiseLevel = uniform(r, 0.2, 1);
  const noise = noiseSeries(r, n);
  const drift = uniform(r, -0.25, 0.25);
  const y = new Float64Array(n + context);
  const before = randomInt(r, 0, context);
  let w = 0;
  for (let i = 0; i < n; i++) {
    const u = n > 1 ? i / (n - 1) : 0;
    w += gaussian(r) * walk;
    y[before + i] = height * (levelOf(smoothPath, keys, warp(u)) + drift * u) + w + noise[i] * noiseLevel;
  }
  for (let i = before - 1; i >= 0; i--) y[i] = y[i + 1] + gaussian(r);
  for (let i = before + n; i < y.length; i++) y[i] = y[i - 1] + gaussian(r);
  return y;
}

/**
 * A query as a person draws it: heights misremembered by up to 15%, turning points by up to 6% of the width,
 * an uneven pace (a warp), a slow wobble and a fast tremor of a few percent of the height, smoothed like a
 * sketch pad's stroke; 30-120 points. A path source is drawn as its smoothed outline.
 */
export function drawnView(r: Random, source: ShapeSource): Float64Array {
  const n = randomInt(r, 30, 120);
  const keys = source.kind === "keys" ? jitterKeys(r, source.keys, 0.15, 0.06) : null;
  const path = source.kind === "path" ? { kind: "path" as const, path: movingAverage(normalisePath(source.path), Math.max(1, Math.round(source.path.length * 0.04))) } : source;
  const warp = randomWarp(r, uniform(r, 0.5, 1));
  const wobble = { a: uniform(r, 0, 0.04), f: uniform(r, 0.5, 2), p: r() * 2 * Math.PI };
  const tremor = uniform(r, 0, 0.02);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = i / (n - 1);
    y[i] = levelOf(path, keys, warp(u)) + wobble.a * Math.sin(2 * Math.PI * wobble.f * u + wobble.p) + gaussian(r) * tremor;
  }
  return movingAverage(y, Math.max(1, Math.round(n * 0.02)));
}

/** A clean query: the source as it is (keypoints unjittered; a path as it was picked, its own noise kept). */
export function cleanView(source: ShapeSource, n = 64): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (source.kind === "keys" ? shapeAt(source.keys, i / (n - 1)) : pathAt(source.path, i / (n - 1))));
}

/**
 * One contrastive pair, each side prepared for the model (resampled to `length`, z-normalised): a query-side
 * view (clean 35%, drawn 35%, another data view 30%; a path source is queried as picked, or drawn) and a
 * data-side view.
 */
export function contrastivePair(r: Random, source: ShapeSource, length: number, lengthRange?: [number, number]): [Float32Array, Float32Array] {
  const p = r();
  let query: Float64Array;
  if (source.kind === "path") query = p < 0.7 ? source.path : drawnView(r, source);
  else query = p < 0.35 ? cleanView(source) : p < 0.7 ? drawnView(r, source) : dataView(r, source, lengthRange);
  return [prepareWindow(query, length), prepareWindow(dataView(r, source, lengthRange), length)];
}
