import type { CalibratedBand } from "@/lib/outcomes/types";

/**
 * The split-conformal band of ascending values: the order statistics at ranks floor(tail * (n + 1)) and
 * ceil((1 - tail) * (n + 1)), which hold a new exchangeable value with probability >= 1 - 2 * tail.
 * A rank off the sample is an open end (null): too few values to say where the tail is.
 */
export function conformalBand(sorted: Float64Array, tail: number): { lo: number | null; hi: number | null } {
  const n = sorted.length;
  const loRank = Math.floor(tail * (n + 1));
  const hiRank = Math.ceil((1 - tail) * (n + 1));
  return { lo: loRank >= 1 ? sorted[loRank - 1] : null, hi: hiRank <= n ? sorted[hiRank - 1] : null };
}

/**
 * The (1 - 2 * tail) band of forward returns with its coverage measured on later dates, as a user would meet it:
 * the clusters, in date order, are cut into `folds` runs of consecutive dates; the returns of each run after the
 * first are checked against the band computed from the earlier runs alone, and the coverage is the share that fell
 * inside. A band learned on calm years that misses on wild ones shows here as coverage below nominal. The band
 * reported is the one computed from all returns.
 */
export function calibrateBand({ values, clusterOf, clusters, tail, folds }: { values: Float64Array; clusterOf: Int32Array; clusters: number; tail: number; folds: number }): CalibratedBand {
  const nominal = 1 - 2 * tail;
  const all = conformalBand(Float64Array.from(values).sort(), tail);
  if (clusters < folds * 2) return { ...all, nominal, coverage: null, checked: 0 };
  const foldOf = (i: number) => Math.floor((clusterOf[i] * folds) / clusters);
  let covered = 0, checked = 0;
  for (let f = 1; f < folds; f++) {
    const earlier: number[] = [];
    for (let i = 0; i < values.length; i++) if (foldOf(i) < f) earlier.push(values[i]);
    const band = conformalBand(Float64Array.from(earlier).sort(), tail);
    for (let i = 0; i < values.length; i++) {
      if (foldOf(i) !== f) continue;
      const v = values[i];
      if ((band.lo === null || v >= band.lo) && (band.hi === null || v <= band.hi)) covered++;
      checked++;
    }
  }
  return { ...all, nominal, coverage: checked ? covered / checked : null, checked };
}
