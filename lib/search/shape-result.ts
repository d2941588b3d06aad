import { fromDayNumber, toDayNumber } from "@/lib/search/dates";
import { forwardReturn } from "@/lib/search/forward-return";
import type { ParsedSearchRequest } from "@/lib/search/request-schema";
import { lowerBound } from "@/lib/search/resolve-query";
import { similarityOf } from "@/lib/search/similarity";
import type { Match, SearchIndex, SearchResult } from "@/lib/search/types";

/** A window an engine found: positions in the layout of `days` (the searched series'), its distance to the query. */
export type FoundWindow = { ticker: number; start: number; length: number; distance: number };

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The one shape of a ranked match, for the exact engines and the model search alike: dates, distance and its
 * similarity score, and the forward return `horizon` candles after its end (from the daily closes; `forward: false`
 * for a scalar series, whose matches have no price after them).
 */
export function shapeMatches({ index, days, found, horizon, forward = true }: { index: SearchIndex; days: Int32Array; found: FoundWindow[]; horizon: number; forward?: boolean }): Match[] {
  return found.map((f) => {
    const end = f.start + f.length - 1;
    const fwd = forward ? forwardReturn({ index, ticker: f.ticker, end, horizon }) : null;
    return {
      symbol: index.symbols[f.ticker],
      start: fromDayNumber(days[f.start]),
      end: fromDayNumber(days[end]),
      length: f.length,
      distance: round(f.distance, 6),
      score: similarityOf(f.distance),
      forward: { days: horizon, return: fwd === null ? null : round(fwd, 6) },
    };
  });
}

const isDaily = (series: string) => ["open", "high", "low", "close", "volume"].includes(series);

/**
 * The answer to `request` from the answer to `scanned`, the same search at a larger topK and another horizon (the
 * search server scans once per normalised request): the best `request.topK` matches (a candle sequence's latest)
 * and their forward returns at `request.horizon`.
 */
export function reshapeResult({ index, result, scanned, request }: { index: SearchIndex; result: SearchResult; scanned: ParsedSearchRequest; request: ParsedSearchRequest }): SearchResult {
  if (scanned.topK === request.topK && scanned.horizon === request.horizon) return result;
  const kept = result.matches.slice(0, request.topK);
  const forward = isDaily(request.series);
  const horizon = request.horizon;
  const matches = kept.map((m): Match => {
    if (!forward) return { ...m, forward: { days: horizon, return: null } };
    const t = index.bySymbol.get(m.symbol)!;
    const end = lowerBound(index.days, index.offsets[t], index.offsets[t + 1], toDayNumber(m.end));
    const fwd = forwardReturn({ index, ticker: t, end, horizon });
    return { ...m, forward: { days: horizon, return: fwd === null ? null : round(fwd, 6) } };
  });
  // a sequence's total counts every occurrence, not the listed ones
  return { ...result, matches, total: request.query.type === "sequence" ? result.total : matches.length };
}
