/** int8 quantisation of L2-normalised rows: each value x 127, rounded (cosine error ~0.005). */
export function quantise(rows: Float32Array): Int8Array {
  const out = new Int8Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = Math.max(-127, Math.min(127, Math.round(rows[i] * 127)));
  return out;
}

/** Back to float rows, each renormalised to unit length so a dot product is still a cosine. */
export function dequantise(vectors: Int8Array, d: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let r = 0; r < vectors.length; r += d) {
    let s = 0;
    for (let j = 0; j < d; j++) s += vectors[r + j] * vectors[r + j];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < d; j++) out[r + j] = vectors[r + j] * inv;
  }
  return out;
}
