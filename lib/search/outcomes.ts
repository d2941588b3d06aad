import type { Outcomes, SearchIndex } from "@/lib/search/types";

/** Close-to-close return from the close at `end` (absolute position) to `horizon` candles later, or null past the data. */
export function forwardReturn({ index, ticker, end, horizon }: { index: SearchIndex; ticker: number; end: number; horizon: number }): number | null {
  const close = index.fields.close;
  const j = end + horizon;
  if (j >= index.offsets[ticker + 1]) return null;
  const a = close[end], b = close[j];
  return a > 0 && b > 0 ? b / a - 1 : null;
}

const baselineCache = new WeakMap<SearchIndex, Map<string, { mean: number | null; winRate: number | null }>>();

/** The base rate: the forward return over `horizon` from every candle of the searched tickers and dates. */
export function computeBaseline({ index, tickers, lo, hi, horizon }: { index: SearchIndex; tickers: Int32Array; lo: Int32Array; hi: Int32Array; horizon: number }) {
  let cache = baselineCache.get(index);
  if (!cache) baselineCache.set(index, (cache = new Map()));
  const key = `${horizon}|${tickers.length === index.symbols.length ? "all" : tickers.join(",")}|${lo.join(",")}|${hi.join(",")}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const close = index.fields.close;
  let n = 0, sum = 0, wins = 0;
  for (let i = 0; i < tickers.length; i++) {
    const end = Math.min(hi[i], index.offsets[tickers[i] + 1]);
    for (let p = lo[i]; p + horizon < end; p++) {
      const a = close[p], b = close[p + horizon];
      if (a > 0 && b > 0) {
        const r = b / a - 1;
        n++;
        sum += r;
        if (r > 0) wins++;
      }
    }
  }
  const result = { mean: n ? sum / n : null, winRate: n ? wins / n : null };
  if (cache.size > 64) cache.clear();
  cache.set(key, result);
  return result;
}

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
