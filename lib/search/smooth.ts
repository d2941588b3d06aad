/**
 * Light smoothing applied identically to the series and to the resampled query. Savitzky-Golay (quadratic)
 * keeps peaks and troughs where a moving average would flatten them; both cut the day-to-day noise that
 * otherwise dominates the distance of short patterns. Width 1 means none. Values whose neighbourhood is
 * incomplete (edges, missing values) are left as they are.
 */
export type SmoothKind = "ma" | "sg";

const SG: Record<number, number[]> = {
  5: [-3, 12, 17, 12, -3].map((c) => c / 35),
  7: [-2, 3, 6, 7, 6, 3, -2].map((c) => c / 21),
  9: [-21, 14, 39, 54, 59, 54, 39, 14, -21].map((c) => c / 231),
};

/** The centred kernel of a smoothing ([1] for width 1, i.e. none). */
export function smoothingKernel(width: number, kind: SmoothKind = "ma"): Float64Array {
  if (width <= 1) return Float64Array.of(1);
  const h = Math.floor(width / 2);
  const coef = kind === "sg" ? SG[2 * h + 1] : Array.from({ length: 2 * h + 1 }, () => 1 / (2 * h + 1));
  if (!coef) throw new Error(`no smoothing kernel of width ${width}`);
  return Float64Array.from(coef);
}

export function smoothInPlace(x: Float64Array, from: number, to: number, width: number, kind: SmoothKind = "ma"): void {
  if (width <= 1) return;
  const h = Math.floor(width / 2);
  const coef = smoothingKernel(width, kind);
  const copy = x.slice(from, to);
  for (let i = from + h; i < to - h; i++) {
    let s = 0;
    for (let j = -h; j <= h; j++) s += coef[j + h] * copy[i + j - from];
    if (!Number.isNaN(s)) x[i] = s;
  }
}
