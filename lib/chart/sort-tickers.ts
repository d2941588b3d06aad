import type { TickerSummary } from "@/lib/tickers/types";

export const TICKER_SORTS = ["symbol", "name", "last", "change", "first", "count"] as const;
export type TickerSort = (typeof TICKER_SORTS)[number];
export type SortDir = "asc" | "desc";
export type TickerOrder = { sort: TickerSort | null; dir: SortDir };

/** The order a Markets URL asks for (?sort=change&dir=desc); unknown values fall back to the relevance order. */
export function parseTickerOrder(sort: string | undefined, dir: string | undefined): TickerOrder {
  const s = TICKER_SORTS.find((x) => x === sort) ?? null;
  return { sort: s, dir: dir === "desc" ? "desc" : dir === "asc" ? "asc" : s && DESC_FIRST.has(s) ? "desc" : "asc" };
}

/** Columns whose first click sorts the largest first (a trader looks for the biggest movers). */
const DESC_FIRST = new Set<TickerSort>(["last", "change", "count"]);

/** The direction a click on a column header asks for: the other direction when it is the current sort, else the column's first one. */
export function nextTickerOrder(current: TickerOrder, column: TickerSort): TickerOrder {
  if (current.sort === column) return { sort: column, dir: current.dir === "asc" ? "desc" : "asc" };
  return { sort: column, dir: DESC_FIRST.has(column) ? "desc" : "asc" };
}

function valueOf(t: TickerSummary, sort: TickerSort): string | number | null {
  switch (sort) {
    case "symbol":
      return t.symbol;
    case "name":
      return t.name;
    case "last":
      return t.lastClose;
    case "change":
      return t.changePct;
    case "first":
      return t.first;
    case "count":
      return t.count;
  }
}

/** How well a ticker answers a search box text: 0 the exact symbol, 1 a symbol that starts with it, 2 the exact name, 3 any other. */
function relevance(t: TickerSummary, q: string): number {
  const s = t.symbol.toUpperCase();
  if (s === q) return 0;
  if (s.startsWith(q)) return 1;
  if ((t.name ?? "").toUpperCase() === q) return 2;
  return 3;
}

/**
 * The Markets order: with a search text, the exact symbol first, then symbols starting with it, then the rest
 * (samples first, then by symbol, as the list comes); with a column sort, by that column (missing values last,
 * ties by symbol). Pure: the page sorts the whole filtered list, then pages it.
 */
export function sortTickers(tickers: readonly TickerSummary[], { q = "", order }: { q?: string; order: TickerOrder }): TickerSummary[] {
  const query = q.trim().toUpperCase();
  const indexed = tickers.map((t, i) => ({ t, i, r: query ? relevance(t, query) : 0 }));
  const sign = order.dir === "desc" ? -1 : 1;
  indexed.sort((a, b) => {
    if (order.sort) {
      const va = valueOf(a.t, order.sort);
      const vb = valueOf(b.t, order.sort);
      if (va == null || vb == null) {
        if (va != null) return -1;
        if (vb != null) return 1;
      } else if (va !== vb) {
        return sign * (typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb), "en", { sensitivity: "base", numeric: true }));
      }
      return a.t.symbol.localeCompare(b.t.symbol);
    }
    return a.r - b.r || a.i - b.i;
  });
  return indexed.map((x) => x.t);
}
