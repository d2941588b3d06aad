import { tf } from "@/ml/backend";
import { embedWindows, type PatternModel } from "@/ml/model";
import { prepareWindow } from "@/ml/preprocess";

/** The columns the embedding index needs; lib/search's in-memory SearchIndex has this shape. */
export type CloseColumns = { symbols: string[]; offsets: Int32Array; days: Int32Array; fields: { close: Float64Array } };

export type EmbeddingIndex = {
  /** windows x embeddingSize on the active tfjs backend (wasm), L2-normalised rows. */
  embeddings: tf.Tensor2D;
  /** Ticker number, first position (global, into the columns) and length of each window. */
  ticker: Int32Array;
  start: Int32Array;
  length: Int32Array;
  /** The window lengths indexed, and the stride used for each. */
  lengths: number[];
  strides: number[];
  windows: number;
  modelId?: number;
  buildMs: number;
};

/**
 * Window lengths a factor of about sqrt(2) apart: any pattern 32..90 candles long overlaps an indexed window
 * of a near length with intersection over union >= ~0.8, and the model, trained on windows of 24..128 candles
 * resampled to its input length, embeds both alike.
 */
export const DEFAULT_INDEX_LENGTHS = [32, 45, 64, 90];

/**
 * Stride length/8: a pattern starting between two indexed windows is at most length/16 (6%) away from one,
 * inside the time warp the model is trained to ignore (turning points moving by up to 12%). Over the default
 * lengths that is ~0.63 windows per candle: 2.5M candles -> ~1.6M windows -> 200 MB of float32 at 32 dims.
 */
export const strideFor = (length: number) => Math.max(1, Math.round(length / 8));

/**
 * Embeds every window of each length in `lengths` of every ticker's closes, every strideFor(length) candles
 * (windows with a missing close are skipped), resampled to the model's input length, in batches, and keeps the
 * matrix on the backend for matMul + topk. Dispose `embeddings` when replacing the index.
 */
export function buildEmbeddingIndex(options: {
  model: PatternModel & { id?: number };
  columns: CloseColumns;
  lengths?: number[];
  /** Overrides strideFor for every length. */
  stride?: number;
  batchSize?: number;
}): EmbeddingIndex {
  const started = performance.now();
  const { model, columns } = options;
  const lengths = options.lengths ?? DEFAULT_INDEX_LENGTHS;
  const strides = lengths.map((m) => options.stride ?? strideFor(m));
  const batchSize = options.batchSize ?? 4096;
  const L = model.config.length;
  const close = columns.fields.close;
  const tickers: number[] = [];
  const starts: number[] = [];
  const sizes: number[] = [];
  for (let t = 0; t < columns.symbols.length; t++) {
    const lo = columns.offsets[t];
    const hi = columns.offsets[t + 1];
    // nextNaN[i - lo]: first missing close at or after i (hi if none), so a window check is O(1).
    const nextNaN = new Int32Array(hi - lo + 1).fill(hi);
    for (let i = hi - 1; i >= lo; i--) nextNaN[i - lo] = Number.isFinite(close[i]) ? nextNaN[i - lo + 1] : i;
    lengths.forEach((m, j) => {
      // Align windows to the series' end so the latest window of every length is indexed.
      for (let a = hi - m; a >= lo; a -= strides[j]) {
        if (nextNaN[a - lo] < a + m) continue;
        tickers.push(t);
        starts.push(a);
        sizes.push(m);
      }
    });
  }
  const n = tickers.length;
  const d = model.config.embeddingSize;
  const all = new Float32Array(n * d);
  const rows = new Float32Array(batchSize * L);
  for (let b = 0; b < n; b += batchSize) {
    const k = Math.min(batchSize, n - b);
    for (let j = 0; j < k; j++) rows.set(prepareWindow(close.subarray(starts[b + j], starts[b + j] + sizes[b + j]), L), j * L);
    all.set(embedWindows({ model, inputs: rows.subarray(0, k * L), samples: k, batchSize }), b * d);
  }
  return {
    embeddings: tf.tensor2d(all, [n, d]),
    ticker: Int32Array.from(tickers),
    start: Int32Array.from(starts),
    length: Int32Array.from(sizes),
    lengths,
    strides,
    windows: n,
    modelId: model.id,
    buildMs: performance.now() - started,
  };
}
