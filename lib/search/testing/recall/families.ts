/**
 * The recall suite's generator families (issue 15's specification, implemented apart from planted.mjs and the
 * engine): each family plants the benchmark's shapes into copies of real (or random-walk) series under its own
 * warp, proportion, noise, drift and length model, and says how the shapes are queried: the clean keypoints, a
 * simulated hand drawing, or a real window picked on a chart (query by example). Scoring follows planted.mjs: topK =
 * R plants of the query, a hit when a match overlaps a plant with IoU >= 0.5 (lib/search/testing/planted.ts).
 */
import { fromDayNumber } from "@/lib/search/dates";
import { gaussian, rng } from "@/lib/search/testing/random";
import { handDrawnQuery } from "@/lib/search/testing/recall/hand-drawn";
import { gaussianSmooth, handDrawnQueryB, jitterKeypointsB, NOISE_FAMILIES_B, noiseSeriesB, randomWarpB, SHAPES_B, localWarpB, WARP_FAMILIES_B, type NoiseFamilyB, type WarpFamilyB } from "@/lib/search/testing/recall/held-out-b";
import { noiseSeries, type NoiseFamily } from "@/lib/search/testing/recall/noise";
import { jitterKeypoints, keypointsAt, RECALL_SHAPES, sampleKeypoints, type Keypoints } from "@/lib/search/testing/recall/shapes";
import type { RecallSource } from "@/lib/search/testing/recall/source";
import { applyWarp, randomWarp, type Warp, type WarpFamily } from "@/lib/search/testing/recall/warps";
import type { TickerColumns } from "@/lib/search/types";

/** The specification's bounds, which the generators keep and the always-on test checks. */
export const SPEC = {
  /** keypoint heights off by up to this share of the pattern's height, inner keypoint times by this share of its length */
  jitterHeight: 0.08,
  jitterTime: 0.03,
  /** daily noise at this multiple of the ticker's daily volatility */
  noiseScale: 0.6,
  /** a straight drift across the pattern of up to this share of its height */
  drift: 0.25,
  /** a picked range's look-alikes are stretched by a factor in this range */
  stretch: [0.8, 1.25] as const,
};

/** How prominent a plant is: its height in units of the ticker's daily volatility times sqrt(length). */
const PROMINENCE: [number, number] = [1.2, 2.2];

export type QueryKind = "clean" | "hand-drawn" | "range";

export type FamilySpec = {
  name: string;
  /** two letters starting every symbol of the family's data sets */
  code: string;
  /** "tune": settings may be chosen on it; "held-out": only reported */
  role: "tune" | "held-out";
  description: string;
  warps: (WarpFamily | WarpFamilyB)[];
  jitter: boolean;
  noise: (NoiseFamily | NoiseFamilyB)[];
  drift: boolean;
  lengths: [number, number];
  query: QueryKind;
  /**
   * "b": the second implementation of the specification (lib/search/testing/recall/held-out-b.ts): its shapes,
   * proportion errors, hand drawer and range look-alikes; held out from every engine choice.
   */
  model?: "b";
};

const FOUR_WARPS: WarpFamily[] = ["quarter-knots", "smooth", "piecewise", "bursts"];

