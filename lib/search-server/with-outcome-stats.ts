import { warmReturnSums } from "@/lib/outcomes/base-rates";
import { DEFAULT_OUTCOME_SETTINGS, describeOutcomesInSlices } from "@/lib/outcomes/describe-outcomes";
import type { OccurrenceSample, ThresholdSample } from "@/lib/outcomes/types";
import { toDayNumber } from "@/lib/search/dates";
import type { ParsedSearchRequest } from "@/lib/search/request-schema";
import { lowerBound, selectTickers } from "@/lib/search/resolve-query";
import type { WithinWindows } from "@/lib/search/scan-within";
import type { SearchIndex, SearchResult } from "@/lib/search/types";

const DAILY = new Set(["open", "high", "low", "close", "volume"]);

/**
 * The answer with its outcome statistics (lib/outcomes) at the asked horizon and cost, computed after the answer is
 * cut to the asked topK and horizon (the cached scan is shared by other requests). They read the listed matches,
 * or, when the request set `outcomes.minSimilarity`, every window at least that similar (`within`, from the
 * engine's threshold scan; the listed matches are then only a view of the best). A candle sequence's read every
 * occurrence (a uniform sample past SEQUENCE_SAMPLE_CAP), not the latest listed. Null for a scalar series, whose
 * matches have no prices after them. The engine's comparison count moves into outcomeStats.comparisons, and the
 * threshold scan's windows and the sequence's sample are not sent.
 */
export async function withOutcomeStats({ index, result, request }: { index: SearchIndex; result: SearchResult; request: ParsedSearchRequest }): Promise<SearchResult> {
  const { compared = { lengths: 1, windows: result.searched.candles }, within, occurrences, ...answer } = result;
  if (!DAILY.has(request.series)) return { ...answer, outcomeStats: null };
  const read = within ?? occurrences;
  const ticker = read ? read.ticker : Int32Array.from(result.matches, (m) => index.bySymbol.get(m.symbol)!);
  const end = read ? read.end : Int32Array.from(result.matches, (m, i) => lowerBound(index.days, index.offsets[ticker[i]], index.offsets[ticker[i] + 1], toDayNumber(m.end)));
  const minSimilarity = request.outcomes?.minSimilarity;
  const prices = { offsets: index.offsets, days: index.days, close: index.fields.close };
  // A horizon no search asked for yet needs its base-rate sums, one pass over every candle (about half a second at
  // 25M candles): built in slices, so the event loop keeps turning; the loaded index warmed the report's own.
  await warmReturnSums(prices, { horizons: [...DEFAULT_OUTCOME_SETTINGS.horizons, request.horizon] });
  // in slices: a few hundred matches' bootstraps would hold the web thread for tens of milliseconds in one piece
  const outcomeStats = await describeOutcomesInSlices({
    prices,
    matches: { ticker, end },
    horizon: request.horizon,
    searched: selectTickers(index, index.offsets, index.days, request),
    compared,
    scope: within ? "similarity-threshold" : occurrences ? "all-occurrences" : "returned-matches",
    threshold: within && minSimilarity !== undefined ? thresholdSample(within, minSimilarity) : null,
    settings: { cost: request.cost },
  });
  return { ...answer, outcomeStats: occurrences ? { ...outcomeStats, occurrences: occurrenceSample(occurrences) } : outcomeStats };
}

function occurrenceSample({ ticker, total }: NonNullable<SearchResult["occurrences"]>): OccurrenceSample {
  const count = (n: number) => n.toLocaleString("en-US");
  const read = ticker.length;
  const note = read < total ? `These numbers read a uniform sample of ${count(read)} of the ${count(total)} occurrences of the sequence.` : `These numbers cover every occurrence of the sequence (${count(total)}).`;
  return { total, read, note };
}

function thresholdSample(within: WithinWindows, minSimilarity: number): ThresholdSample {
  const count = (n: number) => n.toLocaleString("en-US");
  // The cards show similarity as a percentage, so the note speaks the same scale.
  const similar = `${Math.round(minSimilarity * 100)}% similar`;
  const note = within.capped
    ? `The threshold scan stopped at its cap of ${count(within.limit)} separate windows, so some windows at least ${similar} were not read; the statistics read the ${count(within.ticker.length)} most similar it kept. Raise the threshold to read all of them.`
    : `Every window at least ${similar}: ${count(within.windows)} windows; counting overlapping windows on a ticker once leaves ${count(within.ticker.length)}.`;
  return { minSimilarity, windows: within.windows, matches: within.ticker.length, capped: within.capped, limit: within.limit, note };
}
