import type { Candle } from "@/lib/tickers/types";

/** How far a log price axis reaches beyond the visible prices; its ticks are computed for the same span so all show. */
export const LOG_PAD_LOW = 0.97;
export const LOG_PAD_HIGH = 1.03;

// Mantissa sets from coarse to fine; each is tried until enough ticks fall inside the range.
const LEVELS = [
  [1],
  [1, 2, 5],
  [1, 1.5, 2, 3, 5, 7],
  [1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9],
  Array.from({ length: 90 }, (_, i) => 1 + i * 0.1),
  Array.from({ length: 450 }, (_, i) => 1 + i * 0.02),
];

/**
 * Round price levels for a log axis between min and max. ECharts' own log axis only ticks at powers of the base,
 * which leaves a zoomed-in chart with two labels, so the chart sets these as custom ticks instead.
 */
export function niceLogTicks(min: number, max: number, minCount = 4): number[] {
  if (!(min > 0) || !(max > min)) return [];
  let best: number[] = [];
  for (const mantissas of LEVELS) {
    const ticks: number[] = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
      const scale = 10 ** e;
      for (const m of mantissas) {
        const v = Number((m * scale).toPrecision(6));
        if (v >= min && v <= max) ticks.push(v);
      }
    }
    best = [...new Set(ticks)].sort((a, b) => a - b);
    if (best.length >= minCount) return best.length > 12 ? thin(best, 12) : best;
  }
  return best;
}

/** Keeps at most `n` ticks spread evenly in log space. */
function thin(ticks: number[], n: number): number[] {
  const lo = Math.log(ticks[0]);
  const hi = Math.log(ticks[ticks.length - 1]);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const target = lo + ((hi - lo) * i) / (n - 1);
    const nearest = ticks.reduce((a, b) => (Math.abs(Math.log(b) - target) < Math.abs(Math.log(a) - target) ? b : a));
    if (!out.includes(nearest)) out.push(nearest);
  }
  return out;
}

/** Ticks for the candles in a visible window (inclusive indices). */
export function logTicksForWindow(candles: readonly Candle[], start: number, end: number): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = Math.max(0, start); i <= Math.min(end, candles.length - 1); i++) {
    // Close-only rows reach as far as their close.
    const c = candles[i];
    const lo = c.l ?? c.c;
    const hi = c.h ?? c.c;
    if (lo != null && lo > 0) min = Math.min(min, lo);
    if (hi != null) max = Math.max(max, hi);
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  return niceLogTicks(min * LOG_PAD_LOW, max * LOG_PAD_HIGH, 5);
}
