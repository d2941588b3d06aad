import { cleanDailyRows, type RawDailyRow } from "@/lib/import/clean-daily-rows";
import { normalizeSymbol } from "@/lib/import/symbol-from-file-name";
import type { ParsedTicker } from "@/lib/import/types";

type YahooResult = {
  meta?: Record<string, unknown>;
  timestamp?: unknown[];
  indicators?: { quote?: Record<string, unknown[] | undefined>[] };
};

/** The UTC date of an epoch time in ms; null outside the range a Date holds (a mangled timestamp). */
function dayOf(ms: number): string | null {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

/** Yahoo chart API JSON: chart.result[0] with meta, timestamp[] (epoch seconds) and indicators.quote[0] arrays. */
export function parseYahooChartJson(doc: unknown, fallbackSymbol: string | null): ParsedTicker | string {
  const result = (doc as { chart?: { result?: YahooResult[] } }).chart?.result?.[0];
  if (!result || !Array.isArray(result.timestamp)) return "Yahoo chart JSON without chart.result[0].timestamp";
  const meta = result.meta ?? {};
  const symbol = (typeof meta.symbol === "string" && normalizeSymbol(meta.symbol)) || fallbackSymbol;
  if (!symbol) return "Yahoo chart JSON without meta.symbol: pass --symbol";
  const quote = result.indicators?.quote?.[0] ?? {};
  // Dates are the exchange's local trading day, so shift by its UTC offset before cutting the date.
  const offset = typeof meta.gmtoffset === "number" ? meta.gmtoffset : 0;
  const raw: RawDailyRow[] = result.timestamp.map((ts, i) => ({
    line: i + 1,
    t: typeof ts === "number" ? dayOf((ts + offset) * 1000) ?? String(ts) : ts,
    o: quote.open?.[i],
    h: quote.high?.[i],
    l: quote.low?.[i],
    c: quote.close?.[i],
    v: quote.volume?.[i],
  }));
  const { rows, report, order } = cleanDailyRows(raw);
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  return {
    symbol,
    name: str(meta.longName) ?? str(meta.shortName),
    exchange: str(meta.fullExchangeName) ?? str(meta.exchangeName),
    currency: str(meta.currency),
    metadata: meta,
    document: doc,
    daily: rows,
    scalars: [],
    report,
    order,
  };
}
