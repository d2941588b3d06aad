import type { Match } from "@/lib/search/types";

/** The other matches of a kept match's ticker that come with it, at most. */
export const MAX_SAME_TICKER = 20;

/** A match with the other matches of its ticker that one-per-ticker set aside, best first. */
export type MatchWithSameTicker = Match & { sameTicker: Match[] };

/**
 * One match per ticker: from a ranked list (best first), the best match of each ticker in rank order, at most
 * `topK` of them, each carrying the others of its ticker (at most MAX_SAME_TICKER), so "N more from TICKER" is one
 * click away without another search.
 */
export function onePerTicker(matches: readonly Match[], topK: number): MatchWithSameTicker[] {
  const kept = new Map<string, MatchWithSameTicker>();
  for (const m of matches) {
    const first = kept.get(m.symbol);
    if (first) {
      if (first.sameTicker.length < MAX_SAME_TICKER) first.sameTicker.push(m);
    } else if (kept.size < topK) kept.set(m.symbol, { ...m, sameTicker: [] });
  }
  return [...kept.values()];
}
