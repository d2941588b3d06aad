import { tf } from "@/ml/backend";
import { embedWindows, type PatternModel } from "@/ml/model";
import { zNormalise } from "@/ml/preprocess";

/** The columns the embedding index needs; lib/search's in-memory SearchIndex has this shape. */
export type CloseColumns = { symbols: string[]; offsets: Int32Array; days: Int32Array; fields: { close: Float64Array } };

export type EmbeddingIndex = {
  /** windows x embeddingSize on the active tfjs backend (wasm), L2-normalised rows. */
  embeddings: tf.Tensor2D;
  /** Ticker number and first position (global, into the columns) of each window. */
  ticker: Int32Array;
  start: Int32Array;
  windowLength: number;
  stride: number;
  windows: number;
  modelId?: number;
  buildMs: number;
};

/**
 * Embeds every window of `windowLength` closes of every ticker, every `stride` candles (windows containing a
 * missing close are skipped), in batches, and keeps the matrix on the backend for matMul + topk.
 *
 * Stride 4 for length 64: a pattern starting between two indexed windows is at most 2 candles (3% of the
 * window) away from one of them, well inside the time warp the model is trained to ignore (inner turning points
 * moving by up to 12%), while the index stays a quarter of the every-candle size (2.5M candles -> ~620k
 * windows -> 80 MB of float32 at 32 dims).
 */
export function buildEmbeddingIndex(options: {
  model: PatternModel & { id?: number };
  columns: CloseColumns;
  windowLength?: number;
  stride?: number;
  batchSize?: number;
}): EmbeddingIndex {
  const started = performance.now();
  const { model, columns } = options;
  const m = options.windowLength ?? model.config.length;
  const stride = options.stride ?? 4;
  const batchSize = options.batchSize ?? 4096;
  const L = model.config.length;
  if (m !== L) throw new Error(`windowLength ${m} must equal the model's input length ${L}`);
  const close = columns.fields.close;
  const tickers: number[] = [];
  const starts: number[] = [];
  for (let t = 0; t < columns.symbols.length; t++) {
    const lo = columns.offsets[t];
    const hi = columns.offsets[t + 1];
    let lastNaN = -1;
    for (let i = lo; i < hi; i++) if (!Number.isFinite(close[i])) lastNaN = i;
    // Align windows to the series' end so the latest window is always indexed.
    for (let a = hi - m; a >= lo; a -= stride) {
      let ok = true;
      if (lastNaN >= a) for (let i = a; i < a + m; i++) if (!Number.isFinite(close[i])) { ok = false; break; }
      if (ok) {
        tickers.push(t);
        starts.push(a);
      }
    }
  }
  const n = tickers.length;
  const d = model.config.embeddingSize;
  const all = new Float32Array(n * d);
  const rows = new Float32Array(batchSize * L);
  for (let b = 0; b < n; b += batchSize) {
    const k = Math.min(batchSize, n - b);
    for (let j = 0; j < k; j++) rows.set(zNormalise(close.subarray(starts[b + j], starts[b + j] + m)), j * L);
    all.set(embedWindows({ model, inputs: rows.subarray(0, k * L), samples: k, batchSize }), b * d);
  }
  return {
    embeddings: tf.tensor2d(all, [n, d]),
    ticker: Int32Array.from(tickers),
    start: Int32Array.from(starts),
    windowLength: m,
    stride,
    windows: n,
    modelId: model.id,
    buildMs: performance.now() - started,
  };
}
