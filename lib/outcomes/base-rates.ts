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
  const sums = returnSums(prices, horizon);
  for (let i = 0; i < ticker.length; i++) {
    const { from, to } = periodWindow(prices, ticker[i], end[i], periodDays);
    // the period less the windows within horizon of the match end (their future overlaps the match's own)
    const totals = { n: 0, sum: 0, wins: 0 };
    addRange(prices, sums, ticker[i], from, Math.min(to, end[i] - horizon + 1), totals);
    addRange(prices, sums, ticker[i], Math.max(from, end[i] + horizon), to, totals);
    if (totals.n > 0) {
      mean[i] = totals.sum / totals.n;
      winRate[i] = totals.wins / totals.n;
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
  const sums = returnSums(prices, horizon);
  const totals = { n: 0, sum: 0, wins: 0 };
  for (let i = 0; i < searched.tickers.length; i++) {
    const t = searched.tickers[i];
    addRange(prices, sums, t, searched.lo[i], Math.min(searched.hi[i], prices.offsets[t + 1]), totals);
  }
  const { n, sum, wins } = totals;
  const rate = { mean: n ? sum / n : null, winRate: n ? wins / n : null };
  if (cache.size > 64) cache.clear();
  cache.set(key, rate);
  return rate;
}

/** Candles per block of the forward-return sums: a range costs at most two partial blocks read candle by candle. */
const SUM_BLOCK = 64;
/** Horizons whose sums are kept per price column, least recently used evicted (a request may ask any horizon; each costs 0.25 bytes per candle). */
const SUM_HORIZONS_KEPT = 16;

/** Running totals of the defined forward returns over `horizon` at every SUM_BLOCK-th position of the columns. */
type ReturnSums = { horizon: number; n: Int32Array; wins: Int32Array; sum: Float64Array };
const returnSumsCache = new WeakMap<Float64Array, Map<number, ReturnSums>>();

/**
 * The block sums of one horizon, built once per price column (one pass over every candle; memoised): with them a
 * base rate over any range costs two partial blocks, not a pass over the range, so a search with a new date filter
 * or a long period does not hold the web thread for a pass over the whole universe.
 */
function returnSums(prices: PriceColumns, horizon: number): ReturnSums {
  const steps = buildingReturnSums(prices, horizon);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The block sums of the report's horizons built a slice at a time, the event loop turning between slices: a loaded
 * index warms them before its first search, which would otherwise build them on the event loop (seconds at 25M candles).
 */
export async function warmReturnSums(prices: PriceColumns, { horizons, sliceMs = 10 }: { horizons: readonly number[]; sliceMs?: number }): Promise<void> {
  let sliceStart = performance.now();
  for (const horizon of horizons) {
    const steps = buildingReturnSums(prices, horizon);
    while (!steps.next().done) {
      if (performance.now() - sliceStart > sliceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }
}

/** The build as steps of 65,536 candles; the finished sums are memoised (a memoised horizon is one step). */
function* buildingReturnSums(prices: PriceColumns, horizon: number): Generator<void, ReturnSums> {
  let byHorizon = returnSumsCache.get(prices.close);
  if (!byHorizon) returnSumsCache.set(prices.close, (byHorizon = new Map()));
  const hit = byHorizon.get(horizon);
  if (hit) {
    // most recently used last: the report's own horizons, read by every search, are never the ones evicted
    byHorizon.delete(horizon);
    byHorizon.set(horizon, hit);
    return hit;
  }
  const total = prices.close.length, blocks = Math.floor(total / SUM_BLOCK);
  const sums: ReturnSums = { horizon, n: new Int32Array(blocks + 1), wins: new Int32Array(blocks + 1), sum: new Float64Array(blocks + 1) };
  let n = 0, wins = 0, sum = 0;
  for (let t = 0, p = 0; p < blocks * SUM_BLOCK; p++) {
    while (p >= prices.offsets[t + 1]) t++;
    if (p % SUM_BLOCK === 0) {
      [sums.n[p / SUM_BLOCK], sums.wins[p / SUM_BLOCK], sums.sum[p / SUM_BLOCK]] = [n, wins, sum];
      if (p % 65536 === 0 && p > 0) yield;
    }
    const r = forwardReturnAt(prices, t, p, horizon);
    if (Number.isNaN(r)) continue;
    n++;
    sum += r;
    if (r > 0) wins++;
  }
  [sums.n[blocks], sums.wins[blocks], sums.sum[blocks]] = [n, wins, sum];
  if (byHorizon.size >= SUM_HORIZONS_KEPT) byHorizon.delete(byHorizon.keys().next().value!);
  byHorizon.set(horizon, sums);
  return sums;
}

/** Adds the defined forward returns at positions [lo, hi) of one ticker to `totals`. */
function addRange(prices: PriceColumns, sums: ReturnSums, ticker: number, lo: number, hi: number, totals: { n: number; sum: number; wins: number }): void {
  const add = (from: number, to: number) => {
    for (let p = from; p < to; p++) {
      const r = forwardReturnAt(prices, ticker, p, sums.horizon);
      if (Number.isNaN(r)) continue;
      totals.n++;
      totals.sum += r;
      if (r > 0) totals.wins++;
    }
  };
  const first = Math.ceil(lo / SUM_BLOCK), last = Math.floor(hi / SUM_BLOCK);
  if (last - first < 1) return add(lo, hi);
  add(lo, first * SUM_BLOCK);
  totals.n += sums.n[last] - sums.n[first];
  totals.wins += sums.wins[last] - sums.wins[first];
  totals.sum += sums.sum[last] - sums.sum[first];
  add(last * SUM_BLOCK, hi);
}
