import { toDayNumber } from "@/lib/search/dates";
import { resample, zNormalise } from "@/lib/search/prepare-queries";
import type { ParsedSearchRequest } from "@/lib/search/request-schema";
import { lowerBound, resolveQuery } from "@/lib/search/resolve-query";
import type { Match, SearchIndex } from "@/lib/search/types";
import { runSteps, runStepsInSlices } from "@/lib/slices/run-in-slices";

/**
 * How the query lines up with one match window, for drawing the query over the match:
 * - `path`: the warp path, downsampled: pairs [position along the query 0..1, candle offset in the window
 *   0..length-1], both ascending;
 * - `overlay`: the query drawn in the window's own units (prices for a price series), at candle offsets of the
 *   window: the query's value aligned to that candle, scaled to the window's mean and spread (in log space for
 *   prices, like the search);
 * - `segments`: per quarter of the query, the RMS gap between it and the window along the path, in units of the
 *   window's standard deviation (the scale of a match's `distance`).
 */
export type MatchAlignment = {
  path: [number, number][];
  overlay: { offset: number[]; value: number[] };
  segments: { from: number; to: number; error: number }[];
};

/** Points both sides are resampled to before aligning: enough to draw, and a 1000-candle match costs no more than a 64-candle one. */
export const ALIGNMENT_POINTS = 64;
/** Pairs of the warp path returned at most. */
const PATH_POINTS = 32;
/** The Sakoe-Chiba band of the alignment, as a fraction of its length: the DTW engine's default band. */
const BAND = 0.1;

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The banded DTW alignment of a query (any scale, equally spaced) onto a window's values (NaN gaps filled
 * from their neighbours), both z-normalised after resampling to at most ALIGNMENT_POINTS points. `log` maps the
 * window through log first and the overlay back through exp, so a price pattern is matched in percentage moves.
 * Pure.
 */
export function alignWindow({ query, window, log }: { query: ArrayLike<number>; window: ArrayLike<number>; log: boolean }): MatchAlignment | null {
  const m = window.length;
  const raw = fillGaps(Float64Array.from(window, (v) => (log ? (v > 0 ? Math.log(v) : NaN) : v)));
  if (m < 2 || query.length < 2 || raw === null) return null;
  const n = Math.min(m, ALIGNMENT_POINTS);
  const w = resample(raw, n);
  let mean = 0;
  for (const v of w) mean += v;
  mean /= n;
  let sd = 0;
  for (const v of w) sd += (v - mean) ** 2;
  sd = Math.sqrt(sd / n);
  const wz = zNormalise(w);
  const qz = zNormalise(resample(query, n));
  const pairs = dtwPath(qz, wz, Math.max(1, Math.ceil(BAND * n)));
  const toCandle = (j: number) => (n === 1 ? 0 : (j * (m - 1)) / (n - 1));
  const toQuery = (i: number) => (n === 1 ? 0 : i / (n - 1));

  // the query's value at each window point: the mean of the query points the path aligns to it
  const sum = new Float64Array(n), count = new Float64Array(n);
  for (const [i, j] of pairs) {
    sum[j] += qz[i];
    count[j]++;
  }
  const overlay = { offset: [] as number[], value: [] as number[] };
  for (let j = 0; j < n; j++) {
    const x = mean + (sum[j] / count[j]) * sd;
    overlay.offset.push(round(toCandle(j), 2));
    overlay.value.push(round(log ? Math.exp(x) : x, 6));
  }

  const segments = [0, 1, 2, 3].map((s) => {
    const lo = (s * n) / 4, hi = ((s + 1) * n) / 4;
    let e = 0, k = 0;
    for (const [i, j] of pairs) {
      if (i < lo || i >= hi) continue;
      e += (qz[i] - wz[j]) ** 2;
      k++;
    }
    return { from: s / 4, to: (s + 1) / 4, error: k ? round(Math.sqrt(e / k), 4) : 0 };
  });

  const step = Math.max(1, (pairs.length - 1) / (PATH_POINTS - 1));
  const path: [number, number][] = [];
  for (let k = 0; k < PATH_POINTS && Math.round(k * step) < pairs.length; k++) {
    const [i, j] = pairs[Math.round(k * step)];
    path.push([round(toQuery(i), 4), round(toCandle(j), 2)]);
  }
  const [li, lj] = pairs[pairs.length - 1];
  if (path.at(-1)![0] !== round(toQuery(li), 4)) path.push([round(toQuery(li), 4), round(toCandle(lj), 2)]);
  return { path, overlay, segments };
}

