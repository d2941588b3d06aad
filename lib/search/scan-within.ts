import { pushCandidate, selectMatches, type Candidates, type KernelParams, type KernelResult } from "@/lib/search/scan-kernel";

/**
 * At most this many windows (none overlapping another on its ticker) come back from a threshold scan: a low
 * threshold must not turn a search into an unbounded one. Past it the scan keeps the best ones, as a top-K search
 * of this K would, and says it was capped. The DTW engine's cap is lower: its scan prunes far less under a loose
 * bound and every kept window is fitted again. Measured on the 619k-candle S&P sample (load 24-42, so the times
 * are relative): zned at 2000 costs 2-2.5x the plain search (7 s at minSimilarity 0.3, capped); DTW at 2000 took
 * 4-15 s near the 20th match's score but 68-109 s at 0.3, past the search deadline; at 500, 12-16 s.
 */
export const MAX_WITHIN_WINDOWS = { zned: 2000, dtw: 500 } as const;

/** A threshold scan: every window whose distance to the query is below maxDistance, at most `limit` of them. */
export type WithinRequest = { maxDistance: number; limit: number };

/** What a threshold scan found, in the index's own layout (positions of each window's last candle). */
export type WithinWindows = {
  ticker: Int32Array;
  end: Int32Array;
  distance: Float64Array;
  /** windows within the threshold when scanned, overlapping ones included (a lower bound once capped) */
  windows: number;
  /** the scan reached `limit` non-overlapping windows, so its bound tightened and some within the threshold were not kept */
  capped: boolean;
  limit: number;
};

/**
 * The kernel parameters of a threshold scan over the same queries: every start (not the candidate draw's every
 * other one), the bound at maxDistance from the first window, and room for `limit` matches. Once `limit` windows
 * that cannot overlap are found, the bound tightens to the limit-th best, which keeps the cost of a loose
 * threshold to that of a top-`limit` search.
 */
export function withinParams(params: KernelParams, { maxDistance, limit }: WithinRequest): KernelParams {
  return { ...params, k: limit, initialWorst: maxDistance, startStep: 1, sharedWorst: undefined };
}

/** The threshold scans of several resolutions as one answer: best first, none overlapping on a ticker, at most `limit`. */
export function mergeWithin(parts: KernelResult[], limit: number): { result: KernelResult; windows: number } {
  const cand: Candidates = { n: 0, dist: new Float64Array(64), ticker: new Int32Array(64), start: new Int32Array(64), len: new Int32Array(64) };
  let windows = 0;
  for (const r of parts) {
    for (let i = 0; i < r.count; i++) pushCandidate(cand, r.dist[i], r.ticker[i], r.start[i], r.len[i]);
    windows += r.stats[6] ?? 0;
  }
  return { result: selectMatches(cand, limit), windows };
}

/** The windows of a (re-scored) result still within maxDistance, in the shape the outcome statistics take. */
export function withinWindows({ result, maxDistance, windows, capped, limit }: { result: KernelResult; maxDistance: number; windows: number; capped: boolean; limit: number }): WithinWindows {
  const keep: number[] = [];
  for (let i = 0; i < result.count; i++) if (result.dist[i] <= maxDistance) keep.push(i);
  return {
    ticker: Int32Array.from(keep, (i) => result.ticker[i]),
    end: Int32Array.from(keep, (i) => result.start[i] + result.len[i] - 1),
    distance: Float64Array.from(keep, (i) => result.dist[i]),
    windows,
    capped,
    limit,
  };
}
