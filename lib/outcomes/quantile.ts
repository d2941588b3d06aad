/**
 * The q-quantile of ascending values by linear interpolation between order statistics (Hyndman-Fan type 7,
 * numpy's and R's default), NaN for an empty array.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const i = Math.floor(h);
  return i + 1 < n ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[n - 1];
}

/** Percentiles (0-100) of ascending values, keyed p5, p10, ... */
export function percentilesOf<P extends number>(sorted: ArrayLike<number>, ps: readonly P[]): Record<`p${P}`, number> {
  const out = {} as Record<`p${P}`, number>;
  for (const p of ps) out[`p${p}`] = quantileSorted(sorted, p / 100);
  return out;
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}
