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

type EdgeInput = { horizon: number; n: number; edge: number | null; ci95: [number, number] | null; mean: number | null; baseline: { mean: number | null } };

/**
 * The 95% interval of the edge. The engine reports `ci95` around the matches' mean return (lib/search/outcomes.ts);
 * the edge's interval is that shifted by the base rate. If an engine reports the edge's own interval instead (it
 * then contains the edge but not the mean), it is used as is.
 */
export function edgeInterval(o: EdgeInput): [number, number] | null {
  if (!o.ci95 || o.edge == null) return null;
  const [lo, hi] = o.ci95;
  const containsMean = o.mean != null && o.mean >= lo && o.mean <= hi;
  if (containsMean && o.baseline.mean != null) return [lo - o.baseline.mean, hi - o.baseline.mean];
  return [lo, hi];
}

export type Verdict = { kind: "none" | "positive" | "negative" | "unknown"; sentence: string };

const pct = (v: number) => `${v >= 0 ? "+" : "\u2212"}${Math.abs(v * 100).toFixed(2)}%`;

/** A plain sentence about the edge: says "no edge" whenever the 95% interval includes zero. */
export function describeEdge(o: EdgeInput): Verdict {
  const interval = edgeInterval(o);
  if (o.n === 0 || o.edge == null || interval == null) return { kind: "unknown", sentence: `Not enough matches with ${o.horizon} trading days of data after them to judge what followed.` };
  const [lo, hi] = interval;
  if (lo <= 0 && hi >= 0) {
    return {
      kind: "none",
      sentence: `No edge: over the next ${o.horizon} trading days these matches did about as well as any ${o.horizon}-day stretch (edge ${pct(o.edge)}, 95% interval ${pct(lo)} to ${pct(hi)} includes zero).`,
    };
  }
  const dir = o.edge > 0 ? "better" : "worse";
  return {
    kind: o.edge > 0 ? "positive" : "negative",
    sentence: `After these matches prices did ${dir} than the base rate over ${o.horizon} trading days: edge ${pct(o.edge)} (95% interval ${pct(lo)} to ${pct(hi)}), from ${o.n} matches. Past patterns are no promise.`,
  };
}
