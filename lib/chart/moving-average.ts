/**
 * Simple moving average of `values` over `period` points. A window that holds a missing value yields null rather
 * than an average of fewer points, so a gap in the data never draws a line that was not computed from real closes.
 */
export function computeMovingAverage(values: readonly (number | null)[], period: number): (number | null)[] {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`period must be a positive integer, got ${period}`);
  const out: (number | null)[] = new Array(values.length).fill(null);
  let sum = 0;
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null || !Number.isFinite(v)) missing++;
    else sum += v;
    if (i >= period) {
      const old = values[i - period];
      if (old == null || !Number.isFinite(old)) missing--;
      else sum -= old;
    }
    if (i >= period - 1 && missing === 0) out[i] = sum / period;
  }
  return out;
}
