import type { Db } from "@/lib/db/client";
import { DEFAULT_CANDIDATES_PER_MATCH, MIN_CANDIDATES, searchEmbeddingIndex, SHAPE_WARP_POOL, WARP_POOL } from "@/lib/model/search-embedding-index";
import { smoothPickedRange } from "@/lib/search/prepare-queries";
import { prepareSeries } from "@/lib/search/prepare-series";
import { resolveQuery, selectTickers } from "@/lib/search/resolve-query";
import { DEFAULT_TUNING } from "@/lib/search/tuning";
import type { ParsedSearchRequest } from "@/lib/search/request-schema";
import { SearchInputError } from "@/lib/search/search-input-error";
import { alignMatchesInSlices } from "@/lib/search/alignment";
import type { WithinWindows } from "@/lib/search/scan-within";
import { shapeMatches } from "@/lib/search/shape-result";
import type { SearchIndex, SearchResult } from "@/lib/search/types";
import { withOutcomeStats } from "@/lib/search-server/with-outcome-stats";
import { getModelIndex, type ModelIndex } from "@/lib/search-server/get-model-index";

/**
 * The model search's own settings (lib/model/search-embedding-index.ts; unset: its defaults), for benchmarks:
 * candidate windows per requested match from the cosine ranking and at least modelMinCandidates of them, the lengths
 * tried around each (its indexed length divided or multiplied by up to modelSpread), and the DTW matches per requested
 * match that the warp fit scores.
 */
export type ModelSearchTuning = { modelCandidates?: number; modelMinCandidates?: number; modelSpread?: number; modelWarpPool?: number };

export type ModelSearchResult = SearchResult & { model: { id: number; version: number; name: string; windows: number } };

/**
 * `method: "model"`: embeds the query with the active model, takes the cosine top candidates over every indexed
 * window (matMul + topk on the tfjs backend), re-ranks the regions around them with the exact DTW engine
 * (lib/model/search-embedding-index.ts), and reports them in the shape of the exact engines, with the same
 * forward returns and the model version used. Date filters and a range query's own window bound the
 * candidates and the regions, so they never cost matches.
 */
export async function runModelSearch(db: Db, { request, signal, within }: { request: ParsedSearchRequest; signal?: AbortSignal; within?: (index: SearchIndex) => Promise<WithinWindows | undefined> }): Promise<ModelSearchResult> {
  const t0 = performance.now();
  if (request.query.type === "sequence") throw new SearchInputError("method", "the model search takes a sketch, preset or range query, not a candle sequence");
  if (request.series !== "close") throw new SearchInputError("series", "the model search works on daily closes only (series: \"close\")");
  const indexes = await getModelIndex(db);
  // the embedding index may have taken long to load: a search past its deadline stops before the inference
  signal?.throwIfAborted();
  const result = await modelSearchOnIndex({ ...indexes, request });
  // the outcome statistics and alignments of the exact engines, over the same index (with a threshold, its windows)
  const si = indexes.searchIndex;
  const answer = (await withOutcomeStats({ index: si, result: { ...result, matches: await alignMatchesInSlices({ index: si, request, matches: result.matches }), within: await within?.(si) }, request })) as ModelSearchResult;
  return { ...answer, tookMs: Math.round(performance.now() - t0) };
}

/** The model search once the indexes are in memory (pure: no database; scripts/bench-model.ts times it). */
export async function modelSearchOnIndex({ model, searchIndex: si, index, request, tuning = {} }: ModelIndex & { request: ParsedSearchRequest; tuning?: ModelSearchTuning }): Promise<ModelSearchResult> {
  const t0 = performance.now();
  const q = request.query;
  if (q.type === "sequence") throw new SearchInputError("method", "the model search takes a sketch, preset or range query, not a candle sequence");

  const { tickers, lo, hi } = selectTickers(si, si.offsets, si.days, request);

  const resolved = resolveQuery({
    query: q,
    minLength: request.minLength,
    maxLength: request.maxLength,
    bySymbol: si.bySymbol,
    days: si.days,
    offsets: si.offsets,
    // as the exact engines read a picked range: log closes, then averaged over rangeSmooth of their length
    rangeValues: () => prepareSeries({ index: si, series: "close" }).values,
  });
  const points = q.type === "range" ? smoothPickedRange(resolved.points, DEFAULT_TUNING.dtw.rangeSmooth) : resolved.points;
  const { minLength, maxLength, exclude } = resolved;
  let candles = 0;
  for (let i = 0; i < tickers.length; i++) candles += hi[i] - lo[i];
  let bounds: { lo: Int32Array; hi: Int32Array } | undefined;
  if (request.from || request.to) {
    bounds = { lo: new Int32Array(si.symbols.length), hi: new Int32Array(si.symbols.length) };
    tickers.forEach((t, i) => {
      bounds!.lo[t] = lo[i];
      bounds!.hi[t] = hi[i];
    });
  }

  const topK = request.topK;
  const found = index.windows === 0 ? [] : (await searchEmbeddingIndex({
    index,
    model,
    columns: si,
    points,
    topK,
    tickers: tickers.length === si.symbols.length ? undefined : new Set(tickers),
    minLength,
    maxLength,
    bounds,
    exclude,
    candidates:
      tuning.modelCandidates === undefined && tuning.modelMinCandidates === undefined
        ? undefined
        : Math.max(tuning.modelMinCandidates ?? MIN_CANDIDATES, Math.ceil(topK * (tuning.modelCandidates ?? DEFAULT_CANDIDATES_PER_MATCH))),
    spread: tuning.modelSpread,
    warpPool: tuning.modelWarpPool ?? (q.type === "range" ? WARP_POOL : SHAPE_WARP_POOL),
  })).matches;

  // Distances are the DTW engine's (its warp fit: same scale and score as method "dtw").
  const matches = shapeMatches({ index: si, days: si.days, found, horizon: request.horizon });
  return {
    matches,
    total: matches.length,
    tookMs: Math.round(performance.now() - t0),
    method: "model",
    engine: { method: "model", reason: "asked for: the learned embedding of the active model, its nearest windows re-fitted exactly" },
    searched: { series: tickers.length, candles },
    // the embedding index scores every indexed window of every length in the range
    compared: { lengths: maxLength - minLength + 1, windows: index.windows },
    model: { id: model.id, version: model.id, name: model.name, windows: index.windows },
  };
}
