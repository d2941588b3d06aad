import { embedWindows, type PatternModel } from "@/ml/model";
import { prepareWindow } from "@/ml/preprocess";
import { lengthsBetween } from "@/lib/search/prepare-queries";
import { DEFAULT_TUNING } from "@/lib/search/tuning";
import type { SearchIndex } from "@/lib/search/types";
import { tickerOfRow, type EmbeddingIndex } from "@/lib/model/build-embedding-index";
import { rerankExact, selectNonOverlapping, type ExactMatch, type Region, type RegionGroup } from "@/lib/model/rerank-exact";
import { prepareSeries } from "@/lib/search/prepare-series";
import { warpFitCandidates } from "@/lib/search/warp-fit";
import { similarityTopK, type SimilarityParams } from "@/lib/search/similarity-topk";
import { runSimilarity, runWarpFit, searchThreads } from "@/lib/search/worker-pool";
import { warpFitParams } from "@/lib/search/warp-fit-params";
import { buildCoarseProjection, buildCoarseProjectionInSlices, coarseQuery, type CoarseProjection } from "@/lib/search/coarse-projection";

export type EmbeddingMatch = {
  ticker: number;
  symbol: string;
  /** Global position of the first candle (into the columns). */
  start: number;
  length: number;
  /** Best cosine similarity between the query's embedding and a candidate window overlapping the match. */
  similarity: number;
  /** The exact engine's distance (the warp fit, as `method: "dtw"` reports it; DTW with warpFit false). */
  distance: number;
};

/** Where a search's time went, in milliseconds (`fit`: the warp fit's part of `rerank`). */
export type SearchTimings = { embed: number; topk: number; rerank: number; fit: number; total: number };

/**
 * Candidate windows taken from the cosine ranking: at least MIN_CANDIDATES, else this many per requested match.
 * Planted benchmark (hard, topK 10, mean recall over seeds 7, 11, 3, 5, 13) with the default model (trained
 * with context around its patterns): 100 candidates 0.843, 150 0.847 (98-100% of the plants inside a
 * candidate's region), 300 0.843. The model trained without context needed 300 for 0.847 (150: 0.817).
 */
export const DEFAULT_CANDIDATES_PER_MATCH = 10;
export const MIN_CANDIDATES = 150;
/**
 * Window centres tried around a candidate's centre: +- (half its stride + pad x the length tried). DTW's band
 * absorbs the rest of the misalignment; pad 0.1, 0.05 and 0.03 gave the same planted recall.
 */
export const DEFAULT_REGION_PAD = 0.03;
/** Lengths scanned around a candidate of indexed length l: l / spread .. l * spread. */
export const DEFAULT_LENGTH_SPREAD = 1.4;
/**
 * Weight of the model's cosine similarity in the final choice: of the BLEND_POOL x topK nearest DTW matches,
 * the topK with the least DTW distance - blend x similarity, listed by distance. The model breaks near-ties of
 * DTW in favour of windows that read as the pattern. Planted benchmark, hard, topK 10, mean recall over seeds
 * 7, 11, 3, 5, 13 with the default model: blend 0 0.843, 0.15 0.847, 0.3 0.847, 0.5 0.850, 0.8 0.853, 1.2 0.853
 * (the dtw engine: 0.833); a plateau, 0.5 taken from its start. Pool 1.5 against 2 and 1.2: see the commits.
 */
export const DEFAULT_BLEND = 0.5;
export const BLEND_POOL = 1.5;
/**
 * DTW matches per requested match that the warp fit scores (as the DTW engine does with its candidates); the
 * blend above then uses warp-fit distances. Planted benchmark, hard, topK 10, seeds 7, 11, 3, 5, 13: DTW + blend
 * 0.850; warp fit, pool 1.5 0.903, 2 0.920, 3 0.923 (seeds 17-31: 0.893 at 2, 0.890 at 3; DTW 0.847); with
 * the warp fit the blend is a plateau too (0 0.927, 0.25 0.923, 0.5 0.923, 1 0.927 at pool 3).
 */
export const WARP_POOL = 2;
/**
 * The same for a drawn shape or preset (modelSearchOnIndex; a picked range keeps WARP_POOL): 1.5 cost no recall on
 * the suite's sketch families (topK = R and topK 20, seeds 1-3 and 11-13) for about a tenth less CPU per search,
 * while picked ranges lost ~0.02 on range-b (docs/recall.md, "Cuts of the model search", 2026-12-08).
 */
