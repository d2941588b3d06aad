import { parseDate } from "@/lib/import/parse-date";

export type Delimiter = "," | ";" | "\t" | "|";

export const DATE_FORMATS = [
  "YYYY-MM-DD",
  "YYYYMMDD",
  "YYYY.MM.DD",
  "YYYY/MM/DD",
  "DD.MM.YYYY",
  "DD/MM/YYYY",
  "MM/DD/YYYY",
  "DD-MM-YYYY",
  "MM-DD-YYYY",
  "MMM D YYYY",
  "unix-s",
  "unix-ms",
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** What was detected about a delimited text file; the report shows it. */
export type CsvDialect = {
  delimiter: Delimiter;
  decimal: "." | ",";
  thousands: "," | "." | " " | "'" | null;
  dateFormat: DateFormat;
  /** Whether some volumes are written with K/M/B suffixes ("1.2M"). */
  volumeSuffixes: boolean;
  /** Header columns the importer does not read (change %, open interest, ...). */
  ignoredColumns: string[];
  /** An Excel file's sheet the rows were read from (the delimiter then means nothing). */
  sheet?: string;
};

const DELIMITERS: readonly Delimiter[] = [",", ";", "\t", "|"];

/** How often `ch` occurs outside double quotes in a line. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * The field delimiter: the candidate found in the header that splits most of the first lines into the same
 * number of fields (a semicolon file's decimal commas, or a comma file's quoted "1,074.06", do not count).
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = text.slice(0, 64 * 1024).split(/\r?\n/).filter((l) => l.trim() !== "").slice(0, 20);
  if (lines.length === 0) return ",";
  let best: Delimiter = ",";
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const header = countOutsideQuotes(lines[0], d);
    if (header === 0) continue;
    const same = lines.filter((l) => countOutsideQuotes(l, d) === header).length / lines.length;
    const score = same >= 0.8 ? header : 0;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

const SUFFIX = /^([^A-Za-z]*?)\s*([KMBkmb])$/;

/**
 * Decimal mark and thousands separator from sample numbers of the price and volume columns: "1.234,56" and
 * "12,5" (with a non-comma delimiter) mean a decimal comma; "1,074.06" and "135,480,400" a thousands comma.
 */
export function detectNumberStyle(samples: readonly string[], delimiter: Delimiter): Pick<CsvDialect, "decimal" | "thousands" | "volumeSuffixes"> {
  let commaDecimal = 0;
  let pointDecimal = 0;
  let commaThousands = 0;
  let dotThousands = 0;
  let spaceThousands = 0;
  let apostropheThousands = 0;
  let volumeSuffixes = false;
  for (const raw of samples) {
    let s = raw.trim();
    const suffix = SUFFIX.exec(s);
    if (suffix) {
      volumeSuffixes = true;
      s = suffix[1];
    }
    if (/^-?\d{1,3}(,\d{3})+\.\d+$/.test(s)) {
      commaThousands++;
      pointDecimal++;
    } else if (/^-?\d{1,3}(\.\d{3})+,\d+$/.test(s)) {
      dotThousands++;
      commaDecimal++;
    } else if (/^-?\d{1,3}(,\d{3}){2,}$/.test(s)) commaThousands++;
    else if (/^-?\d{1,3}(\.\d{3}){2,}$/.test(s)) dotThousands++;
    else if (/^-?\d{1,3}( \d{3})+([.,]\d+)?$/.test(s)) spaceThousands++;
    else if (/^-?\d{1,3}('\d{3})+(\.\d+)?$/.test(s)) apostropheThousands++;
    else if (/^-?\d*,\d+$/.test(s)) {
      // "1,074" in a comma-delimited file was quoted: a thousands separator; elsewhere a decimal comma.
      if (delimiter === "," && /,\d{3}$/.test(s)) commaThousands++;
      else commaDecimal++;
    } else if (/^-?\d*\.\d+$/.test(s)) pointDecimal++;
  }
  const decimal = commaDecimal > pointDecimal ? "," : ".";
  const thousands =
    decimal === ","
      ? dotThousands > 0 ? "." : spaceThousands > 0 ? " " : null
      : commaThousands > 0 ? "," : spaceThousands > 0 ? " " : apostropheThousands > 0 ? "'" : null;
  return { decimal, thousands, volumeSuffixes };
}

const MULTIPLIERS: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9 };

/** A number in the file's style ("1.234,5", "1,074.06", "1.2M"); "" when empty or a dash; NaN when not a number. */
export function parseStyledNumber(raw: string, style: Pick<CsvDialect, "decimal" | "thousands">): number | "" {
  let s = raw.trim();
  if (s === "" || s === "-") return "";
  let multiplier = 1;
  const suffix = SUFFIX.exec(s);
  if (suffix) {
    multiplier = MULTIPLIERS[suffix[2].toLowerCase()];
    s = suffix[1].trim();
  }
  if (style.thousands) s = s.split(style.thousands).join("");
  if (style.decimal === ",") s = s.replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return NaN;
  return Number(s) * multiplier;
}

const DMY = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:$|[T ])/;
const YMD_SEP = /^(\d{4})([./])(\d{1,2})\2(\d{1,2})(?:$|[T ])/;

/** The formats a single value could be written in. */
function candidates(value: string): DateFormat[] {
  const s = value.trim();
  if (/^\d{4}-\d{2}-\d{2}(?:$|[T ])/.test(s)) return ["YYYY-MM-DD"];
  if (/^\d{8}$/.test(s)) return ["YYYYMMDD"];
  if (/^\d{9,10}(\.\d+)?$/.test(s)) return ["unix-s"];
  if (/^\d{12,13}$/.test(s)) return ["unix-ms"];
  let m = YMD_SEP.exec(s);
  if (m) return [m[2] === "." ? "YYYY.MM.DD" : "YYYY/MM/DD"];
  m = DMY.exec(s);
  if (m) {
    const [a, sep, b] = [Number(m[1]), m[2], Number(m[3])];
    if (sep === ".") return ["DD.MM.YYYY"];
    const dm: DateFormat = sep === "/" ? "DD/MM/YYYY" : "DD-MM-YYYY";
    const md: DateFormat = sep === "/" ? "MM/DD/YYYY" : "MM-DD-YYYY";
    if (a > 12 && b <= 12) return [dm];
    if (b > 12 && a <= 12) return [md];
    if (a <= 12 && b <= 12) return [dm, md];
    return [];
  }
  if (/^[A-Za-z]{3}[a-z]*\.? \d{1,2},? \d{4}$/.test(s)) return ["MMM D YYYY"];
  return [];
}

export type DateFormatOutcome = { ok: true; format: DateFormat } | { ok: false; message: string };

/**
 * The date format of a whole column, read value by value (a streamed file's column is never held): the one most
 * values fit. Day/month order is read from the values that can only be one way (a first part over 12 is a day);
 * when no value tells, the column is ambiguous and the caller must say (--date-format).
 */
export class DateFormatVotes {
  private readonly votes = new Map<DateFormat, number>();
  private ambiguousExample: string | null = null;

  add(value: string | undefined): void {
    if (value === undefined || value.trim() === "") return;
    const c = candidates(value);
    if (c.length === 2 && this.ambiguousExample === null) this.ambiguousExample = value.trim();
    for (const f of c) this.votes.set(f, (this.votes.get(f) ?? 0) + (c.length === 1 ? 1 : 0.5));
  }

  result(): DateFormatOutcome {
    if (this.votes.size === 0) return { ok: true, format: "YYYY-MM-DD" };
    const ranked = [...this.votes.entries()].sort((a, b) => b[1] - a[1]);
    const [top, topVotes] = ranked[0];
    const pair: Partial<Record<DateFormat, DateFormat>> = { "DD/MM/YYYY": "MM/DD/YYYY", "MM/DD/YYYY": "DD/MM/YYYY", "DD-MM-YYYY": "MM-DD-YYYY", "MM-DD-YYYY": "DD-MM-YYYY" };
    const other = pair[top];
    if (other !== undefined && this.votes.get(other) === topVotes) {
      return {
        ok: false,
        message: `dates like "${this.ambiguousExample}" can be ${top} or ${other} and no day in the column is over 12: pass --date-format ${top} or --date-format ${other}`,
      };
    }
    return { ok: true, format: top };
  }
}

/** The date format of a column held in memory (see DateFormatVotes). */
export function detectDateFormat(values: readonly string[]): DateFormatOutcome {
  const votes = new DateFormatVotes();
  for (const v of values) votes.add(v);
  return votes.result();
}

function iso(y: number, m: number, d: number): string | null {
  return parseDate(`${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
}

/** Reads a date written in `format` into "YYYY-MM-DD"; null when it does not fit or is no real day. */
export function parseDateAs(raw: string, format: DateFormat): string | null {
  const s = raw.trim();
  switch (format) {
    case "YYYY-MM-DD":
    case "YYYYMMDD":
    case "MMM D YYYY":
      return candidates(s)[0] === format ? parseDate(s) : null;
    case "YYYY.MM.DD":
    case "YYYY/MM/DD": {
      const m = YMD_SEP.exec(s);
      return m ? iso(+m[1], +m[3], +m[4]) : null;
    }
    case "unix-s":
    case "unix-ms": {
      if (!/^\d+(\.\d+)?$/.test(s)) return null;
      const date = new Date(format === "unix-s" ? Number(s) * 1000 : Number(s));
      // Past the Date range (about 275 000 years) there is no day to read, and toISOString would throw.
      return Number.isNaN(date.getTime()) ? null : parseDate(date.toISOString().slice(0, 10));
    }
    default: {
      const m = DMY.exec(s);
      if (!m) return null;
      const sep = format[2];
      if (m[2] !== sep) return null;
      return format.startsWith("DD") ? iso(+m[4], +m[3], +m[1]) : iso(+m[4], +m[1], +m[3]);
    }
  }
}
