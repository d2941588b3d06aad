import type { KernelResult } from "@/lib/search/scan-kernel";

/**
 * A second source of candidates for the DTW engine's pool: a scan biased differently from the DTW scan that draws
 * the pool (docs/recall.md: plants the DTW scan distance ranks low never reach the warp fit and the segment re-rank).
 * "zned": z-normalised Euclidean on the same (lightly smoothed) series; "zcoarse": the same on the series averaged
 * over `coarsen` candles (a smoother view, at a fraction of the cost); "dcoarse": banded DTW there, with its own band.
 */
export type ExtraSource = "none" | "zned" | "zcoarse" | "dcoarse";

export type ExtraScanPlan = { method: 0 | 1; coarsen: number; startStep: number; band: number };

export function extraScanPlan(source: ExtraSource, { coarsen, band }: { coarsen: number; band: number }): ExtraScanPlan | null {
  if (source === "zned") return { method: 0, coarsen: 1, startStep: 2, band: 0 };
  if (source === "zcoarse") return { method: 0, coarsen: Math.max(2, coarsen), startStep: 1, band: 0 };
  if (source === "dcoarse") return { method: 1, coarsen: Math.max(2, coarsen), startStep: 1, band };
  return null;
}

/**
 * The lengths the second source scans: for a picked range of L candles only those within the specification's
 * 0.8-1.25x stretch of it (when `centred`), else all of them.
 */
export function extraLengths(lengths: number[], picked: number | undefined, centred: boolean): number[] {
  if (picked === undefined || !centred) return lengths;
  const inside = lengths.filter((m) => m >= 0.8 * picked && m <= 1.25 * picked);
  return inside.length ? inside : lengths;
}

/**
 * The candidates of `extra` that are new to `base`: one whose window overlaps a base candidate on the same ticker
 * with intersection over union >= minIou is the same place (the warp fit would move both onto one window), so it
 * is dropped before the costly fit.
 */
export function newCandidates(base: KernelResult, extra: KernelResult, minIou = 0.5): KernelResult {
  const byTicker = new Map<number, number[]>();
  for (let i = 0; i < base.count; i++) {
    const list = byTicker.get(base.ticker[i]) ?? [];
    list.push(base.start[i], base.start[i] + base.len[i]);
    byTicker.set(base.ticker[i], list);
  }
  const keep: number[] = [];
  for (let i = 0; i < extra.count; i++) {
    const a = extra.start[i], e = a + extra.len[i];
    const list = byTicker.get(extra.ticker[i]) ?? [];
    let seen = false;
    for (let j = 0; j < list.length && !seen; j += 2) {
      const inter = Math.min(e, list[j + 1]) - Math.max(a, list[j]);
      if (inter > 0 && inter / (Math.max(e, list[j + 1]) - Math.min(a, list[j])) >= minIou) seen = true;
    }
    if (!seen) keep.push(i);
  }
  return {
    count: keep.length,
    dist: Float64Array.from(keep, (i) => extra.dist[i]),
    ticker: Int32Array.from(keep, (i) => extra.ticker[i]),
    start: Int32Array.from(keep, (i) => extra.start[i]),
    len: Int32Array.from(keep, (i) => extra.len[i]),
    stats: extra.stats,
  };
}