export const FAMILIES: FamilySpec[] = [
  { name: "knots", code: "KN", role: "tune", description: "planted.mjs-style: three jittered quarter knots, Gaussian noise, exact keypoints, no drift", warps: ["quarter-knots"], jitter: false, noise: ["gaussian"], drift: false, lengths: [30, 80], query: "clean" },
  { name: "smooth", code: "SM", role: "tune", description: "smooth warp (sum of sines in log-speed), jittered keypoints, Student-t noise, drift", warps: ["smooth"], jitter: true, noise: ["student-t"], drift: true, lengths: [30, 80], query: "clean" },
  { name: "piecewise", code: "PW", role: "tune", description: "5-12 segments at speeds 0.65-1.5x, jittered keypoints, Laplace noise, drift", warps: ["piecewise"], jitter: true, noise: ["laplace"], drift: true, lengths: [30, 80], query: "clean" },
  { name: "hand", code: "HD", role: "tune", description: "plants of all four warps and noises, queried with simulated hand drawings", warps: FOUR_WARPS, jitter: true, noise: ["gaussian", "student-t", "laplace", "garch"], drift: true, lengths: [30, 80], query: "hand-drawn" },
  { name: "bursts", code: "BU", role: "held-out", description: "1-3 local warp bursts anywhere, jittered keypoints, GARCH volatility clustering, drift", warps: ["bursts"], jitter: true, noise: ["garch"], drift: true, lengths: [30, 80], query: "clean" },
  { name: "long", code: "LG", role: "held-out", description: "100-250 candles, smooth/piecewise/burst warps, jittered keypoints, Student-t or GARCH noise, drift", warps: ["smooth", "piecewise", "bursts"], jitter: true, noise: ["student-t", "garch"], drift: true, lengths: [100, 250], query: "clean" },
  { name: "range", code: "RQ", role: "held-out", description: "query by example: a real window picked on a chart, look-alikes stretched 0.8-1.25x, rescaled and re-noised in other tickers", warps: [], jitter: false, noise: ["student-t", "gaussian"], drift: false, lengths: [40, 80], query: "range" },
  // written after the engine work on the families above; never chosen on (lib/search/testing/recall/held-out-b.ts)
  { name: "shapes-b", code: "SB", role: "held-out", model: "b", description: "eight shapes (two new), spline or Ornstein-Uhlenbeck speed, Gaussian and lopsided proportions, jump-diffusion or stochastic-volatility noise, drift", warps: [...WARP_FAMILIES_B], jitter: true, noise: [...NOISE_FAMILIES_B], drift: true, lengths: [30, 80], query: "clean" },
  { name: "hand-b", code: "HB", role: "held-out", model: "b", description: "the shapes-b plants queried by another drawer: a spline through remembered turns, tilting hand, pen lifted once, small features resized", warps: [...WARP_FAMILIES_B], jitter: true, noise: [...NOISE_FAMILIES_B], drift: true, lengths: [30, 80], query: "hand-drawn" },
  { name: "long-b", code: "LB", role: "held-out", model: "b", description: "shapes-b at 100-250 candles", warps: [...WARP_FAMILIES_B], jitter: true, noise: [...NOISE_FAMILIES_B], drift: true, lengths: [100, 250], query: "clean" },
  { name: "range-b", code: "RB", role: "held-out", model: "b", description: "query by example: look-alikes Gaussian-smoothed, stretched 0.8-1.25x with a local warp of +-12%, drift, jump-diffusion or stochastic-volatility noise", warps: [], jitter: false, noise: [...NOISE_FAMILIES_B], drift: true, lengths: [40, 80], query: "range" },
];

/** The shapes a family plants and queries. */
export const shapesOf = (family: FamilySpec): Record<string, Keypoints> => (family.model === "b" ? SHAPES_B : RECALL_SHAPES);

const isWarpB = (w: string): w is WarpFamilyB => (WARP_FAMILIES_B as readonly string[]).includes(w);
const isNoiseB = (n: string): n is NoiseFamilyB => (NOISE_FAMILIES_B as readonly string[]).includes(n);
const warpOf = (family: WarpFamily | WarpFamilyB, r: () => number): Warp => (isWarpB(family) ? randomWarpB(family, r) : randomWarp(family, r));
const noiseOf = (family: NoiseFamily | NoiseFamilyB, r: () => number, n: number) => (isNoiseB(family) ? noiseSeriesB(family, r, n) : noiseSeries(family, r, n));

export const familyByName = (name: string): FamilySpec => {
  const f = FAMILIES.find((x) => x.name === name);
  if (!f) throw new Error(`unknown family ${name} (one of ${FAMILIES.map((x) => x.name).join(", ")})`);
  return f;
};

