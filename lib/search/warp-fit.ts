import type { ExcludedWindow } from "@/lib/search/types";

/**
 * The DTW engine's final ranking: each DTW candidate scored again under a constrained time warp.
 *
 * Banded DTW may align any point with any other inside its band, so besides real stretching it also bends noise,
 * and neighbouring shapes (the first part of a cup read as a V), into the query; close candidates then come out
 * in the wrong order. A pattern that is "stretched or squeezed in time" is better described by a few pieces: the
 * query's time axis is cut into quarters and each inner knot (at 1/4, 1/2, 3/4) may move by up to `maxWarp` of
 * the length, on a grid of `warpSteps` positions, so each quarter is stretched or squeezed as a whole. That is
 * the family of warps the model's synthetic training data is drawn from (ml/synthetic.ts). Around each DTW
 * match the window's start and length are refined as well, since DTW's best window of a coarse length grid is
 * often a few candles off.
 *
 * The distance is the z-normalised Euclidean distance to the best warped template, sqrt(sum / m): a correlation
 * in disguise (score = 1 - d^2 / 2), comparable across lengths.
 *
 * Like the scan kernel, the functions in WARP_FIT_FUNCTIONS are SELF-CONTAINED (no imports, no outer variables;
 * they call only each other), so the worker threads can run their source text.
 */
export type WarpFitParams = {
  values: Float64Array;
  /** the values' prefix sums every 64 positions (lib/search/prefix-blocks.ts) */
  blockSum: Float64Array;
  blockSumSq: Float64Array;
  blockNan: Int32Array;
  /** the query's points, equally spaced in time (any count >= 2), resampled to each length */
  points: Float64Array;
  /** centred smoothing kernel applied to every template, the same the series went through ([1] = none) */
  smoothCoef: Float64Array;
  /** how far each inner knot may move, as a fraction of the length, and how many grid positions it takes */
  maxWarp: number;
  warpSteps: number;
  /** candidate windows (absolute positions) */
  ticker: Int32Array;
  start: Int32Array;
  len: Int32Array;
  /** per candidate, the positions [lo, hi) a refined window must stay inside (its ticker's date-filtered range) */
  lo: Int32Array;
  hi: Int32Array;
  minLength: number;
  maxLength: number;
  /** refinement: the window's centre moves by up to shift x length, its length by up to stretch x length */
  shift: number;
  stretch: number;
  /** a window never to return (a range query's own window), absolute positions */
  exclude: ExcludedWindow;
  /** cancellation flag on shared memory, checked per candidate */
  cancel?: Int32Array;
};

/** Per candidate: the refined window and its distance (Infinity when no window of the range could be scored). */
export type WarpFitResult = { dist: Float64Array; start: Int32Array; len: Int32Array };

/** Points compared per window: long windows are compared on every stride-th point (shape, not detail, decides). */
export function warpStride(m: number): number {
  return m <= 128 ? 1 : Math.ceil(m / 128);
}

/**
 * Every warped template of the query for one length, z-normalised, sampled every `stride` points: count x n
 * values, row-major, the identity warp first. `upper`/`lower` are their pointwise max and min: a window's
 * distance to that band bounds its distance to every template from below (as LB_Keogh does for DTW).
 */
export type WarpTemplates = { count: number; n: number; stride: number; data: Float64Array; upper: Float64Array; lower: Float64Array };

