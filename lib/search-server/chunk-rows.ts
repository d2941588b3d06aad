import { toDayNumber } from "@/lib/search/dates";

/** Growable columns a loader fills: a day and `width` values per row, NaN where a value is missing. */
export class RowColumns {
  length = 0;
  days: Int32Array;
  values: Float64Array[];
  constructor(readonly width: number, capacity = 256) {
    this.days = new Int32Array(Math.max(1, capacity));
    this.values = Array.from({ length: width }, () => new Float64Array(Math.max(1, capacity)));
  }
  /** Room for one more row; returns its position. */
  next(): number {
    if (this.length === this.days.length) {
      const cap = this.days.length * 2;
      const days = new Int32Array(cap);
      days.set(this.days);
      this.days = days;
      this.values = this.values.map((v) => {
        const w = new Float64Array(cap);
        w.set(v);
        return w;
      });
    }
    return this.length++;
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * toDayNumber's answer, from the digits when the date is a real YYYY-MM-DD (a stored row's date always is):
 * no string concatenation and Date.parse per candle, which cost the loader more than JSON.parse did.
 */
export function dayNumberOf(s: string): number {
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    let digits = true;
    for (let i = 0; i < 10; i++) {
      const c = s.charCodeAt(i);
      if (i !== 4 && i !== 7 && (c < 48 || c > 57)) digits = false;
    }
    if (digits) {
      const y = (s.charCodeAt(0) - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + (s.charCodeAt(3) - 48);
      const m = (s.charCodeAt(5) - 48) * 10 + (s.charCodeAt(6) - 48);
      const d = (s.charCodeAt(8) - 48) * 10 + (s.charCodeAt(9) - 48);
      const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
      if (m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1])) return daysFromCivil(y, m, d);
    }
  }
  return toDayNumber(s);
}

/**
 * Appends the rows of one stored chunk (its JSON text: `[["YYYY-MM-DD", n, ...], ...]`) to `out`: rows that
 * are arrays starting with a date string, `out.width` values each (missing ones and anything but a finite
 * number are NaN; values past the width are ignored).
 */
export function appendChunkRows(text: string, out: RowColumns): void {
  const rows = JSON.parse(text) as unknown[];
  const width = out.width;
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j];
    if (!Array.isArray(r) || typeof r[0] !== "string") continue;
    const i = out.next();
    out.days[i] = dayNumberOf(r[0]);
    for (let k = 0; k < width; k++) {
      const v: unknown = r[k + 1];
      out.values[k][i] = typeof v === "number" && Number.isFinite(v) ? v : NaN;
    }
  }
}

/** The rows of `out` in date order (a stable sort: rows of one date keep the order the chunks gave them). */
export function sortedByDay(out: RowColumns): RowColumns {
  const { days, length } = out;
  let sorted = true;
  for (let i = 1; i < length && sorted; i++) sorted = days[i - 1] <= days[i];
  if (sorted) return out;
  const order = Array.from({ length }, (_, i) => i).sort((a, b) => days[a] - days[b] || a - b);
  const res = new RowColumns(out.width, length);
  for (const i of order) {
    const r = res.next();
    res.days[r] = days[i];
    for (let k = 0; k < out.width; k++) res.values[k][r] = out.values[k][i];
  }
  return res;
}
