import { tf } from "@/ml/backend";
import { buildEmbeddingIndex, type CloseColumns, type EmbeddingIndex } from "@/lib/models/build-embedding-index";
import type { ActiveModel } from "@/lib/model-service/model-cache";

/**
 * buildEmbeddingIndex over a few tickers at a time, yielding to the event loop in between: the whole build
 * takes tens of seconds on the full data and would otherwise stall every other request of the web server.
 * The result is the same index (window order by ticker, then length, then start).
 */
export async function buildIndexInSlices({ model, columns, tickersPerSlice = 8 }: { model: ActiveModel; columns: CloseColumns; tickersPerSlice?: number }): Promise<EmbeddingIndex> {
  const started = performance.now();
  const T = columns.symbols.length;
  const parts: EmbeddingIndex[] = [];
  try {
    for (let a = 0; a < T || parts.length === 0; a += tickersPerSlice) {
      const b = Math.min(T, a + tickersPerSlice);
      // Offsets stay absolute, so window starts come out global; only the ticker numbers need shifting.
      const slice: CloseColumns = { symbols: columns.symbols.slice(a, b), offsets: columns.offsets.subarray(a, b + 1), days: columns.days, fields: columns.fields };
      const part = buildEmbeddingIndex({ model, columns: slice });
      for (let i = 0; i < part.windows; i++) part.ticker[i] += a;
      parts.push(part);
      await new Promise((resolve) => setImmediate(resolve));
      if (b >= T) break;
    }
    const first = parts[0];
    const cat = <A extends Int32Array>(pick: (p: EmbeddingIndex) => A) => {
      const out = new Int32Array(parts.reduce((n, p) => n + pick(p).length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(pick(p), o);
        o += pick(p).length;
      }
      return out;
    };
    const nonEmpty = parts.filter((p) => p.windows > 0).map((p) => p.embeddings);
    const embeddings = nonEmpty.length ? (tf.concat(nonEmpty, 0) as tf.Tensor2D) : tf.zeros([0, model.config.embeddingSize]) as tf.Tensor2D;
    return {
      embeddings,
      ticker: cat((p) => p.ticker),
      start: cat((p) => p.start),
      length: cat((p) => p.length),
      lengths: first.lengths,
      strides: first.strides,
      windows: parts.reduce((n, p) => n + p.windows, 0),
      modelId: model.id,
      buildMs: performance.now() - started,
    };
  } finally {
    for (const p of parts) p.embeddings.dispose();
  }
}
