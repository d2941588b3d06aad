import { resample, zNormalise } from "@/lib/search/prepare-queries";

/**
 * A second opinion on a candidate window, in the spirit of Qetch (Mannino & Abouzied, CHI'18): the query is cut
 * at its turning points into rising and falling sections, and each section is matched to a stretch of the window
 * on its own, so a pattern whose parts run at different speeds or reach uneven heights (a lopsided cup, unequal
 * shoulders, a hand that drew one leg too fast) still fits section by section.
 *
 * The query, resampled to `points` values, lightly smoothed and z-normalised, gives knots at its zigzag turning
 * points (swings of at least `turn` of its range). Every inner knot may move by up to `reach` of the window's
 * length; the window (z-normalised, smoothed alike) is cut at the moved knots by dynamic programming. Each section
 * of the query, resampled to its stretch of the window, is fitted with its own height scale (least squares,
 * clamped to 0.4-2.5x); its cost is the squared residual plus, per point, `heightWeight` x (log scale)^2 +
 * (level offset)^2 and `stretchWeight` x (log of the section's stretch)^2. The score is the best total over m:
 * lower is better, 0 a perfect fit.
 *
 * With `resampleWindow`, the window is first resampled to the query's `points`, so every window is smoothed and
 * fitted at the query's resolution whatever its length: on the window's own candles the fixed 5-point smoothing
 * flattens a short window more than a long one, and random windows at the shortest lengths outscored plants
 * twice their length (docs/recall.md, session 11).
 *
 * The functions in SEGMENT_FUNCTIONS are SELF-CONTAINED (no imports, no outer variables; they call only each other),
 * so the search threads can run their source text (lib/search/worker-pool.ts), as the scan kernel's.
 */
export type SegmentSettings = { points: number; turn: number; reach: number; heightWeight: number; stretchWeight: number; resampleWindow?: boolean };

/** A query's sections: its resampled, smoothed, z-normalised values and the knot positions (first and last included). */
export type SegmentQuery = { values: Float64Array; knots: number[] };

export function segmentQuery(points: ArrayLike<number>, settings: SegmentSettings): SegmentQuery {
  const values = zNormalise(smoothedSg5(resample(points, settings.points)));
  return { values, knots: turningPoints(values, settings.turn) };
}

/** Indices of the alternating extrema whose swing from the previous one is at least `share` of the range (zigzag), with both ends. */
export function turningPoints(x: ArrayLike<number>, share: number): number[] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  const th = (hi - lo) * share;
  const out = [0];
  let dir = 0, ext = 0;
  for (let i = 1; i < x.length; i++) {
    if (dir === 0) {
      if (x[i] - x[0] >= th) [dir, ext] = [1, i];
      else if (x[0] - x[i] >= th) [dir, ext] = [-1, i];
      continue;
    }
    if (dir > 0 ? x[i] > x[ext] : x[i] < x[ext]) ext = i;
    else if (Math.abs(x[ext] - x[i]) >= th) {
      out.push(ext);
      [dir, ext] = [-dir, i];
    }
  }
  if (out[out.length - 1] !== x.length - 1) out.push(x.length - 1);
  return out;
}

/** Savitzky-Golay over 5 points (lib/search/smooth.ts's "sg" kernel of width 5), the two edge values on each side kept. */
function smoothedSg5(x: Float64Array): Float64Array {
  const sg5 = [-3 / 35, 12 / 35, 17 / 35, 12 / 35, -3 / 35];
  const out = Float64Array.from(x);
  for (let i = 2; i < x.length - 2; i++) {
    let s = 0;
    for (let k = -2; k <= 2; k++) s += sg5[k + 2] * x[i + k];
    out[i] = s;
  }
  return out;
}

/** Linear resampling to n equally spaced points (prepare-queries' resample, repeated: a search thread runs this alone). */
function linearResample(x: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n), P = x.length;
  if (P === 1) return out.fill(x[0]);
  for (let i = 0; i < n; i++) {
    const t = n === 1 ? 0 : (i * (P - 1)) / (n - 1);
    const j = Math.min(P - 2, Math.floor(t)), f = t - j;
    out[i] = x[j] * (1 - f) + x[j + 1] * f;
  }
  return out;
}

/** The query's sections resampled to every stretch length of windows of m points, filled as the fit asks for them. */
export type SectionTable = { offset: Int32Array; values: Float64Array; sums: Float64Array; used: number };
/** Section tables by window length, shared by the windows of one batch (one query). */
export type SectionCache = Map<number, SectionTable>;

/** The section table of windows of m points, from the cache when it holds one. */
export function sectionTable(q: SegmentQuery, m: number, cache?: SectionCache): SectionTable {
  const found = cache?.get(m);
  if (found) return found;
  // a key per section and stretch length up to m, each a run of at most m values (the runs grow as they are asked for)
  const keys = q.knots.length * (m + 1);
  const table = { offset: new Int32Array(keys).fill(-1), values: new Float64Array(Math.min(8192, keys * (m + 1))), sums: new Float64Array(2 * keys), used: 0 };
  cache?.set(m, table);
  return table;
}

