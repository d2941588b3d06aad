import { allWindowsBaseRate } from "@/lib/outcomes/base-rates";
import { forwardReturnAt } from "@/lib/outcomes/forward-returns";
import type { Outcomes, SearchIndex } from "@/lib/search/types";

/** Close-to-close return from the close at `end` (absolute position) to `horizon` candles later, or null past the data. */
export function forwardReturn({ index, ticker, end, horizon }: { index: SearchIndex; ticker: number; end: number; horizon: number }): number | null {
  const r = forwardReturnAt(pricesOf(index), ticker, end, horizon);
  return Number.isNaN(r) ? null : r;
}

/**
 * The base rate: the forward return over `horizon` from every candle of the searched tickers and dates. It is the
 * outcome statistics' own rule (lib/outcomes), so the summary and `outcomeStats` agree: a window ending inside the
 * dates counts even when its forward return runs past them, as a match's does.
 */
export function computeBaseline({ index, tickers, lo, hi, horizon }: { index: SearchIndex; tickers: Int32Array; lo: Int32Array; hi: Int32Array; horizon: number }) {
  return allWindowsBaseRate({ prices: pricesOf(index), searched: { tickers, lo, hi }, horizon });
}

const pricesOf = (index: SearchIndex) => ({ offsets: index.offsets, days: index.days, close: index.fields.close });

/** Mean, median, win rate and a normal-approximation 95% interval of the mean, against the base rate. */
export function summariseOutcomes({ returns, horizon, baseline }: { returns: number[]; horizon: number; baseline: { mean: number | null; winRate: number | null } }): Outcomes {
  const n = returns.length;
  if (n === 0) return { horizon, n, mean: null, median: null, winRate: null, baseline, edge: null, ci95: null };
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const sorted = [...returns].sort((a, b) => a - b);
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const winRate = returns.filter((r) => r > 0).length / n;
  const sd = n > 1 ? Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1)) : 0;
  const half = (1.96 * sd) / Math.sqrt(n);
  return {
    horizon,
    n,
    mean,
    median,
    winRate,
    baseline,
    edge: baseline.mean === null ? null : mean - baseline.mean,
    ci95: [mean - half, mean + half],
  };
}
