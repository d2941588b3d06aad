import { prefixBlocks, prefixBlockSteps } from "@/lib/search/prefix-blocks";
import { smoothInPlace, type SmoothKind } from "@/lib/search/smooth";
import type { AveragedSeries, PreparedSeries, SearchIndex } from "@/lib/search/types";

export type SeriesName = "open" | "high" | "low" | "close" | "volume" | (string & {});

type PrepareOptions = { index: SearchIndex; series: SeriesName; smooth?: number; smoothKind?: SmoothKind };

/**
 * Shapes are compared in log space for prices (a pattern is about percentage moves, and z-normalisation then
 * treats a $10 and a $500 stock alike). Each ticker is shifted by its own first value: z-normalisation ignores
 * the shift and it keeps the global prefix sums small, so window variances stay exact.
 */
export function prepareSeries(options: PrepareOptions): PreparedSeries {
  const steps = preparing(options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same series prepared a slice at a time, the event loop running between slices of at most `sliceMs`: a
 * server prepares the engines' series after a load without holding chart reads for the seconds 25M candles take.
 */
export async function prepareSeriesInSlices(options: PrepareOptions & { sliceMs?: number }): Promise<PreparedSeries> {
  const steps = preparing(options);
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart > (options.sliceMs ?? 10)) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** The preparation as steps (one per ticker, then per 256k values of the prefix checkpoints); cached on the index when done. */
function* preparing({ index, series, smooth = 1, smoothKind = "ma" }: PrepareOptions): Generator<void, PreparedSeries> {
  const key = `${series}|${smooth}|${smoothKind}`;
  // this key only ever holds a full series (averages are cached under "...|avgF")
  const cached = index.cache.get(key) as PreparedSeries | undefined;
  if (cached) return cached;
  let offsets: Int32Array, days: Int32Array, raw: Float64Array, useLog: boolean;
  if (series === "typical") {
    // (high + low + close) / 3: the candle's typical price, less noisy than the close alone
    offsets = index.offsets;
    days = index.days;
    const { high, low, close } = index.fields;
    raw = close.map((c, i) => (high[i] > 0 && low[i] > 0 && c > 0 ? (high[i] + low[i] + c) / 3 : c));
    useLog = true;
  } else if (series in index.fields) {
    offsets = index.offsets;
    days = index.days;
    raw = index.fields[series as keyof typeof index.fields];
    useLog = series !== "volume";
  } else {
    const s = index.scalars.get(series);
    if (!s) throw new Error(`unknown series ${series}`);
    ({ offsets, days, values: raw } = s);
    useLog = false;
  }
  const n = raw.length;
  const values = new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8), 0, n);
  const vol = new Float64Array(new SharedArrayBuffer(Math.max(1, offsets.length - 1) * 8));
  for (let t = 0; t + 1 < offsets.length; t++) {
    const a = offsets[t], b = offsets[t + 1];
    let ref = NaN;
    for (let i = a; i < b; i++) {
      const v = raw[i];
      const ok = useLog ? v > 0 : Number.isFinite(v);
      const y = ok ? (useLog ? Math.log(v) : v) : NaN;
      if (Number.isNaN(ref) && ok) ref = y;
      values[i] = y;
    }
    for (let i = a; i < b; i++) values[i] -= ref;
    let c = 0, s1 = 0, s2 = 0;
    for (let i = a + 1; i < b; i++) {
      const dlt = values[i] - values[i - 1];
      if (!Number.isNaN(dlt)) {
        c++;
        s1 += dlt;
        s2 += dlt * dlt;
      }
    }
    vol[t] = c > 1 ? Math.sqrt(Math.max(0, s2 / c - (s1 / c) ** 2)) : 0;
    smoothInPlace(values, a, b, smooth, smoothKind);
    yield;
  }
  const prepared: PreparedSeries = { offsets, days, values, ...(yield* prefixBlockSteps(values)), vol };
  index.cache.set(key, prepared);
  return prepared;
}

/**
 * The prepared series averaged over `factor` consecutive candles of each ticker (piecewise aggregate
 * approximation), with its own offsets and prefix sums (no days: 4 bytes per average that nothing read); a cell holding a missing
 * value is missing. Long windows are scanned on it: a 300-candle shape is as recognisable in 100 averages of 3,
 * at a ninth of DTW's cost. Cached beside the full series.
 */
export function prepareSeriesAveraged({ index, series, smooth = 1, smoothKind = "ma", factor }: { index: SearchIndex; series: SeriesName; smooth?: number; smoothKind?: SmoothKind; factor: number }): AveragedSeries {
  const full = prepareSeries({ index, series, smooth, smoothKind });
  if (factor <= 1) return full;
  const key = `${series}|${smooth}|${smoothKind}|avg${factor}`;
  const cached = index.cache.get(key);
  if (cached) return cached;
  const tickers = full.offsets.length - 1;
  const offsets = new Int32Array(new SharedArrayBuffer((tickers + 1) * 4));
  for (let t = 0; t < tickers; t++) offsets[t + 1] = offsets[t] + Math.floor((full.offsets[t + 1] - full.offsets[t]) / factor);
  const n = offsets[tickers];
  const values = new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8), 0, n);
  for (let t = 0; t < tickers; t++) {
    for (let c = offsets[t], a = full.offsets[t]; c < offsets[t + 1]; c++, a += factor) {
      let s = 0;
      for (let j = 0; j < factor; j++) s += full.values[a + j]; // NaN stays NaN
      values[c] = s / factor;
    }
  }
  const averaged: AveragedSeries = { offsets, values, ...prefixBlocks(values), vol: full.vol };
  index.cache.set(key, averaged);
  return averaged;
}
