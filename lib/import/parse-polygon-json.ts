import { cleanDailyRows } from "@/lib/import/clean-daily-rows";
import { normalizeSymbol } from "@/lib/import/symbol-from-file-name";
import type { ParsedTicker } from "@/lib/import/types";

/** The UTC day of an epoch time in ms; the raw value when it is no time a Date holds (rejected as invalid). */
function dayOf(ms: unknown): unknown {
  if (typeof ms !== "number") return ms;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString().slice(0, 10);
}

/** Polygon aggregates JSON: { ticker, results: [{ o, h, l, c, v, t (epoch ms) }] }. */
export function parsePolygonJson(doc: unknown, fallbackSymbol: string | null): ParsedTicker | string {
  const o = doc as { ticker?: unknown; results?: unknown };
  if (!Array.isArray(o.results)) return "Polygon aggregates JSON without a results array";
  const symbol = (typeof o.ticker === "string" && normalizeSymbol(o.ticker)) || fallbackSymbol;
  if (!symbol) return "Polygon aggregates JSON without a ticker: pass --symbol";
  const raw = o.results.map((item, i) => {
    const r = (item && typeof item === "object" ? item : {}) as Record<string, unknown>;
    return { line: i + 1, t: dayOf(r.t), o: r.o, h: r.h, l: r.l, c: r.c, v: r.v };
  });
  const { rows, report, order } = cleanDailyRows(raw);
  const metadata = Object.fromEntries(Object.entries(o).filter(([k]) => k !== "results"));
  return { symbol, metadata, document: doc, daily: rows, scalars: [], report, order };
}
