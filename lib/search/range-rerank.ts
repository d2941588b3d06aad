import { pickedHalfWidth, resample, zNormalise } from "@/lib/search/prepare-queries";
import type { ExcludedWindow } from "@/lib/search/types";

/** A window of the index's columns: global positions, as the engines' found windows. */
export type RangeCandidate = { ticker: number; start: number; length: number };

export type RerankedWindow = RangeCandidate & { distance: number };

/**
 * The final order of a picked range's candidates (the DTW engine's pool and zned's list, one entry per place): each
 * window, averaged by a centred moving average `width` of the picked length wide, is compared with the picked range
 * (`points`, averaged by the caller) by z-normalised Euclidean distance, times zned's length prior
 * (priorLength / m) ** lengthPrior (priorLength: the request's longest length). The engines average the picked
 * range but compare it with windows that keep their own day-to-day noise, which counts that noise as misfit: a
 * look-alike with fresh noise lost to a quieter random window (docs/recall.md, session 12: the two lists held
 * 0.92-1.0 of the look-alikes, their rank fusion put 0.77-0.86 in the first topK). Each candidate's placement is
 * refined on its ticker: lengths within [minLength, maxLength] in steps of about 3% of the picked length, starts up
 * to 10% of it either side of its centre, every placement overlapping the candidate; the best placement is the
 * match. Returns the best `topK` apart on every ticker.
 */
export function rerankPickedRange({ values, bounds, exclude, points, candidates, minLength, maxLength, priorLength, width, lengthPrior, topK }: {
  /** the searched series' unsmoothed values (log closes), all tickers end to end */
  values: Float64Array;
  /** the positions [lo, hi) a placement on a ticker may cover (the request's dates), and the picked window itself, never covered */
  bounds: (ticker: number) => [number, number];
  exclude: ExcludedWindow;
  /** the picked range, already averaged */
  points: ArrayLike<number>;
  candidates: RangeCandidate[];
  /** the lengths a placement may take */
  minLength: number;
  maxLength: number;
  priorLength: number;
  width: number;
  lengthPrior: number;
  topK: number;
}): RerankedWindow[] {
  const L = points.length, h = pickedHalfWidth(L, width);
  const lengthStep = Math.max(1, Math.round(0.03 * L)), reach = Math.round(0.1 * L);
  const queries = new Map<number, Float64Array>();
  const queryAt = (m: number) => {
    let q = queries.get(m);
    if (!q) queries.set(m, (q = zNormalise(resample(points, m))));
    return q;
  };
  const scored: RerankedWindow[] = [];
  const smoothed = new Float64Array(maxLength);
  let prefix = new Float64Array(0), gaps = new Int32Array(0);
  for (const c of candidates) {
    const [lo, hi] = bounds(c.ticker);
    const excluded = exclude.ticker === c.ticker;
    const centre = c.start + c.length / 2;
    // prefix sums over every value a placement of this candidate may read, and of the missing ones among them
    const from = Math.max(lo, Math.round(centre - maxLength / 2 - reach) - 1), to = Math.min(hi, Math.round(centre + maxLength / 2 + reach) + 1);
    if (prefix.length < to - from + 1) [prefix, gaps] = [new Float64Array(2 * (to - from + 1)), new Int32Array(2 * (to - from + 1))];
    for (let i = from; i < to; i++) {
      const v = values[i], missing = Number.isNaN(v);
      prefix[i - from + 1] = prefix[i - from] + (missing ? 0 : v);
      gaps[i - from + 1] = gaps[i - from] + (missing ? 1 : 0);
    }
    let best: RerankedWindow | null = null;
    for (let m = minLength; m <= maxLength; m += lengthStep) {
      const q = queryAt(m);
      const prior = (priorLength / m) ** lengthPrior;
      const first = Math.round(centre - m / 2 - reach), last = Math.round(centre - m / 2 + reach);
      for (let a = Math.max(from, first); a <= Math.min(to - m, last); a++) {
        // only placements of this candidate (overlapping it): the other places on the ticker are other candidates'
        if (a >= c.start + c.length || a + m <= c.start) continue;
        if (gaps[a - from + m] !== gaps[a - from] || (excluded && a < exclude.end && a + m > exclude.start)) continue;
        const d = distanceAt(prefix, a - from, m, q, h, smoothed) * prior;
        if (d < (best?.distance ?? Infinity)) best = { ticker: c.ticker, start: a, length: m, distance: d };
      }
    }
    if (best) scored.push(best);
  }
  scored.sort((x, y) => x.distance - y.distance);
  const kept: RerankedWindow[] = [];
  for (const w of scored) {
    if (kept.length >= topK) break;
    if (kept.some((k) => k.ticker === w.ticker && k.start < w.start + w.length && w.start < k.start + k.length)) continue;
    kept.push(w);
  }
  return kept;
}

/**
 * Root mean squared difference of the window [a, a + m) (positions into `prefix`'s sums), averaged with half-width h
 * shrinking at its edges and z-normalised, to the query q.
 */
function distanceAt(prefix: Float64Array, a: number, m: number, q: Float64Array, h: number, out: Float64Array): number {
  let s = 0, s2 = 0;
  for (let i = 0; i < m; i++) {
    const lo = Math.max(0, i - h), hi = Math.min(m - 1, i + h);
    const v = (prefix[a + hi + 1] - prefix[a + lo]) / (hi - lo + 1);
    out[i] = v;
    s += v;
    s2 += v * v;
  }
  const mean = s / m, sd = Math.sqrt(Math.max(0, s2 / m - mean * mean));
  const inv = sd > 1e-12 ? 1 / sd : 0;
  let e = 0;
  for (let i = 0; i < m; i++) e += ((out[i] - mean) * inv - q[i]) ** 2;
  return Math.sqrt(e / m);
}
