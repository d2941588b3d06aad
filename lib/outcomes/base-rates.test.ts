import { describe, expect, it } from "vitest";
import { allWindowsBaseRate, periodBaseRates, warmReturnSums } from "@/lib/outcomes/base-rates";
import { forwardReturnAt } from "@/lib/outcomes/forward-returns";
import { buildPrices, everything, weekday } from "@/lib/outcomes/testing/synthetic-prices";
import type { PriceColumns } from "@/lib/outcomes/types";
import { createRandom } from "@/ml/random";

/** Tickers of uneven lengths (some shorter than a block of the sums), with a few missing closes (0: no return). */
function unevenPrices(seed: number): PriceColumns {
  const random = createRandom(seed);
  const lengths = [300, 5, 130, 64, 1000, 1, 257];
  const offsets = Int32Array.from([0, ...lengths.map((_, i) => lengths.slice(0, i + 1).reduce((a, b) => a + b, 0))]);
  const days = new Int32Array(offsets[lengths.length]), close = new Float64Array(offsets[lengths.length]);
  lengths.forEach((length, t) => {
    let price = 50;
    for (let i = 0; i < length; i++) {
      price *= Math.exp(0.02 * (random() - 0.5));
      days[offsets[t] + i] = weekday(i);
      close[offsets[t] + i] = random() < 0.02 ? 0 : price;
    }
  });
  return { offsets, days, close };
}

/** The totals read candle by candle: what the block sums must equal. */
function naive(prices: PriceColumns, ticker: number, from: number, to: number, horizon: number, skip: (p: number) => boolean = () => false) {
  let n = 0, sum = 0, wins = 0;
  for (let p = from; p < to; p++) {
    const r = forwardReturnAt(prices, ticker, p, horizon);
    if (skip(p) || Number.isNaN(r)) continue;
    n++;
    sum += r;
    if (r > 0) wins++;
  }
  return { n, sum, wins };
}

describe("base rates from block sums", () => {
  const prices = unevenPrices(4);
  const tickers = prices.offsets.length - 1;

  it("the all-windows base rate of any ranges equals the candle-by-candle count", () => {
    const random = createRandom(9);
    for (let trial = 0; trial < 200; trial++) {
      const horizon = [1, 5, 20, 60, 300][trial % 5];
      const chosen = Array.from({ length: tickers }, (_, t) => t).filter(() => random() < 0.7);
      const lo: number[] = [], hi: number[] = [];
      for (const t of chosen) {
        const a = prices.offsets[t], len = prices.offsets[t + 1] - a;
        const x = Math.floor(random() * (len + 1)), y = Math.floor(random() * (len + 1));
        lo.push(a + Math.min(x, y));
        hi.push(a + Math.max(x, y));
      }
      const rate = allWindowsBaseRate({ prices, searched: { tickers: Int32Array.from(chosen), lo: Int32Array.from(lo), hi: Int32Array.from(hi) }, horizon });
      const totals = chosen.map((t, i) => naive(prices, t, lo[i], hi[i], horizon)).reduce((a, b) => ({ n: a.n + b.n, sum: a.sum + b.sum, wins: a.wins + b.wins }), { n: 0, sum: 0, wins: 0 });
      if (totals.n === 0) expect(rate).toEqual({ mean: null, winRate: null });
      else {
        expect(rate.mean).toBeCloseTo(totals.sum / totals.n, 12);
        expect(rate.winRate).toBe(totals.wins / totals.n);
      }
    }
  });

  it("a period base rate leaves out the windows within the horizon of the match end", () => {
    const random = createRandom(2);
    const ticker: number[] = [], end: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t = Math.floor(random() * tickers);
      const a = prices.offsets[t], len = prices.offsets[t + 1] - a;
      if (len === 0) continue;
      ticker.push(t);
      end.push(a + Math.floor(random() * len));
    }
    for (const horizon of [1, 10, 60]) {
      for (const periodDays of [30, 365, 5000]) {
        const rates = periodBaseRates({ prices, ticker: Int32Array.from(ticker), end: Int32Array.from(end), horizon, periodDays });
        ticker.forEach((t, i) => {
          const first = prices.offsets[t], last = prices.offsets[t + 1], day = prices.days[end[i]];
          let from = first, to = first;
          while (from < last && prices.days[from] < day - periodDays) from++;
          to = from;
          while (to < last && prices.days[to] <= day + periodDays) to++;
          const totals = naive(prices, t, from, to, horizon, (p) => Math.abs(p - end[i]) < horizon);
          if (totals.n === 0) expect(rates.mean[i]).toBeNaN();
          else {
            expect(rates.mean[i]).toBeCloseTo(totals.sum / totals.n, 12);
            expect(rates.winRate[i]).toBe(totals.wins / totals.n);
          }
        });
      }
    }
  });

  it("warms the sums a slice at a time, the event loop turning between slices, and the base rates read the same", async () => {
    const random = createRandom(5);
    const big = buildPrices({ tickers: 4, length: 50_000, logReturn: () => 0.02 * (random() - 0.5) });
    let turns = 0, warming = true;
    const count = () => {
      turns++;
      if (warming) setImmediate(count);
    };
    setImmediate(count);
    await warmReturnSums(big, { horizons: [5, 20], sliceMs: 0 });
    warming = false;
    // 200,000 candles per horizon, a step per 65,536 of them
    expect(turns).toBeGreaterThanOrEqual(6);
    const searched = { ...everything(big), lo: Int32Array.from(everything(big).lo, (lo, t) => lo + 13 * t), hi: Int32Array.from(everything(big).hi, (hi, t) => hi - 7 * t) };
    for (const horizon of [5, 20]) {
      const totals = Array.from(searched.tickers, (t, i) => naive(big, t, searched.lo[i], searched.hi[i], horizon)).reduce((a, b) => ({ n: a.n + b.n, sum: a.sum + b.sum, wins: a.wins + b.wins }), { n: 0, sum: 0, wins: 0 });
      const rate = allWindowsBaseRate({ prices: big, searched, horizon });
      expect(rate.mean).toBeCloseTo(totals.sum / totals.n, 12);
      expect(rate.winRate).toBe(totals.wins / totals.n);
    }
  });
});
