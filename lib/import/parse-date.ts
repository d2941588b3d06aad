const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(y: number, m: number, d: number): boolean {
  if (!(y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1)) return false;
  const leap = m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0);
  return d <= DAYS_IN_MONTH[m - 1] + (leap ? 1 : 0);
}

function isoDate(y: number, m: number, d: number): string | null {
  if (!validDay(y, m, d)) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

/**
 * Reads the date spellings providers use ("2015-01-02", "2015-01-02T00:00:00Z", Stooq's "20150102",
 * vega's "Jan 1 2000", "01/02/2015" as US month/day/year) into "YYYY-MM-DD"; null when it is not a real date.
 */
export function parseDate(raw: string): string | null {
  // Fast path for the common ISO day (hundreds of thousands of rows per file): no regex, no allocation.
  if (raw.length === 10 && raw.charCodeAt(4) === 45 && raw.charCodeAt(7) === 45) {
    const y = digit(raw, 0) * 1000 + digit(raw, 1) * 100 + digit(raw, 2) * 10 + digit(raw, 3);
    const m = digit(raw, 5) * 10 + digit(raw, 6);
    const d = digit(raw, 8) * 10 + digit(raw, 9);
    if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return validDay(y, m, d) ? raw : null;
  }
  const s = raw.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(s);
  if (m) return isoDate(+m[1], +m[2], +m[3]);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return isoDate(+m[1], +m[2], +m[3]);
  m = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS[m[1].toLowerCase()];
    return month ? isoDate(+m[3], month, +m[2]) : null;
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return isoDate(+m[3], +m[1], +m[2]);
  return null;
}
