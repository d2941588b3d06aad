import { toDayNumber } from "@/lib/search/dates";
import type { EngineChoice, Match, SearchResult } from "@/lib/search/types";

/**
 * Reciprocal-rank fusion of several engines' ranked matches (Cormack, Clarke & Buettcher, SIGIR'09): a window
 * scores the sum over the lists that hold it of 1 / (k + rank), rank counted from 1. Two windows of one ticker whose
 * dates overlap with intersection over union >= `sameIou` are the same place (the first list's window stands for
 * both); the fused order then keeps the best `topK` that do not overlap on a ticker at all, as every engine's list
 * does. Each match keeps its own engine's distance and score. k = 0 weighs the heads of short lists most: picked
 * ranges gain on the suite with it (docs/recall.md). `weights` scales each list's share (default 1 each).
 * `apart: false` keeps every place, overlapping or not (the picked range's re-rank sets them apart itself).
 */
export function fuseRankings(lists: Match[][], { topK, k = 0, sameIou = 0.5, weights, apart = true }: { topK: number; k?: number; sameIou?: number; weights?: number[]; apart?: boolean }): Match[] {
  type Item = { match: Match; from: number; to: number; score: number };
  const items: Item[] = [];
  const bySymbol = new Map<string, Item[]>();
  lists.forEach((list, l) => {
    const weight = weights?.[l] ?? 1;
    list.forEach((match, i) => {
      const from = toDayNumber(match.start), to = toDayNumber(match.end) + 1;
      const same = bySymbol.get(match.symbol) ?? [];
      const seen = same.find((it) => iou(it, from, to) >= sameIou);
      if (seen) {
        seen.score += weight / (k + i + 1);
        return;
      }
      const item = { match, from, to, score: weight / (k + i + 1) };
      items.push(item);
      same.push(item);
      bySymbol.set(match.symbol, same);
    });
  });
  // stable: among equal scores the earlier lists' windows, in their order, come first
  const order = items.map((_, i) => i).sort((a, b) => items[b].score - items[a].score || a - b);
  const kept: Item[] = [];
  for (const i of order) {
    if (kept.length >= topK) break;
    const it = items[i];
    if (apart && kept.some((o) => o.match.symbol === it.match.symbol && o.from < it.to && it.from < o.to)) continue;
    kept.push(it);
  }
  return kept.map((it) => it.match);
}

function iou(it: { from: number; to: number }, from: number, to: number): number {
  const inter = Math.min(it.to, to) - Math.max(it.from, from);
  return inter > 0 ? inter / (Math.max(it.to, to) - Math.min(it.from, from)) : 0;
}

/**
 * The DTW engine's answer carrying a fused list: its own fields (threshold windows included), the fused matches,
 * the time since `t0`, the engine that answered, and the windows both engines compared.
 */
export function fusedResult({ dtw, other, matches, engine, t0 }: { dtw: SearchResult; other: Pick<SearchResult, "compared">; matches: Match[]; engine: EngineChoice; t0: number }): SearchResult {
  return {
    ...dtw,
    matches,
    total: matches.length,
    tookMs: Math.round(performance.now() - t0),
    method: engine.method,
    engine,
    compared: dtw.compared && other.compared ? { lengths: dtw.compared.lengths, windows: dtw.compared.windows + other.compared.windows } : dtw.compared,
  };
}