/** The segment score of one window's values (any finite values, length >= 8) against a prepared query. */
export function segmentScore(q: SegmentQuery, window: ArrayLike<number>, settings: SegmentSettings, cache?: SectionCache): number {
  // z-normalised (and resampled) here rather than by prepare-queries: a search thread runs this source text alone
  const w = smoothedSg5(settings.resampleWindow ? linearResample(window, settings.points) : Float64Array.from(window));
  const m = w.length;
  let sum = 0, sumSq = 0;
  for (let i = 0; i < m; i++) {
    sum += w[i];
    sumSq += w[i] * w[i];
  }
  const mean = sum / m, sd = Math.sqrt(Math.max(0, sumSq / m - mean * mean));
  for (let i = 0; i < m; i++) w[i] = sd > 1e-12 ? (w[i] - mean) / sd : 0;
  const N = q.values.length, kn = q.knots, K = kn.length - 1, qv = q.values;
  const step = Math.max(1, Math.round(m / 60));
  const reach = Math.round(settings.reach * m);
  const positions = kn.map((k, i) => {
    if (i === 0) return [0];
    if (i === K) return [m - 1];
    const c = Math.round((k / (N - 1)) * (m - 1));
    const out: number[] = [];
    for (let p = c - reach; p <= c + reach; p += step) if (p > 0 && p < m - 1) out.push(p);
    return out.length ? out : [Math.min(m - 2, Math.max(1, c))];
  });
  const hw = settings.heightWeight, sw = settings.stretchWeight;
  // A query section resampled to a stretch of L points (and its sums) depends on the section, L and m only: every
  // pair of knot positions with that span, in every window of this length, reuses it (the same values, summed in
  // the same order, as computing them afresh).
  const table = sectionTable(q, m, cache);
  const sectionCost = (i: number, t0: number, t1: number) => {
    const L = t1 - t0 + 1, a0 = kn[i - 1], a1 = kn[i];
    const key = i * (m + 1) + L;
    let at = table.offset[key];
    if (at < 0) {
      const from = (at = table.used);
      if (from + L > table.values.length) {
        const grown = new Float64Array(Math.max(2 * table.values.length, from + L));
        grown.set(table.values);
        table.values = grown;
      }
      const qs = table.values, sums = table.sums;
      let s1 = 0, s2 = 0;
      for (let j = 0; j < L; j++) {
        const x = a0 + ((a1 - a0) * j) / Math.max(1, L - 1);
        const f = Math.floor(x), g = x - f;
        const qj = f + 1 < N ? qv[f] * (1 - g) + qv[f + 1] * g : qv[f];
        qs[from + j] = qj;
        s1 += qj;
        s2 += qj * qj;
      }
      table.offset[key] = from;
      table.used = from + L;
      sums[2 * key] = s1;
      sums[2 * key + 1] = s2;
    }
    const qs = table.values, sq = table.sums[2 * key], sqq = table.sums[2 * key + 1];
    // one pass of sums (the fit's residual follows from them), not one pass per moment
    let sx = 0, sxx = 0, sqx = 0;
    for (let j = 0; j < L; j++) {
      const wj = w[t0 + j];
      sx += wj;
      sxx += wj * wj;
      sqx += qs[at + j] * wj;
    }
    const mq = sq / L, mw = sx / L;
    const qq = Math.max(0, sqq - sq * mq), qw = sqx - sq * mw, ww = Math.max(0, sxx - sx * mw);
    const a = Math.min(2.5, Math.max(0.4, qq > 1e-12 ? qw / qq : 1));
    const e = Math.max(0, ww - 2 * a * qw + a * a * qq);
    const la = Math.log(a), ls = Math.log((L - 1) / Math.max(1e-9, ((a1 - a0) / (N - 1)) * (m - 1)));
    return e + L * (hw * (la * la + (mw - mq) ** 2) + sw * ls * ls);
  };
  let best = [0];
  for (let i = 1; i <= K; i++) {
    const next = new Array<number>(positions[i].length).fill(Infinity);
    for (let b = 0; b < positions[i].length; b++) {
      for (let a = 0; a < positions[i - 1].length; a++) {
        if (!(best[a] < Infinity) || positions[i][b] <= positions[i - 1][a] + 1) continue;
        const v = best[a] + sectionCost(i, positions[i - 1][a], positions[i][b]);
        if (v < next[b]) next[b] = v;
      }
    }
    best = next;
  }
  return best[0] / m;
}

/** A batch of candidates for one query: windows [start, start + len) of `values`. */
export type SegmentScoreParams = { values: Float64Array; start: Int32Array; len: Int32Array; query: SegmentQuery; settings: SegmentSettings };

/** The segment score of every candidate window of a batch, in its order. */
export function segmentScores(p: SegmentScoreParams): Float64Array {
  const out = new Float64Array(p.start.length);
  const cache: SectionCache = new Map();
  for (let c = 0; c < out.length; c++) out[c] = segmentScore(p.query, p.values.subarray(p.start[c], p.start[c] + p.len[c]), p.settings, cache);
  return out;
}

export const SEGMENT_FUNCTIONS = [smoothedSg5, linearResample, sectionTable, segmentScore, segmentScores];