export const SHAPE_WARP_POOL = 1.5;
/** Indexes of at least this many int8 values are scored on the search threads (smaller ones cost less than the posting). */
const SIMILARITY_OFFLOAD_MIN = 1 << 20;
/** Fits of at least this many matches run on the search threads. */
const WARP_OFFLOAD_MIN = 8;
/**
 * The DTW re-rank's grid when the warp fit follows (it refines each match's length by +-15% and its centre by
 * +-6%): the DTW engine's steps for its warp-fit candidates (DEFAULT_TUNING.dtw.warpLengthStep, warpStartStep).
 * Recall suite (bench:recall families, model 1, topK = R, seeds 1-3), interleaved in one run: macro 0.699 with
 * lengths 10% apart at every start, 0.705 with these steps, for 39% less CPU over the run.
 */
export const COARSE_RERANK = { lengthStep: DEFAULT_TUNING.dtw.warpLengthStep, startStep: DEFAULT_TUNING.dtw.warpStartStep };
/** Euclidean survivors per requested match that the DTW stage re-ranks. */
export const DEFAULT_PREFILTER_PER_MATCH = 0;

// on globalThis: the bundle may hold this module twice (the warm-up's chunk and the route's), one projection serves both
const g = globalThis as unknown as { patternscopeCoarseProjections?: WeakMap<Int8Array, CoarseProjection> };
const coarseByVectors = (g.patternscopeCoarseProjections ??= new WeakMap());

const coarseOptions = (index: EmbeddingIndex) => ({ vectors: index.vectors, scale: index.scale, d: index.embeddingSize, rows: index.windows });

/**
 * The coarse projection of an embedding index (lib/search/coarse-projection.ts), kept with its vectors: built on
 * first use unless warmCoarseProjection built it when the index loaded.
 */
export function coarseProjectionOf(index: EmbeddingIndex): CoarseProjection {
  let coarse = coarseByVectors.get(index.vectors);
  if (!coarse) coarseByVectors.set(index.vectors, (coarse = buildCoarseProjection(coarseOptions(index))));
  return coarse;
}

/** Builds an index's coarse projection in slices (the event loop turning between them), before its first search. */
export async function warmCoarseProjection(index: EmbeddingIndex): Promise<void> {
  if (!coarseByVectors.has(index.vectors)) {
    const coarse = await buildCoarseProjectionInSlices(coarseOptions(index));
    if (!coarseByVectors.has(index.vectors)) coarseByVectors.set(index.vectors, coarse);
  }
}

/**
 * Model search: embed the query, cosine top candidates over every indexed window (its int8 vectors scored on
 * the search threads), then the exact engine's DTW (lib/model/rerank-exact.ts) around each candidate: the grid
 * lengths within `spread` of its indexed length, at the starts whose window centre is near the candidate's (with
 * the warp fit after it, on the coarser grid of COARSE_RERANK). The answer has the exact engine's alignment and distance while only a sliver of the data is scanned.
 * Matches never overlap on one ticker.
 */
