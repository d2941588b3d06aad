import { classifyWindows, type PatternModel } from "@/ml/model";
import type { CloseColumns } from "@/lib/model/build-embedding-index";

/** Probabilities of every class (row-major, one row per owner) for each ticker's latest window. */
export type LatestWindowClasses = { owners: number[]; probabilities: Float32Array };

export type ScanHit = { ticker: number; symbol: string; start: number; end: number; probability: number; topClass: string };

/** Each ticker's latest `lookback` closes, skipping tickers with a missing close there or too little history. */
function latestWindows(columns: CloseColumns, lookback: number): { owners: number[]; windows: Float64Array[] } {
  const close = columns.fields.close;
  const windows: Float64Array[] = [];
  const owners: number[] = [];
  for (let t = 0; t < columns.symbols.length; t++) {
    const hi = columns.offsets[t + 1];
    const lo = hi - lookback;
    if (lo < columns.offsets[t]) continue;
    const w = close.subarray(lo, hi);
    if (!w.every(Number.isFinite)) continue;
    windows.push(w);
    owners.push(t);
  }
  return { owners, windows };
}

/**
 * Classifies every ticker's latest `lookback` closes in one batched inference, skipping tickers with a missing
 * close there or too little history. The scan caches this per lookback: the pattern and threshold only filter it.
 */
export function classifyLatestWindows({ model, columns, lookback }: { model: PatternModel; columns: CloseColumns; lookback: number }): LatestWindowClasses {
  const { owners, windows } = latestWindows(columns, lookback);
  return { owners, probabilities: windows.length ? classifyWindows({ model, windows }) : new Float32Array(0) };
}

/**
 * classifyLatestWindows one inference batch of `slice` windows at a time, the event loop turning between
 * batches: a server scanning 20,000 tickers keeps answering chart reads instead of pausing for the whole
 * inference (a batch of 1024 windows took ~400 ms at load 23, 128 about a tenth of it). The probabilities are
 * the one-go inference's to float32 rounding.
 */
export async function classifyLatestWindowsInSlices({ model, columns, lookback, slice = 128 }: { model: PatternModel; columns: CloseColumns; lookback: number; slice?: number }): Promise<LatestWindowClasses> {
  const { owners, windows } = latestWindows(columns, lookback);
  const k = model.config.classes.length;
  const probabilities = new Float32Array(windows.length * k);
  for (let b = 0; b < windows.length; b += slice) {
    probabilities.set(classifyWindows({ model, windows: windows.slice(b, b + slice), batchSize: slice }), b * k);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { owners, probabilities };
}

/**
 * Pattern scan: the tickers whose latest window has a probability of `pattern` of at least `minProbability`,
 * most probable first, each with its most probable class (GET /api/scan keeps those where that is the pattern).
 */
export function scanLatestWindows(options: {
  model: PatternModel;
  columns: CloseColumns;
  pattern: string;
  lookback: number;
  minProbability: number;
  classified?: LatestWindowClasses;
}): ScanHit[] {
  const { model, columns, lookback } = options;
  const classes = model.config.classes as readonly string[];
  const cls = classes.indexOf(options.pattern);
  if (cls < 0) throw new RangeError(`Unknown pattern ${options.pattern}`);
  const { owners, probabilities: p } = options.classified ?? classifyLatestWindows({ model, columns, lookback });
  const k = classes.length;
  const hits: ScanHit[] = [];
  owners.forEach((t, i) => {
    const probability = p[i * k + cls];
    if (probability < options.minProbability) return;
    let top = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + top]) top = c;
    const end = columns.offsets[t + 1] - 1;
    hits.push({ ticker: t, symbol: columns.symbols[t], start: end - lookback + 1, end, probability, topClass: classes[top] });
  });
  return hits.sort((a, b) => b.probability - a.probability);
}
