import { createRandom, gaussian, shuffleInPlace, uniform, type Random } from "@/ml/random";

/**
 * Candle-sequence classes: patterns of the last one to three candles' opens, highs, lows and closes, which a
 * close-only window cannot show. The generator draws them at the end of a random-walk sequence of candles
 * with the trend that precedes them in the textbook (a bullish engulfing ends a decline); `none` is a random
 * walk whose last candles match no class. detectCandlePattern states each class as a rule, so generated data
 * can be checked, and a model trained on it (four values per candle, candleFeatures) can be compared with it.
 */
export const CANDLE_CLASSES = [
  "three-white-soldiers",
  "three-black-crows",
  "bullish-engulfing",
  "bearish-engulfing",
  "morning-star",
  "evening-star",
  "none",
] as const;

export type CandleClass = (typeof CANDLE_CLASSES)[number];

export type CandleSeries = { open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array };

type Bar = { o: number; h: number; l: number; c: number };

/** Body and range of a candle, and whether it is green (close above open). */
const body = (b: Bar) => Math.abs(b.c - b.o);
const range = (b: Bar) => b.h - b.l;
const green = (b: Bar) => b.c > b.o;
const red = (b: Bar) => b.c < b.o;

/**
 * The class of the last candles of a series, by rule (log prices; `unit` is the typical candle range, e.g. the
 * series' mean range). The first matching rule wins, in the order of CANDLE_CLASSES.
 */
export function detectCandlePattern(s: CandleSeries, unit: number): CandleClass {
  const n = s.close.length;
  const bar = (i: number): Bar => ({ o: s.open[i], h: s.high[i], l: s.low[i], c: s.close[i] });
  if (n < 4) return "none";
  const [a, b, c] = [bar(n - 3), bar(n - 2), bar(n - 1)];
  const long = (x: Bar) => body(x) >= 0.9 * unit && body(x) >= 0.6 * range(x);
  const small = (x: Bar) => body(x) <= 0.35 * unit;
  // The trend before the pattern: closes over the 6 candles before its first candle.
  const before = (k: number) => s.close[Math.max(0, n - k - 1)] - s.close[Math.max(0, n - k - 7)];
  const soldiers = [a, b, c].every((x) => green(x) && long(x)) && b.c > a.c && c.c > b.c && b.o > a.o && b.o < a.c && c.o > b.o && c.o < b.c;
  if (soldiers) return "three-white-soldiers";
  const crows = [a, b, c].every((x) => red(x) && long(x)) && b.c < a.c && c.c < b.c && b.o < a.o && b.o > a.c && c.o < b.o && c.o > b.c;
  if (crows) return "three-black-crows";
  if (red(b) && green(c) && c.o <= b.c && c.c >= b.o && body(c) > body(b) && long(c) && before(2) < -unit) return "bullish-engulfing";
  if (green(b) && red(c) && c.o >= b.c && c.c <= b.o && body(c) > body(b) && long(c) && before(2) > unit) return "bearish-engulfing";
  const mid = (x: Bar) => (x.o + x.c) / 2;
  if (red(a) && long(a) && small(b) && Math.max(b.o, b.c) < a.c && green(c) && long(c) && c.c > mid(a) && before(3) < -unit) return "morning-star";
  if (green(a) && long(a) && small(b) && Math.min(b.o, b.c) > a.c && red(c) && long(c) && c.c < mid(a) && before(3) > unit) return "evening-star";
  return "none";
}

/** One candle from an open and a close, with random wicks (in units of the candle range). */
function candle(r: Random, o: number, c: number, wick: number): Bar {
  return { o, c, h: Math.max(o, c) + Math.abs(gaussian(r)) * wick, l: Math.min(o, c) - Math.abs(gaussian(r)) * wick };
}

/**
 * A random-walk sequence of `length` candles (log prices, unit volatility per candle) ending in `cls`, the
 * trend before it drawn to fit the class. Deterministic for a given random state.
 */
