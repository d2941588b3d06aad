import { adjustSplits, type SplitEvent } from "@/lib/import/adjust-splits";
import { cleanDailyRows, type RawDailyRow } from "@/lib/import/clean-daily-rows";
import { DateFormatVotes, detectDelimiter, detectNumberStyle, parseDateAs, parseStyledNumber, type CsvDialect, type DateFormat, type Delimiter } from "@/lib/import/detect-dialect";
import { parseDate } from "@/lib/import/parse-date";
import { createRowReport, noteRejection } from "@/lib/import/row-report";
import { readCsvRecords } from "@/lib/import/read-csv-records";
import { normalizeSymbol } from "@/lib/import/symbol-from-file-name";
import { IMPORT_FORMATS, type ImportFormat, type ParsedTicker, type RowReport } from "@/lib/import/types";

type Column = "date" | "open" | "high" | "low" | "close" | "adjclose" | "volume" | "tickvolume" | "symbol" | "split";

const ALIASES: Record<string, Column> = {
  date: "date",
  timestamp: "date",
  time: "date",
  datetime: "date",
  dtyyyymmdd: "date",
  last: "close",
  tickvol: "tickvolume",
  open: "open",
  high: "high",
  low: "low",
  close: "close",
  price: "close",
  adjclose: "adjclose",
  adjustedclose: "adjclose",
  volume: "volume",
  vol: "volume",
  name: "symbol",
  symbol: "symbol",
  ticker: "symbol",
  splitcoefficient: "split",
};

/** The delimited-text layouts: every import format named "*-csv". */
export const CSV_FORMATS: readonly ImportFormat[] = IMPORT_FORMATS.filter((f) => f.endsWith("-csv"));

type Failure = { ok: false; format: ImportFormat | null; message: string };

export type CsvParseOutcome = { ok: true; format: ImportFormat; tickers: ParsedTicker[]; orphans: RowReport; dialect: CsvDialect } | Failure;

