import { forwardReturnAt } from "@/lib/outcomes/forward-returns";
import type { BaseRate, PriceColumns, SearchedRange } from "@/lib/outcomes/types";
import { createRandom } from "@/ml/random";

/** First position in [from, to) whose day is >= target (days ascend within a ticker). */
function lowerBound(days: Int32Array, from: number, to: number, target: number): number {
  let lo = from, hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The positions of a match's period: the same ticker's candles dated within +-periodDays of the match end, less
 * the windows whose future overlaps the match's own (they would measure the match, not the period).
 */
export function periodWindow(prices: PriceColumns, ticker: number, end: number, periodDays: number): { from: number; to: number } {
  const first = prices.offsets[ticker], last = prices.offsets[ticker + 1];
  const day = prices.days[end];
  return { from: lowerBound(prices.days, first, last, day - periodDays), to: lowerBound(prices.days, first, last, day + periodDays + 1) };
}

/**
 * Each match's period-matched base rate over `horizon`: the mean forward return and win share of every other
 * window of its ticker in its period (NaN when there is none).
 */
export function periodBaseRates({ prices, ticker, end, horizon, periodDays }: { prices: PriceColumns; ticker: Int32Array; end: Int32Array; horizon: number; periodDays: number }): { mean: Float64Array; winRate: Float64Array } {
  const mean = new Float64Array(ticker.length).fill(NaN);
  const winRate = new Float64Array(ticker.length).fill(NaN);
  for (let i = 0; i < ticker.length; i++) {
    const { from, to } = periodWindow(prices, ticker[i], end[i], periodDays);
    let n = 0, sum = 0, wins = 0;
    for (let p = from; p < to; p++) {
      if (Math.abs(p - end[i]) < horizon) continue;
      const r = forwardReturnAt(prices, ticker[i], p, horizon);
      if (Number.isNaN(r)) continue;
      n++;
      sum += r;
      if (r > 0) wins++;
    }
    if (n > 0) {
      mean[i] = sum / n;
      winRate[i] = wins / n;
    }
  }
  return { mean, winRate };
}

/**
 * Random windows of the matches' periods, the same number from each match's period (with replacement), for the
 * base rate's percentiles and fan; seeded, so a search answers the same twice.
 */
export function samplePeriodWindows({ prices, ticker, end, periodDays, samples, seed }: { prices: PriceColumns; ticker: Int32Array; end: Int32Array; periodDays: number; samples: number; seed: number }): { ticker: Int32Array; end: Int32Array } {
  const random = createRandom(seed);
  const per = ticker.length ? Math.ceil(samples / ticker.length) : 0;
  const outTicker: number[] = [], outEnd: number[] = [];
  for (let i = 0; i < ticker.length; i++) {
    const { from, to } = periodWindow(prices, ticker[i], end[i], periodDays);
    if (to <= from) continue;
    for (let k = 0; k < per; k++) {
      outTicker.push(ticker[i]);
      outEnd.push(from + Math.floor(random() * (to - from)));
    }
  }
  return { ticker: Int32Array.from(outTicker), end: Int32Array.from(outEnd) };
}

const allWindowsCache = new WeakMap<Float64Array, Map<string, BaseRate>>();
/** The cache key of a searched range, built once per range object (one answer asks for several horizons). */
const rangeKeys = new WeakMap<SearchedRange, string>();

function rangeKey(searched: SearchedRange): string {
  let key = rangeKeys.get(searched);
  if (key === undefined) rangeKeys.set(searched, (key = `${searched.tickers.join(",")}|${searched.lo.join(",")}|${searched.hi.join(",")}`));
  return key;
}

/** The base rate over every window of the searched tickers and dates (memoised per price column and range). */
export function allWindowsBaseRate({ prices, searched, horizon }: { prices: PriceColumns; searched: SearchedRange; horizon: number }): BaseRate {
  let cache = allWindowsCache.get(prices.close);
  if (!cache) allWindowsCache.set(prices.close, (cache = new Map()));
  const key = `${horizon}|${rangeKey(searched)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let n = 0, sum = 0, wins = 0;
  for (let i = 0; i < searched.tickers.length; i++) {
    const t = searched.tickers[i];
    const stop = Math.min(searched.hi[i], prices.offsets[t + 1]);
    for (let p = searched.lo[i]; p < stop; p++) {
      const r = forwardReturnAt(prices, t, p, horizon);
      if (Number.isNaN(r)) continue;
      n++;
      sum += r;
      if (r > 0) wins++;
    }
  }
  const rate = { mean: n ? sum / n : null, winRate: n ? wins / n : null };
  if (cache.size > 64) cache.clear();
  cache.set(key, rate);
  return rate;
}
