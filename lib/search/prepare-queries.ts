import { smoothInPlace, type SmoothKind } from "@/lib/search/smooth";
import type { KernelQuery } from "@/lib/search/scan-kernel";

/**
 * The query with a straight drift across it: alpha x its height added from -1/2 at the first point to +1/2 at the
 * last (a pattern drawn level whose copy in the data rises or falls by that share of its height across it).
 */
export function tiltedQuery(points: ArrayLike<number>, alpha: number): Float64Array {
  const P = points.length;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < P; i++) {
    lo = Math.min(lo, points[i]);
    hi = Math.max(hi, points[i]);
  }
  const h = hi - lo;
  return Float64Array.from({ length: P }, (_, i) => points[i] + alpha * h * (P === 1 ? 0 : i / (P - 1) - 0.5));
}

/**
 * Whether two queries are one shape once z-normalised (a straight line and the line tilted: every window fits both
 * alike), to within 1e-9 of a standard deviation at every point.
 */
export function sameShape(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const za = zNormalise(Float64Array.from(a)), zb = zNormalise(Float64Array.from(b));
  for (let i = 0; i < za.length; i++) if (!(Math.abs(za[i] - zb[i]) < 1e-9)) return false;
  return true;
}

/** Linear resampling of a query to m equally spaced points. */
export function resample(points: ArrayLike<number>, m: number): Float64Array {
  const out = new Float64Array(m);
  const P = points.length;
  if (P === 1) return out.fill(points[0]);
  for (let i = 0; i < m; i++) {
    const x = m === 1 ? 0 : (i * (P - 1)) / (m - 1);
    const j = Math.min(P - 2, Math.floor(x));
    const f = x - j;
    out[i] = points[j] * (1 - f) + points[j + 1] * f;
  }
  return out;
}

export function zNormalise(x: Float64Array): Float64Array {
  const m = x.length;
  let s = 0, s2 = 0;
  for (let i = 0; i < m; i++) {
    s += x[i];
    s2 += x[i] * x[i];
  }
  const mean = s / m;
  const sd = Math.sqrt(Math.max(0, s2 / m - mean * mean));
  const out = new Float64Array(m);
  if (!(sd > 1e-12)) return out;
  for (let i = 0; i < m; i++) out[i] = (x[i] - mean) / sd;
  return out;
}

/**
 * A picked range's values smoothed by a centred moving average `width` x its length wide (shrinking at the edges).
 * A picked window carries its own day-to-day noise, which its look-alikes elsewhere do not share; averaging it away
 * leaves the shape to compare (docs/recall.md: picked-range recall 0.43 -> 0.73 with DTW).
 */
export function smoothPickedRange(values: ArrayLike<number>, width: number): ArrayLike<number> {
  return movingAverage(values, pickedHalfWidth(values.length, width));
}

/** The half-width in candles of smoothPickedRange's average over a picked range of L candles. */
export const pickedHalfWidth = (L: number, width: number) => Math.round((L * width) / 2);

/** Centred moving average of half-width h, shrinking at the edges (h < 1: the values as they are). */
export function movingAverage(values: ArrayLike<number>, h: number): ArrayLike<number> {
  const L = values.length;
  if (h < 1) return values;
  const out = new Float64Array(L);
  for (let i = 0; i < L; i++) {
    const lo = Math.max(0, i - h), hi = Math.min(L - 1, i + h);
    let s = 0;
    for (let j = lo; j <= hi; j++) s += values[j];
    out[i] = s / (hi - lo + 1);
  }
  return out;
}

/** Envelope of q over a band of r points on each side (for LB_Keogh). */
export function envelope(q: Float64Array, r: number): { upper: Float64Array; lower: Float64Array } {
  const m = q.length;
  const upper = new Float64Array(m), lower = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let u = -Infinity, l = Infinity;
    for (let j = Math.max(0, i - r); j <= Math.min(m - 1, i + r); j++) {
      if (q[j] > u) u = q[j];
      if (q[j] < l) l = q[j];
    }
    upper[i] = u;
    lower[i] = l;
  }
  return { upper, lower };
}

/**
 * The lengths to scan between min and max. Consecutive lengths differ by at most `step` (relative), so any
 * window length in between is within that fraction of a scanned one and its best match overlaps it almost
 * entirely (intersection over union >= 1 / (1 + step)).
 */
export function lengthsBetween({ minLength, maxLength, step = 0.03 }: { minLength: number; maxLength: number; step?: number }): number[] {
  const out: number[] = [];
  let m = minLength;
  while (m < maxLength) {
    out.push(m);
    m = Math.max(m + 1, Math.floor(m * (1 + step)));
  }
  out.push(maxLength);
  return out;
}

export type QueryOptions = {
  points: ArrayLike<number>;
  lengths: number[];
  method: "zned" | "dtw";
  /** Sakoe-Chiba band as a fraction of the length */
  band?: number;
  /** how strongly short windows are penalised: weight = (refLength / m) ** lengthPrior */
  lengthPrior?: number;
  /** centred moving-average width applied to the resampled query, the same as to the series */
  smooth?: number;
  smoothKind?: SmoothKind;
  /** a fixed band in points instead of a fraction of the length */
  bandPoints?: number;
  /**
   * For a series averaged over this many candles (prepareSeriesAveraged): each query of m points is the query
   * at m x average candles, smoothed there as the series was, then averaged the same way.
   */
  average?: number;
};

/** One kernel query per length: resampled, z-normalised, reordered, with its DTW envelope. */
export function prepareQueries({ points, lengths, method, band = 0.1, lengthPrior = 0, smooth = 1, smoothKind = "ma", bandPoints, average = 1 }: QueryOptions): KernelQuery[] {
  const ref = Math.max(...lengths);
  return lengths.map((m) => {
    const fine = resample(points, m * average);
    smoothInPlace(fine, 0, m * average, smooth, smoothKind);
    const x = average === 1 ? fine : Float64Array.from({ length: m }, (_, i) => fine.subarray(i * average, (i + 1) * average).reduce((s, v) => s + v, 0) / average);
    const q = zNormalise(x);
    const order = Int32Array.from(Array.from({ length: m }, (_, i) => i).sort((a, b) => Math.abs(q[b]) - Math.abs(q[a]) || a - b));
    const r = method === "dtw" ? Math.max(1, bandPoints ?? Math.floor(band * m)) : 0;
    const env = method === "dtw" ? envelope(q, r) : { upper: new Float64Array(0), lower: new Float64Array(0) };
    const gap = (i: number) => Math.max(0, env.lower[i], -env.upper[i]);
    const keoghOrder = method === "dtw" ? Int32Array.from(Array.from({ length: m }, (_, i) => i).sort((a, b) => gap(b) - gap(a) || Math.abs(q[b]) - Math.abs(q[a]) || a - b)) : order;
    return { m, q, order, keoghOrder, upper: env.upper, lower: env.lower, r, weight: lengthPrior ? Math.pow(ref / m, lengthPrior) : 1 };
  });
}
