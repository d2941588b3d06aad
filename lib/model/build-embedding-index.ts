import { embedWindows, type PatternModel } from "@/ml/model";
import { prepareWindow } from "@/ml/preprocess";
import { quantise } from "@/lib/model/quantise";

/** The columns the embedding index needs; lib/search's in-memory SearchIndex has this shape. */
export type CloseColumns = { symbols: string[]; offsets: Int32Array; days: Int32Array; fields: { close: Float64Array } };

/** Which windows an index holds: window lengths and the stride of each. Stored with a persisted index. */
export type IndexLayout = { lengths: number[]; strides: number[] };

/** The embedded windows on the host: row i of `rows` (windows x embeddingSize, row-major) is window i. */
export type EmbeddedWindows = IndexLayout & {
  rows: Float32Array;
  /** Ticker number, first position (global, into the columns) and length of each window. */
  ticker: Int32Array;
  start: Int32Array;
  length: Int32Array;
  windows: number;
  /** how many tickers the columns had (the last ones may have no window) */
  tickers: number;
  embeddingSize: number;
};

export type EmbeddingIndex = IndexLayout & {
  /**
   * windows x embeddingSize int8 (each value x 127, as stored), row-major, in a SharedArrayBuffer: the search
   * threads score it in place (lib/search/similarity-topk.ts), a quarter of the float32 matrix the tfjs backend
   * held, and the web thread does not run the scoring.
   */
  vectors: Int8Array;
  /** per window, 1 / |vector|: (q . vector) x scale is the cosine */
  scale: Float32Array;
  embeddingSize: number;
  /**
   * The windows of ticker t are rows [rowOffsets[t], rowOffsets[t + 1]) (rows come grouped by ticker, in column
   * order): 4 bytes per ticker instead of a ticker number per window (tickerOfRow finds a row's).
   */
  rowOffsets: Int32Array;
  /** first position (global, into the columns) of each window */
  start: Int32Array;
  /** window lengths (at most a few hundred candles: two bytes, as the stored parts keep them) */
  length: Int16Array;
  windows: number;
  modelId?: number;
  buildMs: number;
};