export function warpTemplates(p: WarpFitParams, m: number): WarpTemplates {
  const steps = Math.max(1, p.warpSteps), W = steps > 1 ? p.maxWarp : 0;
  const grid: number[] = [0];
  for (let i = 0; i < steps; i++) {
    const g = steps === 1 ? 0 : -W + (2 * W * i) / (steps - 1);
    if (Math.abs(g) > 1e-12) grid.push(g);
  }
  const pts = p.points, P = pts.length, coef = p.smoothCoef, h = (coef.length - 1) >> 1;
  const stride = warpStride(m), n = Math.ceil(m / stride);
  const G = grid.length;
  const count = G * G * G;
  const data = new Float64Array(count * n);
  const raw = new Float64Array(m), sm = new Float64Array(m);
  // Point i lies in quarter seg(i) of the time axis, and its warped time depends only on that quarter's two
  // knots: each quarter's values are interpolated once per pair of knot positions (5 + 25 + 25 + 5 pieces for
  // 125 templates), then copied into every template that has those knots.
  const fracOf = new Float64Array(m);
  const quarterStart = [m, m, m, m, m];
  for (let i = m - 1; i >= 0; i--) {
    const u = m === 1 ? 0 : i / (m - 1);
    const seg = u * 4 >= 3 ? 3 : Math.floor(u * 4);
    fracOf[i] = u * 4 - seg;
    quarterStart[seg] = i;
  }
  for (let s = 3; s >= 0; s--) if (quarterStart[s] > quarterStart[s + 1]) quarterStart[s] = quarterStart[s + 1];
  const knotAt = (k: number, g: number) => (k === 0 ? 0 : k === 4 ? 1 : k === 1 ? 0.25 + grid[g] : k === 2 ? 0.5 + grid[g] : 0.75 + grid[g]);
  // pieces[s][x * G + y]: quarter s with its first knot at grid position x and its second at y; the first and
  // last quarters have one fixed end (the knots at 0 and 1), so they come in G pieces.
  const pieces: Float64Array[][] = [];
  for (let s = 0; s < 4; s++) {
    const from = quarterStart[s], to = quarterStart[s + 1];
    const list: Float64Array[] = [];
    for (let x = 0; x < (s === 0 ? 1 : G); x++) {
      for (let y = 0; y < (s === 3 ? 1 : G); y++) {
        const k0 = knotAt(s, x), k1 = knotAt(s + 1, y);
        const piece = new Float64Array(to - from);
        for (let i = from; i < to; i++) {
          let w = k0 + (k1 - k0) * fracOf[i];
          if (w < 0) w = 0;
          else if (w > 1) w = 1;
          if (P === 1) {
            piece[i - from] = pts[0];
            continue;
          }
          const xq = w * (P - 1);
          const j = xq >= P - 1 ? P - 2 : Math.floor(xq);
          const f = xq - j;
          piece[i - from] = pts[j] * (1 - f) + pts[j + 1] * f;
        }
        list.push(piece);
      }
    }
    pieces.push(list);
  }
  // The centred smoothing of a point whose neighbourhood lies in its own quarter is the same for every template
  // with that quarter's knots: smoothed once per piece too. Only the points near an inner knot (`mixed`) are
  // smoothed per template. The edges, lacking a full neighbourhood, stay as they are.
  const smoothPoint = (values: Float64Array, i: number, offset: number) => {
    let s = 0;
    for (let k = -h; k <= h; k++) s += coef[k + h] * values[i + k - offset];
    return s;
  };
  const mixed: number[] = [];
  const smoothedPieces: Float64Array[][] = pieces.map((list, q) => {
    const from = quarterStart[q], to = quarterStart[q + 1];
    return list.map((piece) => {
      const out = new Float64Array(piece.length);
      for (let i = from; i < to; i++) out[i - from] = i < h || i >= m - h || i - h < from || i + h >= to ? piece[i - from] : smoothPoint(piece, i, from);
      return out;
    });
  });
  for (let i = h; i < m - h; i++) {
    let q = 0;
    while (i >= quarterStart[q + 1]) q++;
    if (i - h < quarterStart[q] || i + h >= quarterStart[q + 1]) mixed.push(i);
  }
  let row = 0;
  for (let a = 0; a < G; a++) {
    for (let b = 0; b < G; b++) {
      for (let c = 0; c < G; c++) {
        raw.set(pieces[0][a], quarterStart[0]);
        raw.set(pieces[1][a * G + b], quarterStart[1]);
        raw.set(pieces[2][b * G + c], quarterStart[2]);
        raw.set(pieces[3][c], quarterStart[3]);
        // the same centred smoothing as the series
        sm.set(smoothedPieces[0][a], quarterStart[0]);
        sm.set(smoothedPieces[1][a * G + b], quarterStart[1]);
        sm.set(smoothedPieces[2][b * G + c], quarterStart[2]);
        sm.set(smoothedPieces[3][c], quarterStart[3]);
        for (const i of mixed) sm[i] = smoothPoint(raw, i, 0);
        let s1 = 0, s2 = 0;
        for (let i = 0; i < m; i++) {
          s1 += sm[i];
          s2 += sm[i] * sm[i];
        }
        const mean = s1 / m, variance = s2 / m - mean * mean;
        const inv = variance > 1e-12 ? 1 / Math.sqrt(variance) : 0;
        const base = row * n;
        for (let i = 0, k = 0; i < m; i += stride, k++) data[base + k] = (sm[i] - mean) * inv;
        row++;
      }
    }
  }
  const upper = new Float64Array(n).fill(-Infinity), lower = new Float64Array(n).fill(Infinity);
  for (let r = 0; r < count; r++) {
    for (let k = 0; k < n; k++) {
      const v = data[r * n + k];
      if (v > upper[k]) upper[k] = v;
      if (v < lower[k]) lower[k] = v;
    }
  }
  return { count, n, stride, data, upper, lower };
}