export async function searchEmbeddingIndex(options: {
  index: EmbeddingIndex;
  model: PatternModel;
  columns: SearchIndex;
  points: ArrayLike<number>;
  topK?: number;
  /** Candidate windows taken from the cosine ranking (default DEFAULT_CANDIDATES_PER_MATCH x topK, at least MIN_CANDIDATES). */
  candidates?: number;
  /** Only windows of these tickers (numbers into columns.symbols). */
  tickers?: Set<number>;
  minLength?: number;
  maxLength?: number;
  /** Per ticker number, the positions [lo, hi) a match must lie in (a date filter). */
  bounds?: { lo: Int32Array; hi: Int32Array };
  /** A range query's own window: no match overlaps it. */
  exclude?: { ticker: number; start: number; end: number };
  pad?: number;
  /** Lengths tried around a candidate: its indexed length divided or multiplied by up to this (default 1.4). */
  spread?: number;
  /** Windows kept by the Euclidean first stage of the re-rank for DTW (0, the default: DTW everywhere). */
  prefilter?: number;
  /** Grid lengths that share one kernel group and region per candidate (default 1: each length its own). */
  lengthsPerGroup?: number;
  /** Final order: distance minus blend x cosine similarity (0: distance alone; default DEFAULT_BLEND). */
  blend?: number;
  /** Score the DTW matches with the warp fit, as `method: "dtw"` does (default true); false: DTW distances. */
  warpFit?: boolean;
  /** DTW matches per requested match that the warp fit scores (default WARP_POOL). */
  warpPool?: number;
}): Promise<{ matches: EmbeddingMatch[]; tookMs: number; timings: SearchTimings; regions: Region[] }> {
  const started = performance.now();
  const { index, model, columns } = options;
  const topK = options.topK ?? 20;
  const minLength = options.minLength ?? 20;
  const maxLength = Math.max(minLength, options.maxLength ?? 120);
  const pad = options.pad ?? DEFAULT_REGION_PAD;
  const spread = options.spread ?? DEFAULT_LENGTH_SPREAD;
  // Indexed windows within a factor 1.5 of the requested lengths can seed a region (the model is trained to
  // embed a pattern alike at any length in 24..128); if none is, the nearest indexed length does.
  let allowedLengths = index.lengths.filter((l) => l * 1.5 >= minLength && l <= maxLength * 1.5);
  if (allowedLengths.length === 0) {
    const near = [...index.lengths].sort((a, b) => Math.abs(Math.log(a / minLength)) - Math.abs(Math.log(b / minLength)));
    allowedLengths = near.slice(0, 1);
  }
  const shortest = Math.min(...allowedLengths), longest = Math.max(...allowedLengths);
  const qe = embedWindows({ model, inputs: prepareWindow(options.points, model.config.length), samples: 1 });
  const t1 = performance.now();
  const pool = Math.min(index.windows, Math.max(options.candidates ?? Math.max(MIN_CANDIDATES, topK * DEFAULT_CANDIDATES_PER_MATCH), topK));
  // Scored on the search threads from the shared int8 matrix (lib/search/similarity-topk.ts): the web thread waits.
  const query = Float64Array.from(qe);
  let allowTicker: Uint8Array | undefined;
  if (options.tickers) {
    allowTicker = new Uint8Array(columns.symbols.length);
    for (const t of options.tickers) allowTicker[t] = 1;
  }
  const params: SimilarityParams = {
    vectors: index.vectors,
    scale: index.scale,
    d: index.embeddingSize,
    query,
    from: 0,
    to: index.windows,
    k: pool,
    rowOffsets: index.rowOffsets,
    start: index.start,
    length: index.length,
    allowTicker,
    allowLength: allowedLengths.length < index.lengths.length ? Int32Array.from(allowedLengths) : undefined,
    lo: options.bounds?.lo,
    hi: options.bounds?.hi,
    // a bound per row from 8 of the 32 directions: most rows are passed over unscored, the answer is the same
    coarse: pool < index.windows ? coarseQuery(coarseProjectionOf(index), query) : undefined,
  };
  const top = index.windows * index.embeddingSize >= SIMILARITY_OFFLOAD_MIN ? await runSimilarity({ params, threads: searchThreads() }) : similarityTopK(params);
  const values = top.sim.subarray(0, top.count);
  const indices = top.row.subarray(0, top.count);
  const t2 = performance.now();
  // Per candidate and per grid length m within `spread` of its indexed length l: the windows of length m whose
  // centre lies within `slack` of the candidate's centre (half a stride plus the warp the model tolerates).
  // Regions of one length form one kernel group, so each length is scanned only where it can match.
  const warpFit = options.warpFit ?? true;
  // Before the warp fit, which refines every start and length around a DTW match, the DTW engine's coarser steps
  // for its candidates (every 2nd start, lengths 20% apart) do as well as the fine grid: see COARSE_RERANK.
  const steps = warpFit ? COARSE_RERANK : { lengthStep: DEFAULT_TUNING.dtw.lengthStep, startStep: 1 };
  const grid = lengthsBetween({ minLength, maxLength, step: steps.lengthStep });
  const groups = new Map<number, RegionGroup>();
  const regions: (Region & { similarity: number })[] = [];
  const strideOf = new Map(index.lengths.map((l, i) => [l, index.strides[i]]));
  const slackFor = (l: number, m: number) => Math.ceil((strideOf.get(l) ?? 1) / 2 + pad * m);
  const lengthsPerGroup = options.lengthsPerGroup ?? 1;
  for (let c = 0; c < indices.length; c++) {
    const w = indices[c];
    const t = tickerOfRow(index.rowOffsets, w);
    const l = index.length[w];
    const centre = index.start[w] + l / 2;
    let lo = columns.offsets[t], hi = columns.offsets[t + 1];
    if (options.bounds) {
      lo = Math.max(lo, options.bounds.lo[t]);
      hi = Math.min(hi, options.bounds.hi[t]);
    }
    // The shortest indexed length also stands for every shorter requested length, the longest for every longer one.
    const below = l === shortest ? 0 : l / spread, above = l === longest ? Infinity : l * spread;
    let ms = grid.filter((m) => m >= below && m <= above);
    if (ms.length === 0) ms = [grid.reduce((best, m) => (Math.abs(Math.log(m / l)) < Math.abs(Math.log(best / l)) ? m : best), grid[0])];
    regions.push({ ticker: t, start: Math.max(lo, Math.floor(centre - ms[ms.length - 1] / 2 - slackFor(l, ms[ms.length - 1]))), end: Math.min(hi, Math.ceil(centre + ms[ms.length - 1] / 2 + slackFor(l, ms[ms.length - 1]))), similarity: values[c] });
    for (let b = 0; b < ms.length; b += lengthsPerGroup) {
      const m0 = ms[b], m1 = ms[Math.min(ms.length, b + lengthsPerGroup) - 1];
      const slack = slackFor(l, m1);
      const start = Math.max(lo, Math.floor(centre - m1 / 2 - slack));
      const end = Math.min(hi, Math.ceil(centre + m1 / 2 + slack));
      if (end - start < m0) continue;
      const key = m0 * 10000 + m1;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { regions: [], minLength: m0, maxLength: m1 }));
      group.regions.push({ ticker: t, start, end, rank: c });
    }
  }
  const prefilter = options.prefilter === undefined ? topK * DEFAULT_PREFILTER_PER_MATCH : options.prefilter;
  // The DTW re-rank keeps a pool of candidates: WARP_POOL x topK for the warp fit (the DTW engine's final ranking),
  // BLEND_POOL x topK for DTW alone; the final choice mixes in the model's similarity.
  const blend = options.blend ?? DEFAULT_BLEND;
  const poolSize = warpFit ? Math.ceil((options.warpPool ?? WARP_POOL) * topK) : blend > 0 ? Math.ceil(BLEND_POOL * topK) : topK;
  let exact = await rerankExact({ index: columns, points: options.points, groups: [...groups.values()], minLength, maxLength, ...steps, topK: poolSize, exclude: options.exclude, prefilter });
  const tFit = performance.now();
  if (warpFit && exact.length > 0) exact = await fitExactMatches({ columns, points: options.points, exact, minLength, maxLength, bounds: options.bounds, exclude: options.exclude });
  let matches = exact.map((m): EmbeddingMatch => {
    let similarity = -1;
    for (const r of regions) if (r.ticker === m.ticker && r.start < m.start + m.length && m.start < r.end && r.similarity > similarity) similarity = r.similarity;
    return { ...m, symbol: columns.symbols[m.ticker], similarity };
  });
  // Chosen by the blend, listed by distance (the order every engine reports).
  if (blend > 0) matches = matches.sort((a, b) => a.distance - blend * a.similarity - (b.distance - blend * b.similarity) || a.distance - b.distance);
  matches = matches.slice(0, topK).sort((a, b) => a.distance - b.distance);
  const t3 = performance.now();
  return { matches, regions, tookMs: t3 - started, timings: { embed: t1 - started, topk: t2 - t1, rerank: t3 - t2, fit: t3 - tFit, total: t3 - started } };
}

