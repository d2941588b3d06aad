import { adjustSplits } from "@/lib/import/adjust-splits";
import { cleanDailyRows } from "@/lib/import/clean-daily-rows";
import { normalizeSymbol } from "@/lib/import/symbol-from-file-name";
import type { ParsedTicker } from "@/lib/import/types";

/** AlphaVantage TIME_SERIES_DAILY(_ADJUSTED) JSON: {"Meta Data", "Time Series (Daily)": {date: {"1. open": ...}}}. */
export function parseAlphavantageJson(doc: unknown, fallbackSymbol: string | null): ParsedTicker | string {
  const o = doc as Record<string, unknown>;
  const seriesKey = Object.keys(o).find((k) => k.startsWith("Time Series"));
  const series = seriesKey ? (o[seriesKey] as Record<string, unknown>) : undefined;
  if (!series || typeof series !== "object") return "AlphaVantage JSON without a \"Time Series\" object";
  const meta = (o["Meta Data"] ?? {}) as Record<string, unknown>;
  const metaSymbol = Object.entries(meta).find(([k]) => /symbol/i.test(k))?.[1];
  const symbol = (typeof metaSymbol === "string" && normalizeSymbol(metaSymbol)) || fallbackSymbol;
  if (!symbol) return "AlphaVantage JSON without a symbol: pass --symbol";
  const field = (entry: unknown, name: string) => {
    // A mangled entry (null, a number) has no fields: its row is then rejected for a missing close.
    if (!entry || typeof entry !== "object") return undefined;
    const key = Object.keys(entry).find((k) => k.replace(/^\d+\.\s*/, "") === name);
    return key === undefined ? undefined : (entry as Record<string, unknown>)[key];
  };
  const rows = Object.entries(series).map(([t, entry], i) => ({
    row: {
      line: i + 1,
      t,
      o: field(entry, "open"),
      h: field(entry, "high"),
      l: field(entry, "low"),
      c: field(entry, "close"),
      v: field(entry, "volume"),
    },
    split: field(entry, "split coefficient") ?? 1,
  }));
  const cleaned = cleanDailyRows(adjustSplits(rows));
  return {
    symbol,
    metadata: meta,
    document: doc,
    daily: cleaned.rows,
    scalars: [],
    report: cleaned.report,
    order: cleaned.order,
  };
}
