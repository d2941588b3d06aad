/**
 * A second, independent implementation of issue 15's specification for the recall suite's "-b" families, written
 * after the engine work of the first families so the engine was never tuned on it: other warp models (smooth
 * knots in log-speed, an Ornstein-Uhlenbeck speed), other proportion errors (Gaussian, one side of the pattern
 * scaled), other noise (jump diffusion, stochastic volatility), two shapes the other families do not plant, another
 * hand-drawing model (a spline through remembered turning points, drawn at the drawer's own size with a tilting
 * hand, sometimes in two strokes, small features exaggerated or shrunk), and picked-range look-alikes that are
 * Gaussian-smoothed, warped locally as well as stretched, and drift. Families using it are held out: reported, never chosen on.
 */
import { smoothStroke, strokesToSeries, type StrokePoint } from "@/lib/chart/sketch";
import { gaussian } from "@/lib/search/testing/random";
import { RECALL_SHAPES, type Keypoints } from "@/lib/search/testing/recall/shapes";
import { MAX_SPEED, MIN_SPEED, warpFromSpeeds, type Warp } from "@/lib/search/testing/recall/warps";

export const WARP_FAMILIES_B = ["spline-speed", "ou-speed"] as const;
export type WarpFamilyB = (typeof WARP_FAMILIES_B)[number];
export const NOISE_FAMILIES_B = ["jump-diffusion", "stochastic-vol"] as const;
export type NoiseFamilyB = (typeof NOISE_FAMILIES_B)[number];

const GRID = 400;
const LOG_MIN = Math.log(MIN_SPEED), LOG_MAX = Math.log(MAX_SPEED);

/** The six shapes of the other families and two more (a triple bottom, a bull flag). */
export const SHAPES_B: Record<string, Keypoints> = {
  ...RECALL_SHAPES,
  "triple-bottom": [[0, 1], [0.17, 0.04], [0.33, 0.55], [0.5, 0], [0.67, 0.52], [0.83, 0.06], [1, 0.95]],
  "bull-flag": [[0, 0], [0.3, 0.85], [0.42, 0.72], [0.5, 0.8], [0.62, 0.64], [0.7, 0.7], [0.8, 0.6], [1, 1]],
};

const clip = (x: number, a: number, b: number) => Math.min(b, Math.max(a, x));

/** A random monotone warp whose local speed stays within the specification's 0.65x-1.5x. */
export function randomWarpB(family: WarpFamilyB, r: () => number): Warp {
  const v = new Float64Array(GRID);
  if (family === "spline-speed") {
    // log-speed at 4-9 random knots, cosine-interpolated between them: smooth, with its own irregular rhythm
    const k = 4 + Math.floor(r() * 6);
    const at = [0, ...Array.from({ length: k - 2 }, () => r()).sort((a, b) => a - b), 1];
    const level = at.map(() => LOG_MIN + (LOG_MAX - LOG_MIN) * r());
    for (let j = 0; j < GRID; j++) {
      const u = (j + 0.5) / GRID;
      let s = 0;
      while (s < k - 2 && u > at[s + 1]) s++;
      const t = at[s + 1] > at[s] ? (u - at[s]) / (at[s + 1] - at[s]) : 0;
      const w = (1 - Math.cos(Math.PI * t)) / 2;
      v[j] = Math.exp(level[s] * (1 - w) + level[s + 1] * w);
    }
  } else {
    // log-speed an Ornstein-Uhlenbeck path: rough, wandering, correlation length 4-20% of the pattern
    const corr = 0.04 + 0.16 * r(), sd = 0.15 + 0.2 * r();
    const a = Math.exp(-1 / (corr * GRID));
    let x = gaussian(r) * sd;
    for (let j = 0; j < GRID; j++) {
      x = a * x + Math.sqrt(1 - a * a) * sd * gaussian(r);
      v[j] = Math.exp(clip(x, LOG_MIN, LOG_MAX));
    }
  }
  return warpFromSpeeds(v);
}