/** One planted instance, with what was drawn for it (the always-on test checks these against SPEC). */
export type PlantRecord = {
  symbol: string;
  shape: string;
  start: string;
  end: string;
  length: number;
  /** position in the ticker's own arrays */
  at: number;
  warp: WarpFamily | WarpFamilyB | "stretch";
  minSpeed: number;
  maxSpeed: number;
  noise: NoiseFamily | NoiseFamilyB;
  /** planted height (log price) and its drift as a share of that height */
  amplitude: number;
  drift: number;
  /** the keypoints the plant followed (sketch families) or its stretch factor (range copies) */
  keys?: [number, number][];
  stretch?: number;
};

export type SketchBody = { type: "sketch"; points: number[] };
export type RangeBody = { type: "range"; symbol: string; from: string; to: string };

/** One query of a data set: what is asked, the length range asked for (undefined: the product's default) and its plants. */
export type BenchQuery = { id: string; query: SketchBody | RangeBody; minLength?: number; maxLength?: number; plants: PlantRecord[] };

export type RecallDataset = { family: string; seed: number; tickers: TickerColumns[]; symbols: string[]; queries: BenchQuery[] };

/**
 * A data set's size, and for the range family the half-width (share of the window) of the moving average that
 * takes the picked window's own day-to-day noise out before it is copied (0: the copies share that noise).
 */
export type DatasetSize = { tickers: number; perShape: number; rangeQueries: number; copies: number; rangeCopySmoothing?: number };
export const DEFAULT_SIZE: DatasetSize = { tickers: 120, perShape: 10, rangeQueries: 6, copies: 8, rangeCopySmoothing: 1 / 16 };

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const between = (r: () => number, [a, b]: readonly [number, number]) => a + (b - a) * r();
const intBetween = (r: () => number, [a, b]: readonly [number, number]) => a + Math.floor(r() * (b - a + 1));

/** Daily log-return volatility, ignoring jumps over 20% (unadjusted splits in the real data). */
export function dailyVolatility(close: Float64Array, from = 0, to = close.length): number {
  let n = 0, s = 0, ss = 0;
  for (let i = from + 1; i < to; i++) {
    const lr = Math.log(close[i] / close[i - 1]);
    if (!Number.isFinite(lr) || Math.abs(lr) > 0.2) continue;
    n++;
    s += lr;
    ss += lr * lr;
  }
  return n > 1 ? Math.sqrt(Math.max(0, ss / n - (s / n) ** 2)) || 0.01 : 0.01;
}

function copyTicker(t: TickerColumns, symbol: string): TickerColumns {
  return { symbol, days: t.days.slice(), open: t.open.slice(), high: t.high.slice(), low: t.low.slice(), close: t.close.slice(), volume: t.volume.slice() };
}

/**
 * Writes a log-price path (curve[0] = 0, relative to the close at `at`) into the ticker's candles at [at, at + L),
 * and moves everything after by the same factor so the series stays continuous.
 */
export function writeCurve(t: TickerColumns, at: number, curve: Float64Array, vol: number, r: () => number): void {
  const L = curve.length;
  const base = Math.log(t.close[at]), before = t.close[at + L - 1];
  for (let i = 0; i < L; i++) {
    const c = Math.exp(base + curve[i]);
    const o = i === 0 ? t.open[at] : t.close[at + i - 1];
    t.close[at + i] = c;
    t.open[at + i] = o;
    const ref = Number.isFinite(o) ? Math.max(o, c) : c;
    t.high[at + i] = ref * (1 + Math.abs(gaussian(r)) * 0.4 * vol);
    t.low[at + i] = (Number.isFinite(o) ? Math.min(o, c) : c) * (1 - Math.abs(gaussian(r)) * 0.4 * vol);
  }
  const k = t.close[at + L - 1] / before;
  for (let i = at + L; i < t.close.length; i++) {
    t.open[i] *= k;
    t.high[i] *= k;
    t.low[i] *= k;
    t.close[i] *= k;
  }
}

type Slot = { t: number; at: number; L: number };

