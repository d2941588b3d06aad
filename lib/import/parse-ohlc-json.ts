import { cleanDailyRows } from "@/lib/import/clean-daily-rows";
import { normalizeSymbol } from "@/lib/import/symbol-from-file-name";
import type { ParsedTicker } from "@/lib/import/types";

/** An array of row objects ({ date, open, high, low, close, volume? }), like vega-datasets' ohlc.json. */
export function parseOhlcJson(doc: unknown[], fallbackSymbol: string | null): ParsedTicker | string {
  const first = doc.find((d) => d && typeof d === "object") as Record<string, unknown> | undefined;
  const symbol = (typeof first?.symbol === "string" && normalizeSymbol(first.symbol)) || fallbackSymbol;
  if (!symbol) return "JSON rows without a symbol: pass --symbol";
  const raw = doc.map((item, i) => {
    const d = (item && typeof item === "object" ? item : {}) as Record<string, unknown>;
    return { line: i + 1, t: d.date ?? d.timestamp, o: d.open, h: d.high, l: d.low, c: d.close ?? d.price, v: d.volume };
  });
  const { rows, report, order } = cleanDailyRows(raw);
  return { symbol, metadata: {}, document: doc, daily: rows, scalars: [], report, order };
}
