import { fromDayNumber, toDayNumber } from "@/lib/search/dates";
import { computeBaseline, forwardReturn, summariseOutcomes } from "@/lib/search/outcomes";
import type { ParsedSearchRequest } from "@/lib/search/request-schema";
import { lowerBound, selectTickers } from "@/lib/search/resolve-query";
import { similarityOf } from "@/lib/search/similarity";
import type { Match, Outcomes, SearchIndex, SearchResult } from "@/lib/search/types";

/** A window an engine found: positions in the layout of `days` (the searched series'), its distance to the query. */
export type FoundWindow = { ticker: number; start: number; length: number; distance: number };

/** The searched tickers and their position ranges [lo, hi) in the index's own layout. */
export type SearchedRange = { tickers: Int32Array; lo: Int32Array; hi: Int32Array };

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

/** Outcomes after the matches against the base rate of the searched range (none for a scalar series). */
export function shapeOutcomes({ index, matches, range, horizon, forward = true }: { index: SearchIndex; matches: Match[]; range: SearchedRange; horizon: number; forward?: boolean }): Outcomes {
  const returns = matches.map((m) => m.forward.return).filter((r): r is number => r !== null);
  const baseline = forward ? computeBaseline({ index, ...range, horizon }) : { mean: null, winRate: null };
  return summariseOutcomes({ returns, horizon, baseline });
}

const isDaily = (series: string) => ["open", "high", "low", "close", "volume"].includes(series);

/**
 * The answer to `request` from the answer to `scanned`, the same search at a larger topK and another horizon (the
 * search server scans once per normalised request): the best `request.topK` matches, their forward returns and
 * outcomes at `request.horizon`. A sequence count keeps its horizon (its outcomes cover every occurrence).
 */
export function reshapeResult({ index, result, scanned, request }: { index: SearchIndex; result: SearchResult; scanned: ParsedSearchRequest; request: ParsedSearchRequest }): SearchResult {
  if (scanned.topK === request.topK && scanned.horizon === request.horizon) return result;
  const kept = result.matches.slice(0, request.topK);
  if (request.query.type === "sequence") return { ...result, matches: kept };
  const forward = isDaily(request.series);
  const horizon = request.horizon;
  const matches = kept.map((m): Match => {
    if (!forward) return { ...m, forward: { days: horizon, return: null } };
    const t = index.bySymbol.get(m.symbol)!;
    const end = lowerBound(index.days, index.offsets[t], index.offsets[t + 1], toDayNumber(m.end));
    const fwd = forwardReturn({ index, ticker: t, end, horizon });
    return { ...m, forward: { days: horizon, return: fwd === null ? null : round(fwd, 6) } };
  });
  const range = selectTickers(index, index.offsets, index.days, request);
  return { ...result, matches, total: matches.length, outcomes: shapeOutcomes({ index, matches, range, horizon, forward }) };
}