const shared = <T extends Int8Array | Int16Array | Int32Array | Float32Array>(Ctor: { new (buffer: SharedArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number }, n: number): T =>
  new Ctor(new SharedArrayBuffer(Math.max(1, n) * Ctor.BYTES_PER_ELEMENT), 0, n);

/** Shared arrays for an index of `n` windows of `d` values (see EmbeddingIndex), filled by the caller. */
export function allocateEmbeddingIndex(n: number, d: number, tickers: number) {
  return { vectors: shared(Int8Array, n * d), scale: shared(Float32Array, n), rowOffsets: shared(Int32Array, tickers + 1), start: shared(Int32Array, n), length: shared(Int16Array, n) };
}

/** The ticker of row `row` of an index: the last t with rowOffsets[t] <= row that holds a row. */
export function tickerOfRow(rowOffsets: Int32Array, row: number): number {
  let lo = 0, hi = rowOffsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (rowOffsets[mid] <= row) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** scale[i] = 1 / |row i| of the int8 vectors (0 for a zero row), as dequantise renormalises. */
export function fillScales(vectors: Int8Array, d: number, scale: Float32Array, from = 0, to = scale.length): void {
  for (let i = from; i < to; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += vectors[i * d + j] * vectors[i * d + j];
    scale[i] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
}

/**
 * Three window lengths a factor 1.5 apart, stride about a seventh of the length, and two long lengths for
 * patterns of 100-250 candles: 0.52 windows per candle, so 2.5M candles give ~1.3M windows (166 MB of float32
 * on the wasm heap at 32 dimensions; 42 MB as stored int8). The index only has to put a candidate near each true
 * match: the exact re-rank (lib/model/rerank-exact.ts) scans the lengths within a factor 1.4 of a candidate's (the
 * shortest and longest indexed lengths also stand for everything below and above) at the starts near it with the
 * exact engine's DTW (then the warp fit refines start and length), so a pattern of any length or start between indexed windows is found at its own alignment.
 * Planted benchmark (hard, seeds 7 and 11, scripts/recall-model.ts), share of plants inside a candidate's region:
 * 32/48/72 at strides 8/12/18 (0.26 windows per candle) 75-77% at 200 candidates; 32/45/64/90 at strides
 * 4/6/8/11 (0.63 per candle) 90-92%; 36/54/81 at 5/7/10 93-100%, and 98-100% at 150 candidates with the model
 * trained with context (ml/synthetic.ts). The long lengths, recall suite's long family (100-250 candles), same
 * model: none 0.361 (seeds 1-3) / 0.350 (11-13); 165 at stride 20 0.822 / 0.817; 125 and 190 at 16 and 24 (+0.10
 * windows per candle) 0.872 / 0.856. They seed candidates only for requests whose maxLength is at least 84
 * (125 / 1.5), never for the suite's 30-80-candle families or for picked ranges of up to 80 candles.
 */
export const DEFAULT_INDEX_LAYOUT: IndexLayout = { lengths: [36, 54, 81, 125, 190], strides: [5, 7, 10, 16, 24] };
export const DEFAULT_INDEX_LENGTHS = DEFAULT_INDEX_LAYOUT.lengths;

/** Stride for a length outside the default layout: a quarter of it. */
export const strideFor = (length: number) => Math.max(1, Math.round(length / 4));

export function layoutFor(lengths?: number[], stride?: number): IndexLayout {
  if (!lengths && stride === undefined) return DEFAULT_INDEX_LAYOUT;
  const ls = lengths ?? DEFAULT_INDEX_LAYOUT.lengths;
  return { lengths: ls, strides: ls.map((m) => stride ?? strideFor(m)) };
}

/** A stable key of a layout, stored with a persisted index: another layout means the stored one is stale. */
export const layoutKey = (layout: IndexLayout) => layout.lengths.map((m, i) => `${m}/${layout.strides[i]}`).join(",");

/** The windows of one series [lo, hi) in a layout, as (start, length) pairs: aligned to the series' end, complete windows only. */
export function windowsOf(close: Float64Array, lo: number, hi: number, layout: IndexLayout, push: (start: number, length: number) => void): void {
  // nextNaN[i - lo]: first missing close at or after i (hi if none), so a window check is O(1).
  const nextNaN = new Int32Array(hi - lo + 1).fill(hi);
  for (let i = hi - 1; i >= lo; i--) nextNaN[i - lo] = Number.isFinite(close[i]) ? nextNaN[i - lo + 1] : i;
  layout.lengths.forEach((m, j) => {
    // Aligned to the series' end so the latest window of every length is indexed.
    for (let a = hi - m; a >= lo; a -= layout.strides[j]) {
      if (nextNaN[a - lo] < a + m) continue;
      push(a, m);
    }
  });
}

/**
 * Embeds the windows of `layout` of every ticker's closes (windows with a missing close are skipped),
 * resampled to the model's input length, in batches. Host arrays only: see toEmbeddingIndex.
 */
export function embedSeriesWindows(options: { model: PatternModel; columns: CloseColumns; layout?: IndexLayout; batchSize?: number }): EmbeddedWindows {
  const { model, columns } = options;
  const layout = options.layout ?? DEFAULT_INDEX_LAYOUT;
  const batchSize = options.batchSize ?? 4096;
  const L = model.config.length;
  const close = columns.fields.close;
  const tickers: number[] = [];
  const starts: number[] = [];
  const sizes: number[] = [];
  for (let t = 0; t < columns.symbols.length; t++) {
    windowsOf(close, columns.offsets[t], columns.offsets[t + 1], layout, (a, m) => {
      tickers.push(t);
      starts.push(a);
      sizes.push(m);
    });
  }
  const n = tickers.length;
  const d = model.config.embeddingSize;
  const rows = new Float32Array(n * d);
  const inputs = new Float32Array(Math.min(batchSize, Math.max(1, n)) * L);
  for (let b = 0; b < n; b += batchSize) {
    const k = Math.min(batchSize, n - b);
    for (let j = 0; j < k; j++) inputs.set(prepareWindow(close.subarray(starts[b + j], starts[b + j] + sizes[b + j]), L), j * L);
    rows.set(embedWindows({ model, inputs: inputs.subarray(0, k * L), samples: k, batchSize }), b * d);
  }
  return { ...layout, rows, ticker: Int32Array.from(tickers), start: Int32Array.from(starts), length: Int32Array.from(sizes), windows: n, tickers: columns.symbols.length, embeddingSize: d };
}

/** The index over embedded windows: quantised to int8 (as a stored index is), in shared arrays. */
export function toEmbeddingIndex(w: EmbeddedWindows, extra: { modelId?: number; buildMs: number }): EmbeddingIndex {
  const { windows: n, embeddingSize: d } = w;
  const a = allocateEmbeddingIndex(n, d, w.tickers);
  a.vectors.set(quantise(w.rows));
  fillScales(a.vectors, d, a.scale);
  // windows come ticker by ticker (embedSeriesWindows): count them into offsets
  for (let i = 0; i < n; i++) a.rowOffsets[w.ticker[i] + 1]++;
  for (let t = 0; t < w.tickers; t++) a.rowOffsets[t + 1] += a.rowOffsets[t];
  a.start.set(w.start);
  a.length.set(w.length);
  return { lengths: w.lengths, strides: w.strides, ...a, embeddingSize: d, windows: n, ...extra };
}

/**
 * Embeds every window of each length in `lengths` of every ticker's closes, every stride candles (the default
 * layout unless given), quantised to int8 as a stored index is (lib/model/embedding-index-store.ts): built or
 * loaded, one index.
 */
export function buildEmbeddingIndex(options: {
  model: PatternModel & { id?: number };
  columns: CloseColumns;
  lengths?: number[];
  /** Overrides the stride of every length. */
  stride?: number;
  batchSize?: number;
}): EmbeddingIndex {
  const started = performance.now();
  const w = embedSeriesWindows({ model: options.model, columns: options.columns, layout: layoutFor(options.lengths, options.stride), batchSize: options.batchSize });
  return toEmbeddingIndex(w, { modelId: options.model.id, buildMs: performance.now() - started });
}
