export type HistogramBin = { lo: number; hi: number; count: number };

/** Equal-width bins over the values (fractions), with at least one bin; NaN and null are left out. */
export function histogram(values: readonly (number | null)[], bins = 12): HistogramBin[] {
  const xs = values.filter((v): v is number => v != null && Number.isFinite(v));
  if (xs.length === 0) return [];
  let lo = Math.min(...xs);
  let hi = Math.max(...xs);
  if (lo === hi) {
    lo -= 0.005;
    hi += 0.005;
  }
  const width = (hi - lo) / bins;
  const out: HistogramBin[] = Array.from({ length: bins }, (_, i) => ({ lo: lo + i * width, hi: lo + (i + 1) * width, count: 0 }));
  for (const x of xs) out[Math.min(bins - 1, Math.floor((x - lo) / width))].count++;
  return out;
}
