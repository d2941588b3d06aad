import { adjustSplits } from "@/lib/import/adjust-splits";
import { cleanDailyRows, type RawDailyRow } from "@/lib/import/clean-daily-rows";
import { detectDateFormat, detectDelimiter, detectNumberStyle, parseDateAs, parseStyledNumber, type CsvDialect, type DateFormat } from "@/lib/import/detect-dialect";
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

export type CsvParseOutcome =
  | { ok: true; format: ImportFormat; tickers: ParsedTicker[]; orphans: RowReport; dialect: CsvDialect }
  | { ok: false; format: ImportFormat | null; message: string };

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
  return "stooq-csv";
}

/**
 * Parses any of the CSV layouts (long CSV with a symbol column, Yahoo, Stooq in both spellings, AlphaVantage
 * daily-adjusted which is split-adjusted here) into tickers. Rows group by the symbol column when there is one,
 * else the whole file is one ticker named `symbol`.
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
  const header = records[0] ?? [];
  const map = mapHeader(header);
  const detected = detectCsvFormat(header, map);
  const format = options.format ?? detected;
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
  // MetaTrader writes tick counts beside a real volume that is often all zeros: the ticks stand in when there is no volume.
  const volumeIsEmpty = map.volume === undefined || records.slice(1, 2001).every((r) => !r[map.volume!] || Number(r[map.volume!]) === 0);
  const volume = map.tickvolume !== undefined && volumeIsEmpty ? map.tickvolume : map.volume;
  const { date, open, high, low, close, symbol: symbolCol, split } = map as Record<Column, number | undefined>;

  const dates = records.slice(1).map((r) => r[date!] ?? "");
  let dateFormat: DateFormat;
  if (options.dateFormat) dateFormat = options.dateFormat;
  else {
    const detectedDate = detectDateFormat(dates);
    if (!detectedDate.ok) return { ok: false, format, message: detectedDate.message };
    dateFormat = detectedDate.format;
  }
  const numberColumns = [open, high, low, close, volume].filter((i): i is number => i !== undefined);
  const samples: string[] = [];
  for (let i = 1; i < records.length && i <= 2000; i++) for (const k of numberColumns) if (records[i][k]) samples.push(records[i][k]);
  const style = detectNumberStyle(samples, delimiter);
  const used = new Set<number>([date, open, high, low, close, map.adjclose, volume, symbolCol, split].filter((i): i is number => i !== undefined));
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

  const groups = new Map<string, { records: string[][]; raw: RawDailyRow[]; splits: string[] }>();
  const orphans = createRowReport();
  const fixedSymbol = grouped ? null : options.symbol!;
  let dataRows = 0;
  const symbolCache = new Map<string, string | null>();
  for (let i = 1; i < records.length; i++) {
    const rec = records[i];
    if (rec.length === 1 && rec[0] === "") continue;
    dataRows++;
    let symbol = fixedSymbol;
    if (symbol === null) {
      const rawSymbol = rec[symbolCol!] ?? "";
      symbol = symbolCache.get(rawSymbol) ?? null;
      if (symbol === null && !symbolCache.has(rawSymbol)) {
        symbol = normalizeSymbol(rawSymbol);
        symbolCache.set(rawSymbol, symbol);
      }
      if (!symbol) {
        orphans.read++;
        orphans.rejected++;
        noteRejection(orphans, rawSymbol ? "invalid symbol" : "missing symbol", i + 1);
        continue;
      }
    }
    let g = groups.get(symbol);
    if (!g) groups.set(symbol, (g = { records: [], raw: [], splits: [] }));
    g.records.push(rec);
    g.raw.push({
      line: i + 1,
      t: rec[date!],
      o: open === undefined ? undefined : number(rec[open]),
      h: high === undefined ? undefined : number(rec[high]),
      l: low === undefined ? undefined : number(rec[low]),
      c: number(rec[close!]),
      v: volume === undefined ? undefined : number(rec[volume]),
    });
    if (split !== undefined) g.splits.push(rec[split]);
  }
  if (dataRows === 0) return { ok: false, format, message: "file has a header but no data rows" };

  const tickers: ParsedTicker[] = [];
  for (const [symbol, g] of groups) {
    const raw = format === "alphavantage-csv" ? adjustSplits(g.raw.map((row, k) => ({ row, split: g.splits[k] }))) : g.raw;
    const { rows, report, order } = cleanDailyRows(raw, { readDate });
    tickers.push({
      symbol,
      metadata: {},
      document: { header, rows: g.records },
      daily: rows,
      scalars: [],
      report,
      order,
    });
  }
  return { ok: true, format, tickers, orphans, dialect };
}