/** A free place of length L on one of the tickers (10 candles clear of other plants and 20 of the ends), or null. */
function findSlot(r: () => number, tickers: TickerColumns[], used: [number, number][][], lengths: readonly [number, number], exclude = -1): Slot | null {
  for (let attempt = 0; attempt < 400; attempt++) {
    const t = Math.floor(r() * tickers.length);
    if (t === exclude) continue;
    const L = intBetween(r, lengths), n = tickers[t].close.length;
    if (n < L + 40) continue;
    const at = 20 + Math.floor(r() * (n - L - 40));
    if (used[t].some(([a, b]) => at < b + 10 && at + L > a - 10)) continue;
    used[t].push([at, at + L]);
    return { t, at, L };
  }
  return null;
}

function seedOf(code: string, seed: number): number {
  let h = 2166136261;
  for (const ch of `${code}:${seed}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** One family's data set for one seed: fresh copies of `size.tickers` source series with the plants written in. */
export function generateDataset(family: FamilySpec, seed: number, source: RecallSource, size: DatasetSize = DEFAULT_SIZE): RecallDataset {
  const r = rng(seedOf(family.code, seed));
  const pool = [...source.tickers];
  const chosen: TickerColumns[] = [];
  while (chosen.length < size.tickers && pool.length) chosen.push(pool.splice(Math.floor(r() * pool.length), 1)[0]);
  const tickers = chosen.map((t, i) => copyTicker(t, `${family.code}${seed}-${String(i).padStart(3, "0")}`));
  const used: [number, number][][] = tickers.map(() => []);
  const vols = tickers.map((t) => dailyVolatility(t.close));
  const date = (t: number, at: number) => fromDayNumber(tickers[t].days[at]);
  const queries: BenchQuery[] = family.query === "range" ? rangeQueries() : shapeQueries();
  return { family: family.name, seed, tickers, symbols: tickers.map((t) => t.symbol), queries };

  function shapeQueries(): BenchQuery[] {
    const shapes = shapesOf(family);
    return Object.keys(shapes).map((shape) => {
      const clean: Keypoints = shapes[shape];
      const plants: PlantRecord[] = [];
      for (let k = 0; k < size.perShape; k++) {
        const slot = findSlot(r, tickers, used, family.lengths);
        if (!slot) break;
        const { t, at, L } = slot;
        const jitter = family.model === "b" ? jitterKeypointsB : jitterKeypoints;
        const keys = family.jitter ? jitter(clean, r, SPEC.jitterHeight, SPEC.jitterTime) : clean.map(([u, y]) => [u, y] as [number, number]);
        const warpFamily = pick(r, family.warps);
        const warp = warpOf(warpFamily, r);
        const noiseFamily = pick(r, family.noise);
        const noise = noiseOf(noiseFamily, r, L);
        const amplitude = between(r, PROMINENCE) * vols[t] * Math.sqrt(L);
        const drift = family.drift ? (2 * r() - 1) * SPEC.drift : 0;
        const curve = new Float64Array(L);
        const y0 = keypointsAt(keys, 0);
        for (let i = 0; i < L; i++) {
          const u = L === 1 ? 0 : i / (L - 1);
          curve[i] = amplitude * (keypointsAt(keys, applyWarp(warp, u)) - y0 + drift * u) + (i ? noise[i] * SPEC.noiseScale * vols[t] : 0);
        }
        writeCurve(tickers[t], at, curve, vols[t], r);
        plants.push({ symbol: tickers[t].symbol, shape, start: date(t, at), end: date(t, at + L - 1), length: L, at, warp: warpFamily, minSpeed: warp.minSpeed, maxSpeed: warp.maxSpeed, noise: noiseFamily, amplitude, drift, keys });
      }
      const draw = family.model === "b" ? handDrawnQueryB : handDrawnQuery;
      const points = family.query === "hand-drawn" ? draw(clean, r).points : sampleKeypoints(clean);
      return { id: shape, query: { type: "sketch", points }, minLength: family.lengths[0], maxLength: family.lengths[1], plants };
    });
  }

  /**
   * Query by example: a real window, prominent enough that someone would pick it (its range at least twice what
   * a random walk of its volatility covers on average), no split inside, left as it is; its look-alikes are its
   * smoothed path stretched in time, rescaled to another ticker's volatility and re-noised there.
   */
  function rangeQueries(): BenchQuery[] {
    const out: BenchQuery[] = [];
    const sources = new Set<number>();
    for (let q = 0; q < size.rangeQueries; q++) {
      let picked: Slot | null = null;
      for (let attempt = 0; attempt < 2000 && !picked; attempt++) {
        const t = Math.floor(r() * tickers.length);
        if (sources.has(t)) continue;
        const L = intBetween(r, family.lengths), n = tickers[t].close.length;
        const at = 20 + Math.floor(r() * (n - L - 40));
        if (used[t].some(([a, b]) => at < b + 10 && at + L > a - 10)) continue;
        const c = tickers[t].close;
        let lo = Infinity, hi = -Infinity, jump = false;
        for (let i = at; i < at + L; i++) {
          lo = Math.min(lo, Math.log(c[i]));
          hi = Math.max(hi, Math.log(c[i]));
          if (i > at && Math.abs(Math.log(c[i] / c[i - 1])) > 0.2) jump = true;
        }
        if (!jump && hi - lo >= 2 * vols[t] * Math.sqrt(L)) picked = { t, at, L };
      }
      if (!picked) break;
      const src = picked;
      sources.add(src.t);
      used[src.t].push([src.at, src.at + src.L]);
      const window = Float64Array.from({ length: src.L }, (_, i) => Math.log(tickers[src.t].close[src.at + i]));
      const shape = family.model === "b" ? gaussianSmooth(window, src.L / 24) : movingAverage(window, Math.round(src.L * (size.rangeCopySmoothing ?? 1 / 16)));
      const height = Math.max(...shape) - Math.min(...shape) || 1;
      const id = `range-${q + 1}`;
      const plants: PlantRecord[] = [];
      for (let k = 0; k < size.copies; k++) {
        const stretch = Math.exp(between(r, [Math.log(SPEC.stretch[0]), Math.log(SPEC.stretch[1])]));
        const L = Math.max(10, Math.round(src.L * stretch));
        const slot = findSlot(r, tickers, used, [L, L], src.t);
        if (!slot) break;
        const { t, at } = slot;
        const noiseFamily = pick(r, family.noise);
        const noise = noiseOf(noiseFamily, r, L);
        const amplitude = between(r, PROMINENCE) * vols[t] * Math.sqrt(L);
        // model b: a local warp on top of the stretch, and a drift
        const local = family.model === "b" ? localWarpB(r) : undefined;
        const drift = family.drift ? (2 * r() - 1) * SPEC.drift : 0;
        const curve = new Float64Array(L);
        for (let i = 0; i < L; i++) {
          const u = L === 1 ? 0 : i / (L - 1);
          const x = (local ? applyWarp(local, u) : u) * (src.L - 1), j = Math.min(src.L - 2, Math.floor(x));
          const v = shape[j] + (shape[j + 1] - shape[j]) * (x - j);
          curve[i] = amplitude * ((v - shape[0]) / height + drift * u) + (i ? noise[i] * SPEC.noiseScale * vols[t] : 0);
        }
        writeCurve(tickers[t], at, curve, vols[t], r);
        const speed = (src.L - 1) / Math.max(1, L - 1);
        plants.push({ symbol: tickers[t].symbol, shape: id, start: date(t, at), end: date(t, at + L - 1), length: L, at, warp: "stretch", minSpeed: speed * (local?.minSpeed ?? 1), maxSpeed: speed * (local?.maxSpeed ?? 1), noise: noiseFamily, amplitude, drift, stretch: L / src.L });
      }
      out.push({ id, query: { type: "range", symbol: tickers[src.t].symbol, from: date(src.t, src.at), to: date(src.t, src.at + src.L - 1) }, plants });
    }
    return out;
  }
}

/** Centred moving average with half-width h (shrinking at the ends). */
function movingAverage(x: Float64Array, h: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let s = 0, n = 0;
    for (let j = Math.max(0, i - h); j <= Math.min(x.length - 1, i + h); j++) {
      s += x[j];
      n++;
    }
    out[i] = s / n;
  }
  return out;
}
