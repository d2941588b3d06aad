import { adjustSplits, type SplitEvent } from "@/lib/import/adjust-splits";
import { cleanDailyRows } from "@/lib/import/clean-daily-rows";
import { normalizeSymbol } from "@/lib/import/symbol-from-file-name";
import type { ParsedTicker } from "@/lib/import/types";

/** A field of one day's entry ("4. close" read as "close"); undefined when the entry has none. */
export function alphavantageField(entry: unknown, name: string): unknown {
  // A mangled entry (null, a number) has no fields: its row is then rejected for a missing close.
  if (!entry || typeof entry !== "object") return undefined;
  const key = Object.keys(entry).find((k) => k.replace(/^\d+\.\s*/, "") === name);
  return key === undefined ? undefined : (entry as Record<string, unknown>)[key];
}

/**
 * AlphaVantage TIME_SERIES_DAILY(_ADJUSTED) JSON: {"Meta Data", "Time Series (Daily)": {date: {"1. open": ...}}}.
 * `splitsOutside` are the document's splits outside these rows (a part of a long document).
 */
export function parseAlphavantageJson(doc: unknown, fallbackSymbol: string | null, splitsOutside: readonly SplitEvent[] = []): ParsedTicker | string {
  const o = doc as Record<string, unknown>;
  const seriesKey = Object.keys(o).find((k) => k.startsWith("Time Series"));
  const series = seriesKey ? (o[seriesKey] as Record<string, unknown>) : undefined;
  if (!series || typeof series !== "object") return "AlphaVantage JSON without a \"Time Series\" object";
  const meta = (o["Meta Data"] ?? {}) as Record<string, unknown>;
  const metaSymbol = Object.entries(meta).find(([k]) => /symbol/i.test(k))?.[1];
  const symbol = (typeof metaSymbol === "string" && normalizeSymbol(metaSymbol)) || fallbackSymbol;
  if (!symbol) return "AlphaVantage JSON without a symbol: pass --symbol";
  const rows = Object.entries(series).map(([t, entry], i) => ({
    row: {
      line: i + 1,
      t,
      o: alphavantageField(entry, "open"),
      h: alphavantageField(entry, "high"),
      l: alphavantageField(entry, "low"),
      c: alphavantageField(entry, "close"),
      v: alphavantageField(entry, "volume"),
    },
    split: alphavantageField(entry, "split coefficient") ?? 1,
  }));
  const cleaned = cleanDailyRows(adjustSplits(rows, splitsOutside));
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
