import type { RawDailyRow } from "@/lib/import/clean-daily-rows";
import { parseDate } from "@/lib/import/parse-date";

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function scale(raw: unknown, by: number, round: (n: number) => number): unknown {
  const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  // Leave what is not a number as it was: cleaning reports it.
  return Number.isFinite(n) ? round(n * by) : raw;
}

/** A split of a ticker's history that lies outside the rows at hand (in another part of a long document). */
export type SplitEvent = { t: string; split: number };

/**
 * Split-adjusts raw prices (AlphaVantage daily-adjusted gives unadjusted OHLC plus a split coefficient on the
 * split day): every row before a split of s:1 has its prices divided by s and its volume multiplied by s, so a
 * 4:1 split leaves no cliff. Factors accumulate over several splits, `outside` ones included (a split in another part of the document scales
 * these rows when it is newer). Returns the rows in their input order.
 */
export function adjustSplits(rows: readonly { row: RawDailyRow; split: unknown }[], outside: readonly SplitEvent[] = []): RawDailyRow[] {
  const dated = rows.map((r, index) => ({ ...r, index, t: typeof r.row.t === "string" ? parseDate(r.row.t) : null }));
  const events = outside.map((e) => ({ row: null, split: e.split, index: -1, t: e.t }));
  const newestFirst = [...dated.filter((r) => r.t !== null), ...events].sort((a, b) => (a.t! < b.t! ? 1 : a.t! > b.t! ? -1 : 0));
  const out: RawDailyRow[] = rows.map((r) => r.row);
  let factor = 1;
  for (const r of newestFirst) {
    if (r.row !== null && factor !== 1) {
      const p = 1 / factor;
      out[r.index] = {
        ...r.row,
        o: scale(r.row.o, p, round6),
        h: scale(r.row.h, p, round6),
        l: scale(r.row.l, p, round6),
        c: scale(r.row.c, p, round6),
        v: scale(r.row.v, factor, Math.round),
      };
    }
    // The split day's own prices are already post-split; only older rows are scaled.
    const s = typeof r.split === "number" ? r.split : Number(r.split);
    if (Number.isFinite(s) && s > 0 && s !== 1) factor *= s;
  }
  return out;
}
