/**
 * The per-candle prefix arrays the engine held before checkpoints (lib/search/prefix-blocks.ts): the reference
 * the tests hold the rebuilt prefix sums to, bit for bit.
 */
export function fullPrefixSums(values: Float64Array): { sum: Float64Array; sumSq: Float64Array; nanCount: Int32Array } {
  const n = values.length;
  const sum = new Float64Array(n + 1), sumSq = new Float64Array(n + 1), nanCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const bad = Number.isNaN(v);
    sum[i + 1] = sum[i] + (bad ? 0 : v);
    sumSq[i + 1] = sumSq[i] + (bad ? 0 : v * v);
    nanCount[i + 1] = nanCount[i] + (bad ? 1 : 0);
  }
  return { sum, sumSq, nanCount };
}
