/** Seeded generators for tests and benchmarks: the same mulberry32 stream the model's generator uses. */
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
