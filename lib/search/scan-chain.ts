import type { KernelParams, KernelResult } from "@/lib/search/scan-kernel";

/** A window found by a chain, on its real ticker (absolute positions into the columns). */
export type ChainMatch = { ticker: number; start: number; length: number; distance: number };

/** One scan of a chain: the kernel's parameters and how its answer maps back to the chain's tickers and scale. */
export type ChainStep = {
  /** the scan; its initialWorst is set by the chain */
  params: KernelParams;
  /** per kernel ticker number, the ticker its matches are reported on */
  realTicker: Int32Array;
  /** factor from this scan's distances to the chain's (its length prior weighs against another longest length) */
  rescale: number;
};

/**
 * Scans run one after the other, each seeded by what the ones before found: up to k matches of all of them, no
 * two overlapping on one ticker, nearest first.
 */
export type ChainParams = { steps: ChainStep[]; k: number; /** a known bound on the k-th best distance (Infinity: none) */ seed: number };

/** Greedy, nearest first: up to k matches of which no two overlap on one ticker. */
export function selectNonOverlapping(matches: ChainMatch[], k: number): ChainMatch[] {
  const sorted = [...matches].sort((a, b) => a.distance - b.distance || a.ticker - b.ticker || a.start - b.start || a.length - b.length);
  const out: ChainMatch[] = [];
  for (const m of sorted) {
    if (out.length === k) break;
    if (out.some((o) => o.ticker === m.ticker && o.start < m.start + m.length && m.start < o.start + o.length)) continue;
    out.push(m);
  }
  return out;
}

/**
 * Runs the chain with `kernel` (the scan kernel, passed in so this stays self-contained: a search thread runs its
 * source text, see scan-kernel.ts). One call instead of one per scan, so a search thread answers once for the
 * whole chain. What the scans so far found bounds the answer: each next scan starts from the tighter threshold.
 */
export function scanChain(p: ChainParams, kernel: (params: KernelParams) => KernelResult): ChainMatch[] {
  const k = p.k;
  let seed = p.seed;
  const all: ChainMatch[] = [];
  for (const step of p.steps) {
    // the seed is on the chain's scale; the kernel compares this scan's
    step.params.initialWorst = seed / step.rescale;
    const result = kernel(step.params);
    for (let i = 0; i < result.count; i++) {
      all.push({ ticker: step.realTicker[result.ticker[i]], start: result.start[i], length: result.len[i], distance: result.dist[i] * step.rescale });
    }
    if (all.length >= k) {
      const best = selectNonOverlapping(all, k);
      if (best.length === k && best[k - 1].distance * (1 + 1e-9) < seed) seed = best[k - 1].distance * (1 + 1e-9);
    }
  }
  return selectNonOverlapping(all, k);
}

/** Everything a search thread needs for a chain, in dependency order. */
export const SCAN_CHAIN_FUNCTIONS = [selectNonOverlapping, scanChain];