/**
 * The warp fit of the DTW engine (lib/search/warp-fit.ts) over the model search's DTW matches: each refined and
 * scored like a DTW candidate of `method: "dtw"`, then the non-overlapping ones kept, nearest first.
 */
async function fitExactMatches({ columns, points, exact, minLength, maxLength, bounds, exclude }: { columns: SearchIndex; points: ArrayLike<number>; exact: ExactMatch[]; minLength: number; maxLength: number; bounds?: { lo: Int32Array; hi: Int32Array }; exclude?: { ticker: number; start: number; end: number } }): Promise<ExactMatch[]> {
  const tune = DEFAULT_TUNING.dtw;
  const prepared = prepareSeries({ index: columns, series: "close", smooth: tune.smooth, smoothKind: tune.smoothKind });
  const ticker = Int32Array.from(exact, (m) => m.ticker);
  const params = warpFitParams({
    prepared,
    points,
    ticker,
    start: Int32Array.from(exact, (m) => m.start),
    len: Int32Array.from(exact, (m) => m.length),
    lo: Int32Array.from(ticker, (t) => Math.max(columns.offsets[t], bounds ? bounds.lo[t] : -Infinity)),
    hi: Int32Array.from(ticker, (t) => Math.min(columns.offsets[t + 1], bounds ? bounds.hi[t] : Infinity)),
    minLength,
    maxLength,
    exclude: exclude ?? { ticker: -1, start: 0, end: 0 },
    settings: tune,
  });
  // On the search threads, off the web event loop, unless the fit is small enough that posting it costs more.
  const fit = exact.length >= WARP_OFFLOAD_MIN ? await runWarpFit({ params, threads: searchThreads() }) : warpFitCandidates(params);
  const scored = exact.map((m, i) => ({ ticker: m.ticker, start: fit.start[i], length: fit.len[i], distance: fit.dist[i] })).filter((m) => Number.isFinite(m.distance));
  return selectNonOverlapping(scored, scored.length);
}
