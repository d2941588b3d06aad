import { createRowReport, noteFix, noteRejection } from "@/lib/import/row-report";
import type { DailyRow, RowReport } from "@/lib/import/types";
import { parseDate } from "@/lib/import/parse-date";

/** One row as read from a provider, before cleaning; fields are strings (CSV) or JSON values. */
export type RawDailyRow = {
  /** Line (CSV) or item (JSON) number, for the report. */
  line: number;
  t: unknown;
  o: unknown;
  h: unknown;
  l: unknown;
  c: unknown;
  /** undefined when the provider has no volume column at all. */
  v: unknown;
};

/** A finite number; null when the field is empty or absent; NaN when it holds something that is not a number. */
function toNumber(raw: unknown): number | null {
  if (raw === undefined || raw === null || raw === "") return null;
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : NaN;
  if (typeof raw !== "string") return NaN;
  const n = Number(raw);
  if (Number.isFinite(n)) return raw.trim() === "" ? null : n;
  return NaN;
}

const FIELD_NAMES = ["open", "high", "low"] as const;

/**
 * Cleans provider rows into sorted daily rows: a row needs a valid date and a positive close, everything else is
 * repaired (non-numeric or non-positive open/high/low/volume become null, high < low is swapped, high/low are
 * widened to contain open and close, duplicate dates keep the last row, unsorted rows are sorted; a file listed
 * newest first is read in reverse, and says so in `order`, not as a fix). Dates are read by `readDate`. Every
 * decision is counted in the returned report (read = kept + rejected; fixed counts kept rows that were changed).
 */
export function cleanDailyRows(
  raw: readonly RawDailyRow[],
  options: { readDate?: (raw: string) => string | null } = {},
): { rows: DailyRow[]; report: RowReport; order: RowOrder } {
  const readDate = options.readDate ?? parseDate;
  const newestFirst = isNewestFirst(raw, readDate);
  if (newestFirst) raw = [...raw].reverse();
  const report = createRowReport();
  const rows: (DailyRow | null)[] = [];
  const lines: number[] = [];
  const fixedFlags: boolean[] = [];
  const indexByDate = new Map<string, number>();
  let lastDate = "";
  let unsorted = false;
  const ohl: (number | null)[] = [null, null, null];

  for (let k = 0; k < raw.length; k++) {
    const r = raw[k];
    const line = r.line;
    report.read++;
    const t = typeof r.t === "string" ? readDate(r.t) : null;
    if (t === null) {
      report.rejected++;
      noteRejection(report, r.t === undefined || r.t === null || r.t === "" ? "missing date" : "invalid date", line);
      continue;
    }
    const c = toNumber(r.c);
    if (c === null || Number.isNaN(c) || c <= 0) {
      report.rejected++;
      noteRejection(report, c === null ? "missing close" : Number.isNaN(c) ? "non-numeric close" : "zero or negative close", line);
      continue;
    }
    let fixed = false;
    let missing = false;
    ohl[0] = toNumber(r.o);
    ohl[1] = toNumber(r.h);
    ohl[2] = toNumber(r.l);
    for (let i = 0; i < 3; i++) {
      const value = ohl[i];
      if (value === null) {
        if ((i === 0 ? r.o : i === 1 ? r.h : r.l) !== undefined) missing = true;
      } else if (Number.isNaN(value)) {
        ohl[i] = null;
        fixed = true;
        noteFix(report, `non-numeric ${FIELD_NAMES[i]} set to null`, line);
      } else if (value <= 0) {
        ohl[i] = null;
        fixed = true;
        noteFix(report, `zero or negative ${FIELD_NAMES[i]} set to null`, line);
      }
    }
    if (missing) {
      fixed = true;
      noteFix(report, "missing open/high/low kept as null", line);
    }
    const o = ohl[0];
    let h = ohl[1];
    let l = ohl[2];
    let v = toNumber(r.v);
    if (v === null) {
      if (r.v !== undefined) {
        fixed = true;
        noteFix(report, "missing volume kept as null", line);
      }
    } else if (Number.isNaN(v) || v < 0) {
      fixed = true;
      noteFix(report, Number.isNaN(v) ? "non-numeric volume set to null" : "negative volume set to null", line);
      v = null;
    }
    if (h !== null && l !== null && h < l) {
      const swap = h;
      h = l;
      l = swap;
      fixed = true;
      noteFix(report, "high < low swapped", line);
    }
    const top = o !== null && o > c ? o : c;
    const bottom = o !== null && o < c ? o : c;
    if ((h !== null && h < top) || (l !== null && l > bottom)) {
      if (h !== null && h < top) h = top;
      if (l !== null && l > bottom) l = bottom;
      fixed = true;
      noteFix(report, "high/low widened to include open and close", line);
    }
    if (t < lastDate) {
      unsorted = true;
      fixed = true;
      noteFix(report, "date out of order (sorted)", line);
    } else lastDate = t;
    const previous = indexByDate.get(t);
    if (previous !== undefined) {
      // The later row wins: providers append corrections, and a re-downloaded tail overlaps the earlier one.
      rows[previous] = null;
      report.kept--;
      if (fixedFlags[previous]) report.fixed--;
      report.rejected++;
      noteRejection(report, "duplicate date (a later row replaces it)", lines[previous]);
      fixed = true;
      noteFix(report, "duplicate date (last row kept)", line);
    }
    indexByDate.set(t, rows.length);
    rows.push([t, o, h, l, c, v]);
    lines.push(line);
    fixedFlags.push(fixed);
    report.kept++;
    if (fixed) report.fixed++;
  }

  const out = (indexByDate.size === rows.length ? rows : rows.filter((r) => r !== null)) as DailyRow[];
  if (unsorted) out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { rows: out, report, order: newestFirst ? "newest-first" : unsorted ? "unsorted" : "oldest-first" };
}

/** The order a provider lists its days in: newest first (AlphaVantage, Investing.com) is a layout, not a defect. */
export type RowOrder = "oldest-first" | "newest-first" | "unsorted";

/** Whether the readable dates never rise and do fall: the file lists its days newest first. */
function isNewestFirst(raw: readonly RawDailyRow[], readDate: (raw: string) => string | null): boolean {
  let previous: string | null = null;
  let fell = false;
  for (const r of raw) {
    const t = typeof r.t === "string" ? readDate(r.t) : null;
    if (t === null) continue;
    if (previous !== null) {
      if (t > previous) return false;
      if (t < previous) fell = true;
    }
    previous = t;
  }
  return fell;
}