/**
 * Imprecise proportions, another way: heights off by a Gaussian error (sd a third of `dy`, clipped at `dy`) plus one
 * side of the pattern scaled by up to `dy` (a lopsided shape), inner times by a Gaussian error clipped at `du`.
 */
export function jitterKeypointsB(keys: Keypoints, r: () => number, dy: number, du: number): [number, number][] {
  const side = (2 * r() - 1) * dy, pivot = 0.3 + 0.4 * r(), leftSide = r() < 0.5;
  const out: [number, number][] = keys.map(([u, y]) => {
    const lopsided = (leftSide ? u < pivot : u > pivot) ? side * y : 0;
    // 0.999: the sum must stay inside the bound after rounding
    return [u, y + clip(lopsided + gaussian(r) * (dy / 3), -0.999 * dy, 0.999 * dy)];
  });
  for (let i = 1; i < out.length - 1; i++) {
    const lo = out[i - 1][0] + 1e-3, hi = keys[i + 1][0] - 1e-3;
    out[i][0] = clip(keys[i][0] + clip(gaussian(r) * (du / 2), -du, du), lo, hi);
  }
  return out;
}

/** n draws of unit variance: Gaussian days with rare fat-tailed jumps, or a slowly wandering volatility. */
export function noiseSeriesB(family: NoiseFamilyB, r: () => number, n: number): Float64Array {
  const out = new Float64Array(n);
  if (family === "jump-diffusion") {
    // 4% of days also jump by 3 x a unit-variance t(4) draw
    const base = 0.6, p = 0.04, jump = 3;
    const variance = base * base + p * jump * jump;
    for (let i = 0; i < n; i++) {
      let x = gaussian(r) * base;
      if (r() < p) {
        const chi = gaussian(r) ** 2 + gaussian(r) ** 2 + gaussian(r) ** 2 + gaussian(r) ** 2;
        x += (jump * gaussian(r)) / Math.sqrt(Math.max(chi, 1e-12) / 4) / Math.SQRT2;
      }
      out[i] = x / Math.sqrt(variance);
    }
  } else {
    // log-volatility AR(1) with persistence 0.97 and sd 0.5: calm and stormy stretches within one pattern
    const phi = 0.97, sd = 0.5;
    let h = gaussian(r) * sd;
    for (let i = 0; i < n; i++) {
      h = phi * h + Math.sqrt(1 - phi * phi) * sd * gaussian(r);
      out[i] = gaussian(r) * Math.exp(h - sd * sd);
    }
  }
  return out;
}

/** A smooth random warp of local speed within about +-11% of 1 (laid over a picked range's look-alike's stretch). */
export function localWarpB(r: () => number): Warp {
  const waves = [0, 1].map(() => ({ a: 0.02 + 0.03 * r(), f: 0.5 + 2 * r(), p: 2 * Math.PI * r() }));
  const v = Float64Array.from({ length: GRID }, (_, j) => Math.exp(waves.reduce((s, w) => s + w.a * Math.sin(2 * Math.PI * w.f * ((j + 0.5) / GRID) + w.p), 0)));
  return warpFromSpeeds(v);
}

/** Gaussian smoothing (sd sigma points, reflected at the ends). */
export function gaussianSmooth(x: ArrayLike<number>, sigma: number): Float64Array {
  const n = x.length, out = new Float64Array(n), h = Math.ceil(3 * sigma);
  for (let i = 0; i < n; i++) {
    let s = 0, ws = 0;
    for (let d = -h; d <= h; d++) {
      let j = i + d;
      if (j < 0) j = -j;
      if (j >= n) j = 2 * n - 2 - j;
      j = clip(j, 0, n - 1);
      const w = Math.exp(-0.5 * (d / sigma) ** 2);
      s += w * x[j];
      ws += w;
    }
    out[i] = s / ws;
  }
  return out;
}

const PAD_WIDTH = 640, PAD_HEIGHT = 220, PAD_SMOOTHING = 3;