/**
 * The warp path of banded DTW between two series of one length: the pairs (i, j) from (0, 0) to (n-1, n-1), each
 * step moving i, j or both by one, that minimise the summed squared difference with |i - j| <= r.
 */
export function dtwPath(a: Float64Array, b: Float64Array, r: number): [number, number][] {
  const n = a.length;
  const width = 2 * r + 1;
  // cost[i][k] for j = i - r + k
  const cost = new Float64Array(n * width).fill(Infinity);
  const at = (i: number, j: number) => (j < i - r || j > i + r || j < 0 || j >= n ? Infinity : cost[i * width + (j - i + r)]);
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - r); j <= Math.min(n - 1, i + r); j++) {
      const d = (a[i] - b[j]) ** 2;
      const best = i === 0 && j === 0 ? 0 : Math.min(i > 0 ? at(i - 1, j) : Infinity, j > 0 ? at(i, j - 1) : Infinity, i > 0 && j > 0 ? at(i - 1, j - 1) : Infinity);
      cost[i * width + (j - i + r)] = best + d;
    }
  }
  const path: [number, number][] = [[n - 1, n - 1]];
  let i = n - 1, j = n - 1;
  while (i > 0 || j > 0) {
    const diag = i > 0 && j > 0 ? at(i - 1, j - 1) : Infinity, up = i > 0 ? at(i - 1, j) : Infinity, left = j > 0 ? at(i, j - 1) : Infinity;
    if (diag <= up && diag <= left) {
      i--;
      j--;
    } else if (up <= left) i--;
    else j--;
    path.push([i, j]);
  }
  return path.reverse();
}

/** Missing values replaced by the previous value (the next one at the start); null when none is present. */
function fillGaps(x: Float64Array): Float64Array | null {
  const first = x.findIndex((v) => !Number.isNaN(v));
  if (first < 0) return null;
  let last = x[first];
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i])) x[i] = last;
    else last = x[i];
  }
  return x;
}

const PRICE_FIELDS = new Set(["open", "high", "low", "close"]);

type AlignArgs<M extends Match> = { index: SearchIndex; request: ParsedSearchRequest; matches: M[] };
type Aligned<M extends Match> = (M & { alignment?: MatchAlignment | null })[];

/**
 * Each shape match with its alignment to the query (`alignment`, null when the window cannot be read). The query is
 * the request's own: a sketch's points, a preset's shape, a picked range's values of the searched series. A candle
 * sequence has no shape to align, so its matches come back as they are.
 */
export function alignMatches<M extends Match>(args: AlignArgs<M>): Aligned<M> {
  return runSteps(aligningMatches(args));
}

/**
 * alignMatches with the event loop turning whenever a slice of `sliceMs` has run (checked between matches): a web
 * thread aligning a few hundred matches would otherwise be held for tens of milliseconds. Same answer.
 */
export async function alignMatchesInSlices<M extends Match>(args: AlignArgs<M>, { sliceMs = 4 }: { sliceMs?: number } = {}): Promise<Aligned<M>> {
  return runStepsInSlices(aligningMatches(args), sliceMs);
}

/** alignMatches as steps: one match per step. */
function* aligningMatches<M extends Match>({ index, request, matches }: AlignArgs<M>): Generator<void, Aligned<M>> {
  const q = request.query;
  if (q.type === "sequence" || matches.length === 0) return matches;
  const series = request.series;
  const scalar = series in index.fields ? null : index.scalars.get(series);
  if (!(series in index.fields) && !scalar) return matches;
  const layout = scalar ?? { offsets: index.offsets, days: index.days, values: index.fields[series as keyof SearchIndex["fields"]] };
  const log = PRICE_FIELDS.has(series);
  const resolved = resolveQuery({
    query: q,
    minLength: request.minLength,
    maxLength: request.maxLength,
    bySymbol: index.bySymbol,
    days: layout.days,
    offsets: layout.offsets,
    rangeValues: () => layout.values,
  });
  // a picked range of prices is compared in log space, like the window
  const points = q.type === "range" && log ? Array.from(resolved.points, (v) => (v > 0 ? Math.log(v) : NaN)).filter((v) => !Number.isNaN(v)) : resolved.points;
  const aligned: Aligned<M> = [];
  for (const match of matches) {
    yield;
    const t = index.bySymbol.get(match.symbol);
    if (t === undefined) {
      aligned.push({ ...match, alignment: null });
      continue;
    }
    const start = lowerBound(layout.days, layout.offsets[t], layout.offsets[t + 1], toDayNumber(match.start));
    const window = layout.values.subarray(start, Math.min(start + match.length, layout.offsets[t + 1]));
    aligned.push({ ...match, alignment: alignWindow({ query: points, window, log }) });
  }
  return aligned;
}