/** The prefix sums at one position, rebuilt from the checkpoints every 64 positions (lib/search/prefix-blocks.ts), into out[0] (sum), out[1] (sum of squares), out[2] (missing count). */
export function prefixAt(values: Float64Array, blockSum: Float64Array, blockSumSq: Float64Array, blockNan: Int32Array, at: number, out: Float64Array): void {
  const b = at >> 6;
  let s = blockSum[b], s2 = blockSumSq[b], c = blockNan[b];
  for (let i = b << 6; i < at; i++) {
    const v = values[i];
    const bad = v !== v;
    s = s + (bad ? 0 : v);
    s2 = s2 + (bad ? 0 : v * v);
    c = c + (bad ? 1 : 0);
  }
  out[0] = s;
  out[1] = s2;
  out[2] = c;
}

/**
 * The smallest sum of squared differences (over the sampled points) between the z-normalised window at `a` of
 * length m and any template, if below `bound`; else `bound`. Returns Infinity for a window that cannot be scored
 * (a missing value, a flat window, or one overlapping the excluded window).
 */
export function fitWindow(p: WarpFitParams, t: number, a: number, m: number, tpl: WarpTemplates, z: Float64Array, bound: number, ends: Float64Array): number {
  const values = p.values;
  // the exact prefix sums at both ends of the window (prefixAt: from the checkpoint before each)
  prefixAt(values, p.blockSum, p.blockSumSq, p.blockNan, a, ends);
  prefixAt(values, p.blockSum, p.blockSumSq, p.blockNan, a + m, ends.subarray(3));
  if (ends[5] !== ends[2]) return Infinity;
  if (t === p.exclude.ticker && a < p.exclude.end && a + m > p.exclude.start) return Infinity;
  const mean = (ends[3] - ends[0]) / m;
  const variance = (ends[4] - ends[1]) / m - mean * mean;
  if (!(variance > 1e-12)) return Infinity;
  const inv = 1 / Math.sqrt(variance);
  const n = tpl.n, stride = tpl.stride, data = tpl.data;
  const upper = tpl.upper, lower = tpl.lower;
  // the window's distance to the templates' band first: most refined windows end here
  let lb = 0;
  for (let i = 0, k = 0; k < n; i += stride, k++) {
    const v = (values[a + i] - mean) * inv;
    z[k] = v;
    const e = v > upper[k] ? v - upper[k] : v < lower[k] ? lower[k] - v : 0;
    lb += e * e;
  }
  if (lb >= bound) return bound;
  let best = bound;
  for (let r = 0; r < tpl.count; r++) {
    const base = r * n;
    let d = 0;
    let k = 0;
    // abandon a template once its partial sum passes the best so far, checked every 8 points
    for (; k + 8 <= n; k += 8) {
      const e0 = z[k] - data[base + k], e1 = z[k + 1] - data[base + k + 1], e2 = z[k + 2] - data[base + k + 2], e3 = z[k + 3] - data[base + k + 3];
      const e4 = z[k + 4] - data[base + k + 4], e5 = z[k + 5] - data[base + k + 5], e6 = z[k + 6] - data[base + k + 6], e7 = z[k + 7] - data[base + k + 7];
      d += e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5 + e6 * e6 + e7 * e7;
      if (d >= best) break;
    }
    if (d >= best) continue;
    for (; k < n; k++) {
      const e = z[k] - data[base + k];
      d += e * e;
    }
    if (d < best) best = d;
  }
  return best;
}

