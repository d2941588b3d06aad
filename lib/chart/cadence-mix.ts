import { cadenceOfSpan, type Cadence } from "@/lib/chart/cadence";

export type TickerCadenceSpan = { symbol: string; first: string | null; last: string | null; count: number };

const list = (symbols: string[]) => (symbols.length <= 3 ? symbols.join(", ") : `${symbols.slice(0, 3).join(", ")} and ${symbols.length - 3} more`);

/**
 * A warning when a search compares series of different cadences: the search engine matches candles as candles, so
 * a range of a monthly series is matched against daily windows (and a monthly match's "next 20 days" are 20
 * months). Reads each ticker's cadence from its summary (first, last, row count). Null when everything compared is
 * of one cadence, or when the tickers are unknown.
 */
export function describeCadenceMix({ query, matches, tickers }: { query: { type: string; symbol?: string }; matches: readonly { symbol: string }[]; tickers: readonly TickerCadenceSpan[] }): string | null {
  const bySymbol = new Map(tickers.map((t) => [t.symbol, t]));
  const cadenceOf = (symbol: string): Cadence | null => {
    const t = bySymbol.get(symbol);
    return t ? cadenceOfSpan(t.first, t.last, t.count) : null;
  };
  const source = query.type === "range" && query.symbol ? cadenceOf(query.symbol) : null;
  // A drawn shape or preset has no cadence of its own: it takes the cadence most matches have (daily data, mostly).
  const reference = source ?? cadenceOf(matches[0]?.symbol ?? "");
  if (!reference) return null;
  const other = new Map<string, string[]>();
  let differing = 0;
  for (const m of matches) {
    const c = cadenceOf(m.symbol);
    if (!c || c.id === reference.id) continue;
    differing++;
    const names = other.get(c.id) ?? [];
    if (!names.includes(m.symbol)) names.push(m.symbol);
    other.set(c.id, names);
  }
  if (other.size === 0) return null;
  const parts = [...other.entries()].map(([id, symbols]) => `${id} series (${list(symbols)})`);
  const some = differing === matches.length ? "the matches are" : differing === 1 ? "1 match is from" : `${differing} matches are`;
  const what = source ? `The picked range is ${reference.id} data (${query.symbol}), and ${some} ${parts.join(" and ")}` : `${differing === 1 ? "1 match is from" : `${differing} matches are`} ${parts.join(" and ")} while the others are ${reference.id}`;
  return `${what}: the search compares candles as candles, so a shape over ${reference.units} is set beside shapes over other periods, and the return "after" a match counts that series' own periods. Limit the tickers to one cadence to compare like with like.`;
}
