import { toAppError } from "@/lib/api/error-table";
import type { Db } from "@/lib/db/client";
import { DEFAULT_HORIZON, MAX_TOP_K, searchRequestSchema, type ParsedSearchRequest } from "@/lib/search/request-schema";
import { onePerTicker } from "@/lib/search/one-per-ticker";
import { chooseEngine, searchPatterns } from "@/lib/search/search-patterns";
import { alignMatchesInSlices } from "@/lib/search/alignment";
import { MAX_WITHIN_WINDOWS, type WithinRequest, type WithinWindows } from "@/lib/search/scan-within";
import { DEFAULT_TUNING, type SearchTuning } from "@/lib/search/tuning";
import { SearchInputError } from "@/lib/search/search-input-error";
import { reshapeResult } from "@/lib/search/shape-result";
import type { EngineChoice, SearchIndex, SearchResult } from "@/lib/search/types";
import type { Admit } from "@/lib/search-server/bounded-search";
import { getSearchIndex } from "@/lib/search-server/get-search-index";
import { readyModelIndex, type ModelIndex } from "@/lib/search-server/get-model-index";
import { searchWithModel } from "@/lib/search-server/search-with-model";
import { cachedAnswer, cachedSearch } from "@/lib/search-server/search-result-cache";
import { runModelSearch, type ModelSearchResult } from "@/lib/search-server/run-model-search";
import { withOutcomeStats } from "@/lib/search-server/with-outcome-stats";

/**
 * How many matches per asked place a one-per-ticker search picks from: first a list 2.5x as deep (on real data, 50
 * windows hold ~45 tickers), and 5x only when that list was full and still held fewer than topK tickers.
 */
export const ONE_PER_TICKER_DEPTHS = [2.5, 5] as const;

/** The answer cut to one match per ticker (lib/search/one-per-ticker.ts). */
function perTicker(answer: SearchResult, topK: number): SearchResult {
  const matches = onePerTicker(answer.matches, topK);
  return { ...answer, matches, total: answer.total === answer.matches.length ? matches.length : answer.total };
}

const tickerCount = (result: SearchResult) => new Set(result.matches.map((m) => m.symbol)).size;

/** topK of the scan behind a request: a caller stepping topK gets answers sliced from a few scans, not one scan each. */
const TOP_K_BUCKETS = [10, 20, 50, 100, 200, MAX_TOP_K];

/**
 * The request the engine scans for `request`: topK rounded up to its bucket and the default horizon (it only moves
 * the forward returns, which reshapeResult recomputes), so varying either (or the cost) hits the cache.
 */
export function scannedRequest(request: ParsedSearchRequest, depth: number = ONE_PER_TICKER_DEPTHS[0]): ParsedSearchRequest {
  // one match per ticker picks from a deeper list, so topK tickers are found when one ticker fills many places
  const wanted = request.onePerTicker ? Math.min(MAX_TOP_K, Math.ceil(request.topK * depth)) : request.topK;
  const topK = TOP_K_BUCKETS.find((b) => b >= wanted) ?? wanted;
  // the trading cost only weighs the outcome verdict (withOutcomeStats), never the scan; one-per-ticker only the cut
  return { ...request, topK, horizon: DEFAULT_HORIZON, cost: undefined, onePerTicker: undefined };
}

/** The threshold scan behind `outcomes.minSimilarity` (similarity = 1 - distance), capped at the engine's MAX_WITHIN_WINDOWS. */
export function withinOf(request: ParsedSearchRequest): WithinRequest | undefined {
  const min = request.outcomes?.minSimilarity;
  return min === undefined ? undefined : { maxDistance: 1 - min, limit: MAX_WITHIN_WINDOWS[request.method === "zned" ? "zned" : "dtw"] };
}

/**
 * POST /api/search: validates the body (a ZodError becomes a 400 naming the field) and searches the index;
 * `method: "model"` goes to the model service (409 when no model version is active). A repeated exact search is
 * answered from the result cache without waiting for admission; only real scans go through `admit`. The scan
 * itself runs for the normalised request (scannedRequest) and is cut to the asked topK and horizon.
 */
