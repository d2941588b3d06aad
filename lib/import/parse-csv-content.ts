import { adjustSplits } from "@/lib/import/adjust-splits";
import { cleanDailyRows, type RawDailyRow } from "@/lib/import/clean-daily-rows";
import { createRowReport, noteRejection } from "@/lib/import/row-report";
import { readCsvRecords } from "@/lib/import/read-csv-records";
import { normalizeSymbol } from "@/lib/import/symbol-from-file-name";
import type { ImportFormat, ParsedTicker, RowReport } from "@/lib/import/types";

type Column = "date" | "open" | "high" | "low" | "close" | "adjclose" | "volume" | "symbol" | "split";

const ALIASES: Record<string, Column> = {
  date: "date",
  timestamp: "date",
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

export const CSV_FORMATS: readonly ImportFormat[] = ["long-csv", "yahoo-csv", "stooq-csv", "alphavantage-csv"];

export type CsvParseOutcome =
  | { ok: true; format: ImportFormat; tickers: ParsedTicker[]; orphans: RowReport }
  | { ok: false; format: ImportFormat | null; message: string };

function mapHeader(header: string[]): Partial<Record<Column, number>> {
  const map: Partial<Record<Column, number>> = {};
  header.forEach((h, i) => {
    const col = ALIASES[h.trim().toLowerCase().replace(/[<>\s_"-]/g, "")];
    if (col && map[col] === undefined) map[col] = i;
  });
  return map;
}

function detectCsvFormat(header: string[], map: Partial<Record<Column, number>>): ImportFormat | null {
  if (map.date === undefined || map.close === undefined) return null;
  if (map.split !== undefined) return "alphavantage-csv";
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
export function parseCsvContent(options: { text: string; format?: ImportFormat; symbol?: string | null }): CsvParseOutcome {
  let records: string[][];
  try {
    // Line numbers in the report are record index + 1: empty lines are kept (and skipped below) to keep them true.
    records = readCsvRecords(options.text);
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
  const { date, open, high, low, close, volume, symbol: symbolCol, split } = map as Record<Column, number | undefined>;
  const at = (rec: string[], i: number | undefined) => (i === undefined ? undefined : rec[i]);

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
      t: at(rec, date),
      o: at(rec, open),
      h: at(rec, high),
      l: at(rec, low),
      c: at(rec, close),
      v: at(rec, volume),
    });
    if (split !== undefined) g.splits.push(rec[split]);
  }
  if (dataRows === 0) return { ok: false, format, message: "file has a header but no data rows" };

  const tickers: ParsedTicker[] = [];
  for (const [symbol, g] of groups) {
    const raw = format === "alphavantage-csv" ? adjustSplits(g.raw.map((row, k) => ({ row, split: g.splits[k] }))) : g.raw;
    const { rows, report } = cleanDailyRows(raw);
    tickers.push({
      symbol,
      metadata: {},
      document: { header, rows: g.records },
      daily: rows,
      scalars: [],
      report,
    });
  }
  return { ok: true, format, tickers, orphans };
}