/**
 * Another simulated drawer: remembers the turning points with Gaussian errors (heights sd 6% clipped at 15%,
 * times sd 2.5% clipped at 6%), makes small features (a handle, a shoulder) 0.7-1.5x their size, draws a
 * Catmull-Rom curve through what it remembers (so turns are round and overshoot a little) at its own size on the
 * pad with the hand tilting by up to 8% of the drawing's height from left to right, sometimes lifts the pen once
 * and restarts a few pixels back; pointer events at about 60 Hz with a pixel of jitter.
 */
export function handDrawnQueryB(keys: Keypoints, r: () => number, n = 64): { stroke: StrokePoint[][]; points: number[] } {
  const remembered: [number, number][] = keys.map(([u, y]) => [u, y + clip(gaussian(r) * 0.06, -0.15, 0.15)]);
  for (let i = 1; i < remembered.length - 1; i++) remembered[i][0] = clip(keys[i][0] + clip(gaussian(r) * 0.025, -0.06, 0.06), remembered[i - 1][0] + 0.01, keys[i + 1][0] - 0.01);
  // small features: a swing of under a quarter of the height is drawn bigger or smaller than it is
  for (let i = 1; i < remembered.length - 1; i++) {
    const swing = Math.min(Math.abs(remembered[i][1] - remembered[i - 1][1]), Math.abs(remembered[i][1] - remembered[i + 1][1]));
    if (swing < 0.25) {
      const f = 0.7 + 0.8 * r(), ref = (remembered[i - 1][1] + remembered[i + 1][1]) / 2;
      remembered[i][1] = ref + (remembered[i][1] - ref) * f;
    }
  }
  const x0 = 15 + 120 * r(), x1 = PAD_WIDTH - 15 - 120 * r();
  const height = 90 + 110 * r(), top = (PAD_HEIGHT - height) * r();
  const tilt = (2 * r() - 1) * 0.08 * height;
  const pts = remembered.map(([u, y]) => ({ x: x0 + (x1 - x0) * u, y: top + height * (1 - y) + tilt * u }));
  // Catmull-Rom through the remembered points, sampled densely, then walked at a roughly even pen speed
  const dense: StrokePoint[] = [];
  for (let s = 0; s < pts.length - 1; s++) {
    const p0 = pts[Math.max(0, s - 1)], p1 = pts[s], p2 = pts[s + 1], p3 = pts[Math.min(pts.length - 1, s + 2)];
    for (let k = 0; k < 40; k++) {
      const t = k / 40, t2 = t * t, t3 = t2 * t;
      const f = (a: number, b: number, c: number, d: number) => 0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      dense.push({ x: f(p0.x, p1.x, p2.x, p3.x), y: f(p0.y, p1.y, p2.y, p3.y) });
    }
  }
  dense.push(pts[pts.length - 1]);
  const speed = 6 + 8 * r();
  const events: StrokePoint[] = [];
  let carry = 0;
  for (let i = 1; i < dense.length; i++) {
    carry += Math.hypot(dense[i].x - dense[i - 1].x, dense[i].y - dense[i - 1].y);
    const step = speed * (0.6 + 0.8 * r());
    if (carry >= step || i === dense.length - 1) {
      carry = 0;
      events.push({ x: Math.round(dense[i].x + gaussian(r) * 0.7), y: Math.round(dense[i].y + gaussian(r) * 0.7) });
    }
  }
  events.unshift({ x: Math.round(dense[0].x), y: Math.round(dense[0].y) });
  const strokes: StrokePoint[][] = [events];
  if (r() < 0.35 && events.length > 20) {
    // the pen lifts once and the drawer restarts a little back, a few pixels off
    const cut = Math.floor(events.length * (0.3 + 0.4 * r()));
    const back = 2 + Math.floor(r() * 6), dy = Math.round(gaussian(r) * 3);
    strokes.splice(0, 1, events.slice(0, cut), events.slice(Math.max(0, cut - back)).map((p) => ({ x: p.x, y: p.y + dy })));
  }
  const points = strokesToSeries(strokes.map((s) => smoothStroke(s, PAD_SMOOTHING)), n, 0.2, PAD_WIDTH);
  if (!points) throw new Error("the simulated stroke is too narrow to be a sketch");
  return { stroke: strokes, points };
}
