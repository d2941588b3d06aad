import { lengthsBetween, prepareQueries } from "@/lib/search/prepare-queries";
import { prepareSeries } from "@/lib/search/prepare-series";
import type { ChainScan, KernelParams } from "@/lib/search/scan-kernel";
import { runChain } from "@/lib/search/worker-pool";
import { DEFAULT_TUNING } from "@/lib/search/tuning";
import type { ExcludedWindow, SearchIndex } from "@/lib/search/types";

/** A stretch of one ticker to scan exactly: absolute positions [start, end) into the index's columns. */
export type Region = { ticker: number; start: number; end: number; /** order of the candidate that seeded it (0 = most similar) */ rank?: number };

/** Regions that share the window lengths to scan there. */
export type RegionGroup = { regions: Region[]; minLength: number; maxLength: number };

export type ExactMatch = { ticker: number; start: number; length: number; distance: number };

/**
 * Merges regions of one ticker that overlap or touch (keeping the best rank), and cuts out
 * [exclude.start, exclude.end) of exclude.ticker (a range query's own window: no window overlapping it may come
 * back). Sorted by rank, so the best candidates are scanned first and tighten the kernel's pruning bound early.
 */
export function mergeRegions(regions: Region[], exclude?: ExcludedWindow): Region[] {
  const sorted = regions.filter((r) => r.end > r.start).sort((a, b) => a.ticker - b.ticker || a.start - b.start);
  const merged: Region[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.ticker === r.ticker && r.start <= last.end) {
      last.end = Math.max(last.end, r.end);
      last.rank = Math.min(last.rank ?? Infinity, r.rank ?? Infinity);
    } else merged.push({ ...r });
  }
  const cut = !exclude || exclude.ticker < 0 ? merged : merged.flatMap((r) => {
    if (r.ticker !== exclude.ticker || r.end <= exclude.start || exclude.end <= r.start) return [r];
    const parts: Region[] = [];
    if (r.start < exclude.start) parts.push({ ...r, end: exclude.start });
    if (exclude.end < r.end) parts.push({ ...r, start: exclude.end });
    return parts;
  });
  return cut.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.ticker - b.ticker || a.start - b.start);
}

/**
 * The exact engine's answer restricted to a few regions: the candidates of the model search, each widened
 * around an indexed window, are scanned with the same banded DTW, smoothing, length grid and length prior
 * as `method: "dtw"` (lib/search), so distances mean the same in both engines. Each group of regions is scanned
 * only at the grid lengths in its own range (a candidate from a 32-candle window is not tried at 120), which
 * is most of the saving next to scanning every length everywhere. Each merged region becomes a "virtual
 * ticker" of the kernel (its offsets are the region's bounds): the kernel then computes each candidate envelope
 * over the region alone and never joins two regions into one window. Returns up to topK matches, no two
 * overlapping on one ticker, nearest first.
 */