export async function runSearchRequest(db: Db, { body, tuning, admit = (task) => task(), signal }: { body: unknown; tuning?: SearchTuning; admit?: Admit; signal?: AbortSignal }): Promise<SearchResult | ModelSearchResult> {
  const request = searchRequestSchema.parse(body);
  try {
    if (request.method === "model") {
      const within = withinOf(request) ? (index: SearchIndex) => exactWithin({ index, request, signal }) : undefined;
      return await admit(() => runModelSearch(db, { request, signal, within }));
    }
    const index = await getSearchIndex(db);
    // a tuned search (benchmarks, experiments) is never cached
    if (tuning) return await admit(() => searchPatterns({ index, request, tuning, signal, within: withinOf(request) }));
    const kind = request.query.type;
    // auto on a drawn shape or preset of the daily closes (all the model reads) fuses the model search in when it is ready
    if (request.method === "auto" && (kind === "sketch" || kind === "preset") && request.series === "close" && DEFAULT_TUNING.dtw.modelFusion) {
      const { state, modelIndex } = await readyModelIndex(db, index);
      const engine = chooseEngine("auto", kind, { model: state });
      if (engine.method === "dtw+model") return await answerFromIndex({ index, request, admit, signal, withModel: { modelIndex: modelIndex!, engine } });
      const answer = await answerFromIndex({ index, request, admit, signal });
      // the cached DTW answer is shared: the reason (a model still loading) is this request's own
      return answer.engine?.reason === engine.reason ? answer : { ...answer, engine };
    }
    return await answerFromIndex({ index, request, admit, signal });
  } catch (error) {
    // callers without the route wrapper (scripts, tests) get the API's error too
    throw error instanceof SearchInputError ? toAppError(error) : error;
  }
}

/**
 * The exact engines' answer to `request` on `index`: a repeated request comes whole from the answer cache; else
 * the scan (cached per normalised request; the scan stops when the client that started it leaves, identical
 * requests sharing it then retry) is cut to the asked topK and horizon, aligned and given its outcome statistics.
 * `withModel`: an automatic sketch search answered by DTW and the model search fused (searchWithModel).
 */
export function answerFromIndex({ index, request, admit = (task) => task(), signal, withModel }: { index: SearchIndex; request: ParsedSearchRequest; admit?: Admit; signal?: AbortSignal; withModel?: { modelIndex: ModelIndex; engine: EngineChoice } }): Promise<SearchResult> {
  // auto fused with the model: its own answers, per model version
  const variant = withModel ? `${withModel.engine.method} ${withModel.modelIndex.model.id}` : undefined;
  const search = (scanned: ParsedSearchRequest) => (withModel ? searchWithModel({ ...withModel, request: scanned, signal, within: withinOf(scanned) }) : searchPatterns({ index, request: scanned, signal, within: withinOf(scanned) }));
  return cachedAnswer({
    index,
    request,
    variant,
    build: async () => {
      let scanned = scannedRequest(request);
      let result = await cachedSearch({ index, request: scanned, variant, run: () => admit(() => search(scanned)) });
      if (request.onePerTicker && result.matches.length >= scanned.topK && tickerCount(result) < request.topK) {
        const deeper = scannedRequest(request, ONE_PER_TICKER_DEPTHS[1]);
        if (deeper.topK > scanned.topK) {
          scanned = deeper;
          result = await cachedSearch({ index, request: scanned, variant, run: () => admit(() => search(deeper)) });
        }
      }
      const answer = request.onePerTicker ? perTicker(reshapeResult({ index, result, scanned, request: { ...request, topK: scanned.topK } }), request.topK) : reshapeResult({ index, result, scanned, request });
      return await withOutcomeStats({ index, result: { ...answer, matches: await alignMatchesInSlices({ index, request, matches: answer.matches }) }, request });
    },
  });
}

/**
 * The threshold scan of a model search: the exact DTW engine's (the threshold is on the scale of its distances,
 * which the model's re-rank shares), cached with the exact searches. Runs inside the model search's admission.
 */
async function exactWithin({ index, request, signal }: { index: SearchIndex; request: ParsedSearchRequest; signal?: AbortSignal }): Promise<WithinWindows | undefined> {
  const scanned = scannedRequest({ ...request, method: "dtw" });
  return (await cachedSearch({ index, request: scanned, run: () => searchPatterns({ index, request: scanned, signal, within: withinOf(scanned) }) })).within;
}
