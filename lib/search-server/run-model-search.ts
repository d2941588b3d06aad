import type { Db } from "@/lib/db/client";
import { searchEmbeddingIndex } from "@/lib/model/search-embedding-index";
import { fromDayNumber } from "@/lib/search/dates";
import { computeBaseline, forwardReturn, summariseOutcomes } from "@/lib/search/outcomes";
import { resolveQuery, selectTickers } from "@/lib/search/resolve-query";
import type { ParsedSearchRequest } from "@/lib/search/request-schema";
import { SearchInputError } from "@/lib/search/search-input-error";
import { similarityOf } from "@/lib/search/similarity";
import type { Match, SearchResult } from "@/lib/search/types";
import { getModelIndex, type ModelIndex } from "@/lib/search-server/get-model-index";

export type ModelSearchResult = SearchResult & { model: { id: number; version: number; name: string; windows: number } };


const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * `method: "model"`: embeds the query with the active model, takes the cosine top candidates over every indexed
 * window (matMul + topk on the tfjs backend), re-ranks the regions around them with the exact DTW engine
 * (lib/model/search-embedding-index.ts), and reports them in the shape of the exact engines, with the same
 * forward outcomes and the model version used. Date filters and a range query's own window bound the
 * candidates and the regions, so they never cost matches.
 */
export async function runModelSearch({ db, request }: { db: Db; request: ParsedSearchRequest }): Promise<ModelSearchResult> {
  const t0 = performance.now();
  if (request.query.type === "sequence") throw new SearchInputError("method", "the model search takes a sketch, preset or range query, not a candle sequence");
  if (request.series !== "close") throw new SearchInputError("series", "the model search works on daily closes only (series: \"close\")");
  const result = await modelSearchOnIndex({ ...(await getModelIndex({ db })), request });
  return { ...result, tookMs: Math.round(performance.now() - t0) };
}

/** The model search once the indexes are in memory (pure: no database; scripts/bench-model.ts times it). */
export async function modelSearchOnIndex({ model, searchIndex: si, index, request }: ModelIndex & { request: ParsedSearchRequest }): Promise<ModelSearchResult> {
  const t0 = performance.now();
  const q = request.query;
  if (q.type === "sequence") throw new SearchInputError("method", "the model search takes a sketch, preset or range query, not a candle sequence");

  const { tickers, lo, hi } = selectTickers(si, si.offsets, si.days, request);

  const { points, minLength, maxLength, exclude } = resolveQuery({
    query: q,
    minLength: request.minLength,
    maxLength: request.maxLength,
    bySymbol: si.bySymbol,
    days: si.days,
    offsets: si.offsets,
    rangeValues: () => si.fields.close,
  });
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
  })).matches;

  // Distances are the DTW engine's (its warp fit: same scale and score as method "dtw").
  const matches: Match[] = found.map((f) => {
    const end = f.start + f.length - 1;
    const fwd = forwardReturn({ index: si, ticker: f.ticker, end, horizon: request.horizon });
    return {
      symbol: f.symbol,
      start: fromDayNumber(si.days[f.start]),
      end: fromDayNumber(si.days[end]),
      length: f.length,
      distance: round(f.distance, 6),
      score: similarityOf(f.distance),
      forward: { days: request.horizon, return: fwd === null ? null : round(fwd, 6) },
    };
  });
  const returns = matches.map((x) => x.forward.return).filter((r): r is number => r !== null);
  const baseline = computeBaseline({ index: si, tickers, lo, hi, horizon: request.horizon });
  return {
    matches,
    outcomes: summariseOutcomes({ returns, horizon: request.horizon, baseline }),
    total: matches.length,
    tookMs: Math.round(performance.now() - t0),
    method: "model",
    searched: { series: tickers.length, candles },
    model: { id: model.id, version: model.id, name: model.name, windows: index.windows },
  };
}