/** The lengths a candidate of length m0 is refined over, within [minLength, maxLength], about 4% apart (2% found no more plants). */
export function refineLengths(p: WarpFitParams, m0: number): number[] {
  const step = Math.max(1, Math.round(m0 / 25));
  const reach = Math.max(step, Math.round(m0 * p.stretch));
  const out: number[] = [];
  for (let m = m0 - Math.floor(reach / step) * step; m <= m0 + reach; m += step) if (m >= p.minLength && m <= p.maxLength && m >= 2) out.push(m);
  if (out.length === 0) out.push(Math.min(p.maxLength, Math.max(p.minLength, m0)));
  return out;
}

/**
 * Scores every candidate: first at its own window (a tight bound), then over the refined starts and lengths.
 * Lengths are the outer loop, so each length's templates are built once and memory holds one length at a time.
 */
export function warpFitCandidates(p: WarpFitParams): WarpFitResult {
  const count = p.ticker.length;
  const dist = new Float64Array(count).fill(Infinity);
  const bestStart = Int32Array.from(p.start), bestLen = Int32Array.from(p.len);
  let maxN = 1;
  const byLength = new Map<number, number[]>();
  for (let c = 0; c < count; c++) {
    for (const m of refineLengths(p, p.len[c])) {
      let list = byLength.get(m);
      if (!list) byLength.set(m, (list = []));
      list.push(c);
      const n = Math.ceil(m / warpStride(m));
      if (n > maxN) maxN = n;
    }
  }
  const z = new Float64Array(maxN + 8);
  const ends = new Float64Array(6);
  const ownLengths = new Map<number, number[]>();
  for (let c = 0; c < count; c++) {
    const m = p.len[c];
    let list = ownLengths.get(m);
    if (!list) ownLengths.set(m, (list = []));
    list.push(c);
  }
  const cancelled = () => p.cancel !== undefined && Atomics.load(p.cancel, 0) !== 0;
  // pass 1: each candidate's own window (its lengths are the scan's grid: few, kept for pass 2)
  const ownTemplates = new Map<number, WarpTemplates>();
  for (const [m, list] of ownLengths) {
    if (cancelled()) break;
    const tpl = warpTemplates(p, m);
    ownTemplates.set(m, tpl);
    for (const c of list) {
      const a = p.start[c];
      if (a < p.lo[c] || a + m > p.hi[c]) continue;
      const d = fitWindow(p, p.ticker[c], a, m, tpl, z, Infinity, ends);
      if (d < Infinity) dist[c] = d / tpl.n;
    }
  }
  // pass 2: refined starts and lengths, pruned by the candidate's best so far
  const lengths = Array.from(byLength.keys()).sort((x, y) => x - y);
  for (const m of lengths) {
    if (cancelled()) break;
    const tpl = ownTemplates.get(m) ?? warpTemplates(p, m);
    ownTemplates.delete(m);
    const step = Math.max(1, Math.round(m / 50));
    for (const c of byLength.get(m)!) {
      const m0 = p.len[c];
      const centre = p.start[c] + m0 / 2;
      const first = Math.round(centre - m / 2);
      const reach = Math.max(step, Math.round(m * p.shift));
      const t = p.ticker[c];
      for (let a = first - Math.floor(reach / step) * step; a <= first + reach; a += step) {
        if (a < p.lo[c] || a + m > p.hi[c]) continue;
        if (a === p.start[c] && m === m0) continue;
        const bound = dist[c] === Infinity ? Infinity : dist[c] * tpl.n;
        const d = fitWindow(p, t, a, m, tpl, z, bound, ends);
        if (d < bound) {
          dist[c] = d / tpl.n;
          bestStart[c] = a;
          bestLen[c] = m;
        }
      }
    }
  }
  for (let c = 0; c < count; c++) dist[c] = Math.sqrt(dist[c]);
  return { dist, start: bestStart, len: bestLen };
}

/** Everything the worker threads need for the warp fit, in dependency order. */
export const WARP_FIT_FUNCTIONS = [prefixAt, warpStride, warpTemplates, fitWindow, refineLengths, warpFitCandidates];
