import { classifyWindows, type PatternModel } from "@/ml/model";
import type { CloseColumns } from "@/lib/model/build-embedding-index";

export type ScanHit = { ticker: number; symbol: string; start: number; end: number; probability: number };

/**
 * Pattern scan: classify every ticker's latest `lookback` closes (skipping tickers with a missing close there or
 * too little history) and return those whose probability of `pattern` is at least `minProbability`, most
 * probable first.
 */
export function scanLatestWindows(options: {
  model: PatternModel;
  columns: CloseColumns;
  pattern: string;
  lookback: number;
  minProbability: number;
}): ScanHit[] {
  const { model, columns, lookback } = options;
  const cls = model.config.classes.indexOf(options.pattern as never);
  if (cls < 0) throw new RangeError(`Unknown pattern ${options.pattern}`);
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
  if (windows.length === 0) return [];
  const k = model.config.classes.length;
  const p = classifyWindows({ model, windows });
  const hits: ScanHit[] = [];
  owners.forEach((t, i) => {
    const probability = p[i * k + cls];
    const end = columns.offsets[t + 1] - 1;
    if (probability >= options.minProbability) hits.push({ ticker: t, symbol: columns.symbols[t], start: end - lookback + 1, end, probability });
  });
  return hits.sort((a, b) => b.probability - a.probability);
}
