/** mulberry32: a tiny seeded PRNG; the same seed gives the same stream on every machine. */
export function createRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

/** Standard normal by Box-Muller (1 - r() keeps log away from 0). */
export function gaussian(r: Random): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

export function uniform(r: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * r();
}

export function randomInt(r: Random, lo: number, hiInclusive: number): number {
  return lo + Math.floor(r() * (hiInclusive - lo + 1));
}

/** Fisher-Yates in place with the seeded stream. */
export function shuffleInPlace<T>(items: T[] | Int32Array | Uint32Array, r: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t as never;
  }
}
