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

/**
 * Reorders NaN-free `values` in place so that every order statistic quantileSorted reads for the quantiles `qs`
 * sits where an ascending sort would put it, and returns them: quantileSorted then gives the same numbers as on
 * the sorted copy, for a partial quickselect's work instead of a whole sort (a bootstrap's 2,000 means, a fan's
 * row per day).
 */
export function placeQuantiles(values: Float64Array, qs: readonly number[]): Float64Array {
  const n = values.length;
  const ranks: number[] = [];
  for (const q of qs) {
    const i = Math.floor((n - 1) * q);
    if (i >= 0 && i < n) ranks.push(i);
    if (i + 1 >= 0 && i + 1 < n) ranks.push(i + 1);
  }
  ranks.sort((a, b) => a - b);
  if (n > 1 && ranks.length > 0) selectRanks(values, 0, n - 1, ranks, 0, ranks.length - 1);
  return values;
}

/** Puts the ranks[rlo..rhi]-th smallest of a[lo..hi] at those positions (ranks ascending, inside lo..hi). */
function selectRanks(a: Float64Array, lo: number, hi: number, ranks: number[], rlo: number, rhi: number): void {
  while (rlo <= rhi) {
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; i++) {
        const v = a[i];
        let j = i - 1;
        while (j >= lo && a[j] > v) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    // median of three as the pivot, then Hoare's partition: a[lo..j] <= p <= a[i..hi], and between them only p
    const mid = (lo + hi) >>> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const p = a[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) swap(a, i++, j--);
    }
    // ranks at or below j go left, at or above i right; any between are p already
    let left = rlo;
    while (left <= rhi && ranks[left] <= j) left++;
    let right = left;
    while (right <= rhi && ranks[right] < i) right++;
    if (left - 1 - rlo < rhi - right) {
      if (left > rlo) selectRanks(a, lo, j, ranks, rlo, left - 1);
      lo = i;
      rlo = right;
    } else {
      if (right <= rhi) selectRanks(a, i, hi, ranks, right, rhi);
      hi = j;
      rhi = left - 1;
    }
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
