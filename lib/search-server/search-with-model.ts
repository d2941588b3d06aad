import { fusedResult, fuseRankings } from "@/lib/search/query-fusion";
import { MAX_TOP_K, type ParsedSearchRequest } from "@/lib/search/request-schema";
import type { WithinRequest } from "@/lib/search/scan-within";
import { searchPatterns, type PoolCandidates } from "@/lib/search/search-patterns";
import { toDayNumber } from "@/lib/search/dates";
import { DEFAULT_TUNING, type SearchTuning } from "@/lib/search/tuning";
import type { EngineChoice, Match, SearchIndex, SearchResult } from "@/lib/search/types";
import type { ModelIndex } from "@/lib/search-server/get-model-index";
import { modelSearchOnIndex, type ModelSearchTuning } from "@/lib/search-server/run-model-search";

/**
 * A drawn shape or preset answered with the model search's help: the model, trained on shapes, is a different opinion
 * from DTW's fit to the drawing. Its nearest windows (modelFusionDepth x topK, at most modelFusionMax) join the DTW engine's candidate pool,
 * and DTW's warp fit and section re-rank order them all, so every distance is DTW's (docs/recall.md: more plants
 * found on every sketch family than DTW alone). modelFusionMode "rank" instead fuses the two engines' lists by
 * reciprocal rank (measured and dropped: it loses to DTW alone). The outcome statistics' threshold windows are DTW's.
 */
export async function searchWithModel({ modelIndex, request, tuning = {}, signal, within, engine }: { modelIndex: ModelIndex; request: ParsedSearchRequest; tuning?: SearchTuning & ModelSearchTuning; signal?: AbortSignal; within?: WithinRequest; engine: EngineChoice }): Promise<SearchResult> {
  const t0 = performance.now();
  const tune = { ...DEFAULT_TUNING.dtw, ...tuning };
  const model = await modelSearchOnIndex({ ...modelIndex, tuning, request: { ...request, topK: Math.min(MAX_TOP_K, tune.modelFusionMax, Math.ceil(request.topK * tune.modelFusionDepth)) } });
  signal?.throwIfAborted();
  const index = modelIndex.searchIndex;
  const pooled = tune.modelFusionMode === "pool";
  // pooled: the model's windows join DTW's pool and are ordered by its warp fit and section re-rank with the rest
  const dtw = await searchPatterns({ index, request: { ...request, method: "dtw" }, tuning: pooled ? tuning : { ...tuning, keepPool: true }, signal, within, candidates: pooled ? positionsOf(index, model.matches) : undefined });
  const matches = pooled ? dtw.matches : fuseRankings([dtw.matches, model.matches], { topK: request.topK, k: tune.modelFusionK, weights: [1, tune.modelFusionWeight] });
  return fusedResult({ dtw, other: model, matches, engine, t0 });
}

/** Matches as positions into the index's columns (their first candle found by date on their ticker). */
function positionsOf(index: SearchIndex, matches: Match[]): PoolCandidates {
  const out: PoolCandidates = { ticker: [], start: [], len: [] };
  for (const m of matches) {
    const t = index.bySymbol.get(m.symbol);
    if (t === undefined) continue;
    const day = toDayNumber(m.start);
    let a = index.offsets[t], b = index.offsets[t + 1];
    while (a < b) {
      const mid = (a + b) >> 1;
      if (index.days[mid] < day) a = mid + 1;
      else b = mid;
    }
    if (a === index.offsets[t + 1] || index.days[a] !== day) continue;
    out.ticker.push(t);
    out.start.push(a);
    out.len.push(m.length);
  }
  return out;
}
