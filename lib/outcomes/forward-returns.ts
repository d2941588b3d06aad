import type { MatchEnds, PriceColumns } from "@/lib/outcomes/types";

/** Close-to-close return from position `end` to `horizon` candles later on the same ticker, NaN past its data or over a missing close. */
export function forwardReturnAt(prices: PriceColumns, ticker: number, end: number, horizon: number): number {
  const j = end + horizon;
  if (j >= prices.offsets[ticker + 1]) return NaN;
  const a = prices.close[end], b = prices.close[j];
  return a > 0 && b > 0 ? b / a - 1 : NaN;
}

/** Every match's forward return over `horizon` (NaN where there is none). */
export function forwardReturns(prices: PriceColumns, matches: MatchEnds, horizon: number): Float64Array {
  const out = new Float64Array(matches.end.length);
  for (let i = 0; i < out.length; i++) out[i] = forwardReturnAt(prices, matches.ticker[i], matches.end[i], horizon);
  return out;
}