export function synthesiseCandles(r: Random, cls: CandleClass, length = 16): CandleSeries {
  const tail = cls === "none" ? 0 : cls.includes("engulfing") ? 2 : 3;
  const up = cls === "three-white-soldiers" || cls === "bearish-engulfing" || cls === "evening-star";
  const trend = cls === "none" ? 0 : (up ? 1 : -1) * uniform(r, 0.45, 0.8);
  const bars: Bar[] = [];
  let prev = 0;
  for (let i = 0; i < length - tail; i++) {
    // Soldiers and crows follow a trend against them; the others continue the trend that they reverse.
    const drift = cls.startsWith("three") ? -trend : trend;
    const o = prev + gaussian(r) * 0.1;
    const c = o + drift + gaussian(r) * 0.6;
    bars.push(candle(r, o, c, 0.25));
    prev = c;
  }
  const L = () => uniform(r, 1.3, 1.8); // a long body
  const S = () => uniform(r, 0.02, 0.2); // a small body
  const push = (o: number, c: number) => {
    bars.push(candle(r, o, c, 0.12));
    prev = c;
  };
  switch (cls) {
    case "three-white-soldiers":
    case "three-black-crows": {
      const s = cls === "three-white-soldiers" ? 1 : -1;
      let o = prev;
      for (let k = 0; k < 3; k++) {
        const len = L();
        push(o, o + s * len);
        o = o + s * len * uniform(r, 0.3, 0.7); // the next opens inside this body
      }
      break;
    }
    case "bullish-engulfing":
    case "bearish-engulfing": {
      const s = cls === "bullish-engulfing" ? 1 : -1;
      // a short candle against the trend's end, then a long one opening beyond its close and closing beyond its open
      const o1 = prev;
      push(o1, o1 - s * uniform(r, 0.4, 0.9));
      const o2 = prev - s * uniform(r, 0.05, 0.3);
      push(o2, o1 + s * uniform(r, 0.5, 1));
      break;
    }
    case "morning-star":
    case "evening-star": {
      const s = cls === "morning-star" ? 1 : -1;
      const o1 = prev;
      const len1 = L();
      push(o1, o1 - s * len1);
      // a small star gapping beyond the first body, then a long candle closing past the first one's midpoint
      const gap = prev - s * uniform(r, 0.25, 0.5);
      push(gap, gap + (r() < 0.5 ? 1 : -1) * S());
      const o3 = prev + s * uniform(r, 0, 0.1);
      push(o3, o1 - s * len1 * uniform(r, 0.1, 0.4));
      break;
    }
    case "none":
      break;
  }
  return {
    open: Float64Array.from(bars, (b) => b.o),
    high: Float64Array.from(bars, (b) => b.h),
    low: Float64Array.from(bars, (b) => b.l),
    close: Float64Array.from(bars, (b) => b.c),
  };
}

/**
 * The model input for a candle sequence: per candle, open, high, low and close relative to the last close,
 * divided by the mean candle range of the sequence (scale-free, like a z-normalised close window).
 */
export function candleFeatures(s: CandleSeries): Float32Array {
  const n = s.close.length;
  let unit = 0;
  for (let i = 0; i < n; i++) unit += s.high[i] - s.low[i];
  unit = unit / n || 1;
  const ref = s.close[n - 1];
  const out = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    out[i * 4] = (s.open[i] - ref) / unit;
    out[i * 4 + 1] = (s.high[i] - ref) / unit;
    out[i * 4 + 2] = (s.low[i] - ref) / unit;
    out[i * 4 + 3] = (s.close[i] - ref) / unit;
  }
  return out;
}

/** Mean candle range of a sequence: the unit detectCandlePattern measures bodies in. */
export function meanRange(s: CandleSeries): number {
  let u = 0;
  for (let i = 0; i < s.close.length; i++) u += s.high[i] - s.low[i];
  return u / Math.max(1, s.close.length);
}

/**
 * A balanced, shuffled, labelled set of candle sequences (samples x length x 4 features). Every sample is
 * redrawn until the rule detector agrees with its label, so labels are exact. The same seed gives the same data.
 */
export function generateCandleDataset({ samples, seed, length = 16 }: { samples: number; seed: number; length?: number }): {
  inputs: Float32Array;
  labels: Int32Array;
  samples: number;
  length: number;
  classes: readonly CandleClass[];
} {
  const r = createRandom(seed);
  const labels = Int32Array.from({ length: samples }, (_, i) => i % CANDLE_CLASSES.length);
  shuffleInPlace(labels, r);
  const inputs = new Float32Array(samples * length * 4);
  for (let i = 0; i < samples; i++) {
    const cls = CANDLE_CLASSES[labels[i]];
    let s = synthesiseCandles(r, cls, length);
    for (let attempt = 0; attempt < 100 && detectCandlePattern(s, meanRange(s)) !== cls; attempt++) s = synthesiseCandles(r, cls, length);
    inputs.set(candleFeatures(s), i * length * 4);
  }
  return { inputs, labels, samples, length, classes: CANDLE_CLASSES };
}
