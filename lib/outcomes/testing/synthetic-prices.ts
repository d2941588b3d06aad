/** Constructed price columns for the statistics tests: every ticker on the same weekdays, closes from log returns. */
import type { PriceColumns } from "@/lib/outcomes/types";

/** Day number of 2000-01-03, a Monday. */
const FIRST_DAY = Date.UTC(2000, 0, 3) / 864e5;

/** The day number of the i-th weekday from 2000-01-03. */
export function weekday(i: number): number {
  return FIRST_DAY + Math.floor(i / 5) * 7 + (i % 5);
}

/** `tickers` series of `length` weekdays; logReturn(t, i) is ticker t's log return into day i (day 0 closes at 100). */
export function buildPrices({ tickers, length, logReturn }: { tickers: number; length: number; logReturn: (t: number, i: number) => number }): PriceColumns {
  const offsets = Int32Array.from({ length: tickers + 1 }, (_, t) => t * length);
  const days = new Int32Array(tickers * length);
  const close = new Float64Array(tickers * length);
  for (let t = 0; t < tickers; t++) {
    let x = Math.log(100);
    for (let i = 0; i < length; i++) {
      if (i > 0) x += logReturn(t, i);
      days[t * length + i] = weekday(i);
      close[t * length + i] = Math.exp(x);
    }
  }
  return { offsets, days, close };
}

/** Every position of every ticker: the all-windows range. */
export function everything(prices: PriceColumns) {
  const tickers = Int32Array.from({ length: prices.offsets.length - 1 }, (_, t) => t);
  return { tickers, lo: Int32Array.from(tickers, (t) => prices.offsets[t]), hi: Int32Array.from(tickers, (t) => prices.offsets[t + 1]) };
}
