/** Seeded generators for tests and benchmarks (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

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
