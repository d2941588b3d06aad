/**
 * Prefix sums of a prepared series kept at every PREFIX_BLOCK-th position only: the running sum of the values, of
 * their squares and the running count of missing values (left out of both). Per candle they cost 20 bytes in
 * three full arrays (1.5 GB for the engines' series at 25M candles); at one position in 64 they cost 0.3.
 *
 * A scan rebuilds the full prefix of the range it reads (fillPrefix in scan-kernel.ts, prefixAt in warp-fit.ts) by
 * the same sequential additions from the checkpoint before it, so every value is bit for bit the one a full prefix
 * array would hold: the window means and deviations, and so every distance and answer, are unchanged. Those two
 * live beside the kernels that call them (functions shipped to the search threads call only their own module's),
 * which is why they spell PREFIX_BLOCK as the literal 64.
 */
export const PREFIX_BLOCK = 64;

export type PrefixBlocks = {
  /** prefix sums at positions 0, 64, 128, ... (length floor(n / 64) + 1) */
  blockSum: Float64Array;
  blockSumSq: Float64Array;
  blockNan: Int32Array;
};

/** The checkpoints of `values`, a step after every 256k values (a server prepares 25M candles a slice at a time). */
export function* prefixBlockSteps(values: Float64Array): Generator<void, PrefixBlocks> {
  const n = values.length;
  const blocks = Math.floor(n / PREFIX_BLOCK) + 1;
  const blockSum = new Float64Array(new SharedArrayBuffer(blocks * 8));
  const blockSumSq = new Float64Array(new SharedArrayBuffer(blocks * 8));
  const blockNan = new Int32Array(new SharedArrayBuffer(blocks * 4));
  let s = 0, s2 = 0, c = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const bad = Number.isNaN(v);
    s = s + (bad ? 0 : v);
    s2 = s2 + (bad ? 0 : v * v);
    c = c + (bad ? 1 : 0);
    if (((i + 1) & 63) === 0) {
      const b = (i + 1) >> 6;
      blockSum[b] = s;
      blockSumSq[b] = s2;
      blockNan[b] = c;
    }
    if ((i & 0x3ffff) === 0x3ffff) yield;
  }
  return { blockSum, blockSumSq, blockNan };
}

export function prefixBlocks(values: Float64Array): PrefixBlocks {
  const steps = prefixBlockSteps(values);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
