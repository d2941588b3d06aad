/** Seeded generators for tests and benchmarks: the same mulberry32 stream the model's generator uses. */
import type { TickerColumns } from "@/lib/search/types";
import { createRandom, gaussian } from "@/ml/random";

export { gaussian };
export const rng = createRandom;

/** A random-walk close series (positive prices). */
export function randomWalk(r: () => number, n: number, start = 100, vol = 0.02): Float64Array {
  const out = new Float64Array(n);
  let x = Math.log(start);
  for (let i = 0; i < n; i++) {
    x += gaussian(r) * vol;
    out[i] = Math.exp(x);
  }
  return out;
}

/** One ticker of daily candles along a seeded random walk (open = high = low = close), from day 16000. */
export function randomWalkColumns({ symbol, n, seed }: { symbol: string; n: number; seed: number }): TickerColumns {
  const close = randomWalk(rng(seed), n);
  return { symbol, days: Int32Array.from({ length: n }, (_, i) => 16000 + i), open: close, high: close, low: close, close, volume: new Float64Array(n).fill(1000) };
}
