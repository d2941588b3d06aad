import { parseDate } from "@/lib/import/parse-date";
import { createRowReport, noteFix, noteRejection } from "@/lib/import/row-report";
import { normalizeSymbol } from "@/lib/import/symbol-from-file-name";
import type { ParsedTicker, ScalarSeries } from "@/lib/import/types";

const DATE_KEYS = ["period_end_date", "date", "period", "fiscal_date_ending"];

/**
 * A fundamentals document { symbol, metadata, financials: { quarterly: { period_end_date: [...], revenue: [...] },
 * annual: {...} } }: every numeric array becomes a scalar series ("revenue" for quarterly, "annual_revenue" for
 * other periods). One period date is one row in the report.
 */
export function parseFundamentalsJson(doc: unknown, fallbackSymbol: string | null): ParsedTicker | string {
  const o = doc as { symbol?: unknown; metadata?: Record<string, unknown>; financials?: Record<string, unknown> };
  const symbol = (typeof o.symbol === "string" && normalizeSymbol(o.symbol)) || fallbackSymbol;
  if (!symbol) return "fundamentals JSON without a symbol: pass --symbol";
  if (!o.financials || typeof o.financials !== "object") return "fundamentals JSON without a financials object";
  const report = createRowReport();
  const scalars: ScalarSeries[] = [];
  for (const [period, table] of Object.entries(o.financials)) {
    if (!table || typeof table !== "object") continue;
    const columns = table as Record<string, unknown>;
    const dateKey = DATE_KEYS.find((k) => Array.isArray(columns[k]));
    if (!dateKey) continue;
    const dates = (columns[dateKey] as unknown[]).map((d) => (typeof d === "string" ? parseDate(d) : null));
    const fixedAt = new Set<number>();
    const series: ScalarSeries[] = [];
    for (const [key, values] of Object.entries(columns)) {
      if (key === dateKey || !Array.isArray(values)) continue;
      if (!values.some((v) => typeof v === "number" || (typeof v === "string" && v !== "" && Number.isFinite(Number(v))))) continue;
      const byDate = new Map<string, number>();
      values.forEach((v, i) => {
        const t = dates[i];
        if (!t) return;
        const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
        if (Number.isFinite(n)) byDate.set(t, n);
        else if (v !== null && v !== undefined && v !== "") fixedAt.add(i);
      });
      const rows = [...byDate.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
      if (rows.length) series.push({ name: period === "quarterly" ? key : `${period}_${key}`, frequency: period, rows });
    }
    dates.forEach((t, i) => {
      report.read++;
      if (!t) {
        report.rejected++;
        noteRejection(report, "invalid period date", i + 1);
        return;
      }
      report.kept++;
      if (fixedAt.has(i)) {
        report.fixed++;
        noteFix(report, "non-numeric value skipped", i + 1);
      }
    });
    scalars.push(...series);
  }
  if (!scalars.length) return "fundamentals JSON holds no numeric series with period dates";
  const meta = o.metadata && typeof o.metadata === "object" ? o.metadata : {};
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  return {
    symbol,
    name: str(meta.name) ?? str(meta.longName) ?? str(meta.company_name),
    exchange: str(meta.exchange),
    currency: str(meta.currency),
    metadata: meta,
    document: doc,
    daily: [],
    scalars,
    report,
  };
}