export async function rerankExact(options: {
  index: SearchIndex;
  points: ArrayLike<number>;
  groups: RegionGroup[];
  /** The request's length range: the grid of lengths (and the length prior) are the exact engine's for it. */
  minLength: number;
  maxLength: number;
  /** The grid's step between lengths (default the DTW engine's, DEFAULT_TUNING.dtw.lengthStep) and between window starts (default 1). */
  lengthStep?: number;
  startStep?: number;
  topK: number;
  exclude?: ExcludedWindow;
  band?: number;
  /**
   * Two stages when set: a z-normalised Euclidean scan of every region first (about 10x cheaper than DTW),
   * keeping the `prefilter` nearest non-overlapping windows; then DTW only around those (their length +-15%,
   * their start +- 10% of the length). Unset: DTW over every region.
   */
  prefilter?: number;
}): Promise<ExactMatch[]> {
  const { index, topK } = options;
  const tune = DEFAULT_TUNING.dtw;
  if (topK < 1) return [];
  const prepared = prepareSeries({ index, series: "close", smooth: tune.smooth, smoothKind: tune.smoothKind });
  const grid = lengthsBetween({ minLength: options.minLength, maxLength: options.maxLength, step: options.lengthStep ?? tune.lengthStep });
  // Each group of regions is one kernel scan at its own lengths; a chain of them runs on one search thread
  // (scanChain in lib/search/scan-kernel.ts), each seeded by the matches of the ones before.
  const scansOf = (groups: RegionGroup[], method: "zned" | "dtw"): ChainScan[] => {
    const scans: ChainScan[] = [];
    for (const group of groups) {
      const regions = mergeRegions(group.regions, options.exclude);
      const lengths = grid.filter((m) => m >= group.minLength && m <= group.maxLength);
      if (regions.length === 0 || lengths.length === 0) continue;
      const queries = prepareQueries({ points: options.points, lengths, method, band: options.band ?? tune.band, lengthPrior: tune.lengthPrior, smooth: tune.smooth, smoothKind: tune.smoothKind });
      // prepareQueries weighs lengths against the longest one it is given; rescale to the request's longest.
      const rescale = tune.lengthPrior ? Math.pow(grid[grid.length - 1] / lengths[lengths.length - 1], tune.lengthPrior) : 1;
      const R = regions.length;
      // Shared-memory arrays like the index's own: the kernel then sees one kind of typed array (mixing the two
      // kinds made V8 run it ~1.6x slower).
      const sab = (n: number) => new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4), 0, n);
      const offsets = sab(2 * R);
      const tickers = sab(R), lo = sab(R), hi = sab(R);
      regions.forEach((r, i) => {
        offsets[2 * i] = r.start;
        offsets[2 * i + 1] = r.end;
        tickers[i] = 2 * i;
        lo[i] = r.start;
        hi[i] = r.end;
      });
      const params: KernelParams = {
        values: prepared.values,
        blockSum: prepared.blockSum,
        blockSumSq: prepared.blockSumSq,
        blockNan: prepared.blockNan,
        offsets,
        tickers,
        lo,
        hi,
        queries,
        method: method === "dtw" ? 1 : 0,
        k: 0,
        exclude: { ticker: -1, start: 0, end: 0 },
        euclidWeight: tune.euclidWeight,
        promRef: 0,
        promWeight: 0,
        startStep: options.startStep ?? 1,
        // set by the chain from its seed (in the request's weighting; the kernel compares this group's, see
        // rescale); always present, so every call hands the kernel objects of one shape
        initialWorst: Infinity,
      };
      scans.push({ params, ticker: Int32Array.from(regions, (r) => r.ticker), rescale });
    }
    return scans;
  };
  const chain = async (scans: ChainScan[], k: number, seedScans?: ChainScan[]): Promise<ExactMatch[]> => {
    for (const scan of [...scans, ...(seedScans ?? [])]) scan.params.k = k;
    const result = await runChain({ scans, seedScans, k });
    return Array.from({ length: result.count }, (_, i) => ({ ticker: result.ticker[i], start: result.start[i], length: result.len[i], distance: result.dist[i] }));
  };
  // DTW never exceeds the z-normalised Euclidean distance of the same window (the diagonal is one of its paths),
  // so the k-th best Euclidean match over the same windows bounds the k-th best DTW one: a cheap Euclidean pass
  // seeds the DTW threshold (scanChain's seedScans).
  if (!options.prefilter) return chain(scansOf(options.groups, "dtw"), topK, scansOf(options.groups, "zned"));
  const survivors = await chain(scansOf(options.groups, "zned"), Math.max(topK, options.prefilter));
  const byLength = new Map<number, RegionGroup>();
  for (const s of survivors) {
    const centre = s.start + s.length / 2;
    for (const m of grid) {
      if (m < s.length / 1.15 || m > s.length * 1.15) continue;
      const slack = Math.ceil(0.1 * m) + 1;
      let group = byLength.get(m);
      if (!group) byLength.set(m, (group = { regions: [], minLength: m, maxLength: m }));
      const lo = index.offsets[s.ticker], hi = index.offsets[s.ticker + 1];
      group.regions.push({ ticker: s.ticker, start: Math.max(lo, Math.floor(centre - m / 2 - slack)), end: Math.min(hi, Math.ceil(centre + m / 2 + slack)), rank: s.distance });
    }
  }
  return chain(scansOf([...byLength.values()], "dtw"), topK);
}

/** Greedy, nearest first: up to k matches of which no two overlap on one ticker. */
export function selectNonOverlapping(matches: ExactMatch[], k: number): ExactMatch[] {
  const sorted = [...matches].sort((a, b) => a.distance - b.distance || a.ticker - b.ticker || a.start - b.start || a.length - b.length);
  const out: ExactMatch[] = [];
  for (const m of sorted) {
    if (out.length === k) break;
    if (out.some((o) => o.ticker === m.ticker && o.start < m.start + m.length && m.start < o.start + o.length)) continue;
    out.push(m);
  }
  return out;
}
