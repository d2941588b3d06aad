import { describeOutcomes } from "@/lib/outcomes/describe-outcomes";
import { toDayNumber } from "@/lib/search/dates";
import type { ParsedSearchRequest } from "@/lib/search/request-schema";
import { lowerBound, selectTickers } from "@/lib/search/resolve-query";
import type { SearchIndex, SearchResult } from "@/lib/search/types";

const DAILY = new Set(["open", "high", "low", "close", "volume"]);

/**
 * The answer with its outcome statistics (lib/outcomes) over the listed matches, at the asked horizon and cost,
 * computed after the answer is cut to the asked topK and horizon (the cached scan is shared by other requests).
 * Null for a scalar series, whose matches have no prices after them. A candle sequence counts every position once
 * (one length). The engine's comparison count moves into outcomeStats.comparisons.
 */
export function withOutcomeStats({ index, result, request }: { index: SearchIndex; result: SearchResult; request: ParsedSearchRequest }): SearchResult {
  const { compared = { lengths: 1, windows: result.searched.candles }, ...answer } = result;
  if (!DAILY.has(request.series)) return { ...answer, outcomeStats: null };
  const ticker = Int32Array.from(result.matches, (m) => index.bySymbol.get(m.symbol)!);
  const end = Int32Array.from(result.matches, (m, i) => lowerBound(index.days, index.offsets[ticker[i]], index.offsets[ticker[i] + 1], toDayNumber(m.end)));
  const outcomeStats = describeOutcomes({
    prices: { offsets: index.offsets, days: index.days, close: index.fields.close },
    matches: { ticker, end },
    horizon: request.horizon,
    searched: selectTickers(index, index.offsets, index.days, request),
    compared,
    settings: { cost: request.cost },
  });
  return { ...answer, outcomeStats };
}