/** A header cell as a lookup key: "<DATE>", "Adj Close", "Vol." and "split_coefficient" lose their decoration. */
const headerKey = (h: string) => h.trim().toLowerCase().replace(/[<>\s_".-]/g, "");

function mapHeader(header: string[]): Partial<Record<Column, number>> {
  const map: Partial<Record<Column, number>> = {};
  header.forEach((h, i) => {
    const col = ALIASES[headerKey(h)];
    if (col && map[col] === undefined) map[col] = i;
  });
  return map;
}

function detectCsvFormat(header: string[], map: Partial<Record<Column, number>>): ImportFormat | null {
  if (map.date === undefined || map.close === undefined) return null;
  const keys = header.map(headerKey);
  if (map.split !== undefined) return "alphavantage-csv";
  if (keys.includes("price") && keys.some((k) => k.startsWith("change"))) return "investing-csv";
  if (keys.includes("tickvol") || keys.includes("spread")) return "metatrader-csv";
  if (keys.includes("dtyyyymmdd")) return "metastock-csv";
  if (keys[0] === "time" && header[0].trim() === "time") return "tradingview-csv";
  if (header.some((h) => /^<\w+>$/.test(h.trim()))) return "stooq-csv";
  if (map.symbol !== undefined) return "long-csv";
  if (map.adjclose !== undefined) return "yahoo-csv";
  // Nothing marks a provider: Stooq's per-ticker downloads and most hand-made files alike.
  return "generic-csv";
}

/** What the header says: the layout, its columns, and the ticker of a file without a symbol column. */
export type CsvLayout = {
  format: ImportFormat;
  header: string[];
  delimiter: Delimiter;
  columns: Partial<Record<Column, number>> & { date: number; close: number };
  /** The one ticker of a file without a symbol column (rows group by that column otherwise). */
  fixedSymbol: string | null;
};

/** Reads the header (the first record) into a layout, or says why the file is no known price CSV. */
export function readCsvLayout(
  header: string[],
  options: { delimiter: Delimiter; format?: ImportFormat; symbol?: string | null },
): { ok: true; layout: CsvLayout } | Failure {
  const map = mapHeader(header);
  const format = options.format ?? detectCsvFormat(header, map);
  if (!format || map.date === undefined || map.close === undefined) {
    const what = options.format ? `does not fit --format ${options.format}` : "is not a known price layout";
    return {
      ok: false,
      format,
      message: `CSV header "${header.join(",").slice(0, 200)}" ${what}: need a date/timestamp column and a close/price column`,
    };
  }
  if (format === "alphavantage-csv" && map.split === undefined) {
    return { ok: false, format, message: "AlphaVantage daily-adjusted CSV needs a split_coefficient column" };
  }
  if (format === "long-csv" && map.symbol === undefined) {
    return { ok: false, format, message: "long CSV needs a symbol column (Name, symbol or ticker)" };
  }
  const grouped = map.symbol !== undefined;
  if (!grouped && !options.symbol) {
    return { ok: false, format, message: "no symbol: name the file after the ticker or pass --symbol" };
  }
  const columns = { ...map, date: map.date, close: map.close };
  return { ok: true, layout: { format, header, delimiter: options.delimiter, columns, fixedSymbol: grouped ? null : options.symbol! } };
}

/** Rows the number style and the volume column are read from. */
const SAMPLE_RECORDS = 2000;

const isEmptyRecord = (rec: string[]) => rec.length === 1 && rec[0] === "";

/** Normalises the symbol column's values, remembering each spelling (a file repeats a few thousand symbols). */
class SymbolReader {
  private readonly cache = new Map<string, string | null>();
  read(raw: string): string | null {
    let symbol = this.cache.get(raw);
    if (symbol === undefined) this.cache.set(raw, (symbol = normalizeSymbol(raw)));
    return symbol;
  }
}

/** How to read the data rows: the layout, the dialect detected over the whole file, and what it means per field. */
export type CsvPlan = {
  layout: CsvLayout;
  dialect: CsvDialect;
  volume: number | undefined;
  number: (raw: string | undefined) => string | number | undefined;
  readDate: (raw: string) => string | null;
  /** Data rows (non-empty records after the header). */
  rows: number;
  /** Whether each ticker's rows come in one run (always so without a symbol column), so tickers can be finished one by one. */
  tickersInRuns: boolean;
  /** AlphaVantage's splits by symbol, with their line numbers: a ticker stored in parts is adjusted for the splits of its other parts. */
  splits: Map<string, (SplitEvent & { line: number })[]>;
};

/** Most rows of one ticker held at once: a longer ticker is handed out in parts of this many rows. */
export const CSV_PART_ROWS = 50_000;

/**
 * The first pass over a CSV's records: votes on the date format over the whole column, samples numbers and
 * volumes from the first rows, counts rows and checks whether each ticker's rows are contiguous. Holds only
 * the first SAMPLE_RECORDS records and one entry per symbol, whatever the file's size.
 */
export class CsvScan {
  private readonly head: string[][] = [];
  private readonly dates = new DateFormatVotes();
  private readonly symbols = new SymbolReader();
  private readonly finished = new Set<string>();
  private current: string | null = null;
  private rows = 0;
  private inRuns = true;
  private readonly splits = new Map<string, (SplitEvent & { line: number })[]>();

  constructor(private readonly layout: CsvLayout) {}

  /** Adds the record at `index` (the header is record 0). */
  add(rec: string[], index: number): void {
    if (index <= SAMPLE_RECORDS) this.head.push(rec);
    if (isEmptyRecord(rec)) return;
    this.rows++;
    const { date, symbol, split } = this.layout.columns;
    this.dates.add(rec[date]);
    if (split !== undefined) this.addSplit(rec, index);
    if (symbol === undefined || !this.inRuns) return;
    const s = this.symbols.read(rec[symbol] ?? "");
    if (s === null || s === this.current) return;
    if (this.finished.has(s)) this.inRuns = false;
    else {
      if (this.current !== null) this.finished.add(this.current);
      this.current = s;
    }
  }

  private addSplit(rec: string[], index: number) {
    const c = this.layout.columns;
    const split = Number(rec[c.split!]);
    const t = parseDate(rec[c.date] ?? "");
    if (!Number.isFinite(split) || split <= 0 || split === 1 || t === null) return;
    const symbol = c.symbol === undefined ? this.layout.fixedSymbol : this.symbols.read(rec[c.symbol] ?? "");
    if (symbol === null) return;
    if (!this.splits.has(symbol)) this.splits.set(symbol, []);
    this.splits.get(symbol)!.push({ t, split, line: index + 1 });
  }

  /** The plan for reading the rows, or why the file is refused as a whole. */
  finish(dateFormatOption?: DateFormat): { ok: true; plan: CsvPlan } | Failure {
    const { layout, head } = this;
    const { format, header, delimiter } = layout;
    const c = layout.columns;
    // MetaTrader writes tick counts beside a real volume that is often all zeros: the ticks stand in when there is no volume.
    const volumeIsEmpty = c.volume === undefined || head.every((r) => !r[c.volume!] || Number(r[c.volume!]) === 0);
    const volume = c.tickvolume !== undefined && volumeIsEmpty ? c.tickvolume : c.volume;
    let dateFormat: DateFormat;
    if (dateFormatOption) dateFormat = dateFormatOption;
    else {
      const detected = this.dates.result();
      if (!detected.ok) return { ok: false, format, message: detected.message };
      dateFormat = detected.format;
    }
    if (this.rows === 0) return { ok: false, format, message: "file has a header but no data rows" };
    const numberColumns = [c.open, c.high, c.low, c.close, volume].filter((i): i is number => i !== undefined);
    const samples: string[] = [];
    for (const r of head) for (const k of numberColumns) if (r[k]) samples.push(r[k]);
    const style = detectNumberStyle(samples, delimiter);
    const used = new Set<number>([c.date, c.open, c.high, c.low, c.close, c.adjclose, volume, c.symbol, c.split].filter((i): i is number => i !== undefined));
    const dialect: CsvDialect = {
      delimiter,
      ...style,
      dateFormat,
      ignoredColumns: header.filter((h, i) => !used.has(i) && h.trim() !== "").map((h) => h.trim()),
    };
    // Plain files (point decimals, no separators or suffixes) keep their fields as text: the cleaner reads them fastest.
    const plainNumbers = style.decimal === "." && style.thousands === null && !style.volumeSuffixes;
    const number = (raw: string | undefined) => {
      if (raw === undefined || plainNumbers) return raw;
      const n = parseStyledNumber(raw, style);
      return Number.isNaN(n) ? raw : n;
    };
    const readDate = dateFormat === "YYYY-MM-DD" ? parseDate : (raw: string) => parseDateAs(raw, dateFormat);
    return { ok: true, plan: { layout, dialect, volume, number, readDate, rows: this.rows, tickersInRuns: this.inRuns, splits: this.splits } };
  }
}

type Group = { records: string[][]; raw: RawDailyRow[]; splits: string[] };

/**
 * The second pass: turns records into cleaned tickers. `add` returns the tickers it finishes: with the plan's
 * `tickersInRuns`, a ticker is finished when the next one starts, so only one ticker's rows are held; otherwise
 * (or for the records of one spill bucket) every group is kept until `finish`. Rows with no valid symbol are
 * counted in `orphans`.
 */
export class CsvTickerBuilder {
  readonly orphans = createRowReport();
  private readonly groups = new Map<string, Group>();
  private readonly symbols = new SymbolReader();
  private current: string | null = null;

  constructor(
    private readonly plan: CsvPlan,
    private readonly inRuns = plan.tickersInRuns,
    private readonly partRows = CSV_PART_ROWS,
  ) {}

  /** The ticker a record belongs to (null for an empty record or an invalid symbol). */
  symbolOf(rec: string[]): string | null {
    if (isEmptyRecord(rec)) return null;
    const col = this.plan.layout.columns.symbol;
    return col === undefined ? this.plan.layout.fixedSymbol : this.symbols.read(rec[col] ?? "");
  }

  add(rec: string[], index: number): ParsedTicker[] {
    if (isEmptyRecord(rec)) return [];
    const { columns: c } = this.plan.layout;
    const symbol = this.symbolOf(rec);
    if (!symbol) {
      const rawSymbol = rec[c.symbol!] ?? "";
      this.orphans.read++;
      this.orphans.rejected++;
      noteRejection(this.orphans, rawSymbol ? "invalid symbol" : "missing symbol", index + 1);
      return [];
    }
    const done: ParsedTicker[] = [];
    if (this.inRuns && this.current !== null && symbol !== this.current) done.push(...this.finish());
    this.current = symbol;
    let g = this.groups.get(symbol);
    if (!g) this.groups.set(symbol, (g = { records: [], raw: [], splits: [] }));
    const { number } = this.plan;
    const volume = this.plan.volume;
    g.records.push(rec);
    g.raw.push({
      line: index + 1,
      t: rec[c.date],
      o: c.open === undefined ? undefined : number(rec[c.open]),
      h: c.high === undefined ? undefined : number(rec[c.high]),
      l: c.low === undefined ? undefined : number(rec[c.low]),
      c: number(rec[c.close]),
      v: volume === undefined ? undefined : number(rec[volume]),
    });
    if (c.split !== undefined) g.splits.push(rec[c.split]);
    // A ticker longer than a part goes out in parts, in file order (its later rows then win, as within a part).
    if (g.raw.length >= this.partRows) {
      done.push(this.build(symbol, g));
      this.groups.delete(symbol);
    }
    return done;
  }

  private build(symbol: string, g: Group): ParsedTicker {
    const { format, header } = this.plan.layout;
    let raw = g.raw;
    if (format === "alphavantage-csv") {
      const lines = new Set(g.raw.map((r) => r.line));
      const outside = (this.plan.splits.get(symbol) ?? []).filter((s) => !lines.has(s.line));
      raw = adjustSplits(g.raw.map((row, k) => ({ row, split: g.splits[k] })), outside);
    }
    const { rows, report, order } = cleanDailyRows(raw, { readDate: this.plan.readDate });
    return { symbol, metadata: {}, document: { header, rows: g.records }, daily: rows, scalars: [], report, order };
  }

  /**
   * Cleans every ticker held, one at a time as they are taken, letting each group go as its ticker is built: a spill
   * bucket holds hundreds of tickers, and building them all at once held them all cleaned (812 MB peak RSS for a 5M-row
   * file sorted by date, against a few tickers at a time now).
   */
  *drain(): Generator<ParsedTicker> {
    this.current = null;
    for (const [symbol, g] of this.groups) {
      this.groups.delete(symbol);
      yield this.build(symbol, g);
    }
  }

  /** Cleans and returns every ticker held, and lets them go. */
  finish(): ParsedTicker[] {
    return [...this.drain()];
  }
}

/**
 * Parses CSV text held in memory: any of the layouts (long CSV with a symbol column, Yahoo, Stooq's `<DATE>` spelling, a
 * plain Date/Open/High/Low/Close file, AlphaVantage daily-adjusted which is split-adjusted here, Investing.com, TradingView, MetaTrader,
 * MetaStock) into tickers. Rows group by the symbol column when there is one, else the whole file is one ticker
 * named `symbol`. Files on disk are streamed instead (read-csv-file.ts), through the same layout, scan and builder.
 */
export function parseCsvContent(options: { text: string; format?: ImportFormat; symbol?: string | null; dateFormat?: DateFormat }): CsvParseOutcome {
  let records: string[][];
  const delimiter = detectDelimiter(options.text);
  try {
    // Line numbers in the report are record index + 1: empty lines are kept (and skipped below) to keep them true.
    records = readCsvRecords(options.text, delimiter);
  } catch (error) {
    return { ok: false, format: options.format ?? null, message: `unreadable CSV: ${(error as Error).message}` };
  }
  const read = readCsvLayout(records[0] ?? [], { delimiter, format: options.format, symbol: options.symbol });
  if (!read.ok) return read;
  const scan = new CsvScan(read.layout);
  for (let i = 1; i < records.length; i++) scan.add(records[i], i);
  const planned = scan.finish(options.dateFormat);
  if (!planned.ok) return planned;
  const builder = new CsvTickerBuilder(planned.plan, false);
  for (let i = 1; i < records.length; i++) builder.add(records[i], i);
  return { ok: true, format: read.layout.format, tickers: builder.finish(), orphans: builder.orphans, dialect: planned.plan.dialect };
}
