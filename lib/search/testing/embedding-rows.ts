import type { SimilarityParams } from "@/lib/search/similarity-topk";

/** A seeded linear congruential stream in [0, 1), the embedding-row fixtures' own. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** An array on its own SharedArrayBuffer of `bytes` bytes, as an index holds its columns. */
export const shared = <T>(Ctor: new (b: SharedArrayBuffer) => T, bytes: number) => new Ctor(new SharedArrayBuffer(bytes));

/**
 * The rest of an embedding-row fixture around n int8 rows of size d and their scales: rows 40, 41 and n - 1 made
 * exact copies of row 3 (so ties happen), the rows spread over 7 tickers in runs (ticker 4 has none), window
 * starts and lengths 30/45/60.
 */
export function embeddingRows({ vectors, scale, d, n }: { vectors: Int8Array; scale: Float32Array; d: number; n: number }): Pick<SimilarityParams, "vectors" | "scale" | "d" | "rowOffsets" | "start" | "length"> {
  for (const r of [40, 41, n - 1]) {
    vectors.copyWithin(r * d, 3 * d, 4 * d);
    scale[r] = scale[3];
  }
  const rowOffsets = Int32Array.from([0, 1, 2, 3, 4, 4, 6, 7], (b) => Math.floor((b * n) / 7));
  const start = shared(Int32Array, n * 4), length = shared(Int16Array, n * 2);
  for (let i = 0; i < n; i++) {
    start[i] = (i % 400) * 10;
    length[i] = [30, 45, 60][i % 3];
  }
  return { vectors, scale, d, rowOffsets, start, length };
}
