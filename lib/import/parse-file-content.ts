import { gunzipCapped, GzipLimitError, isGzip, type GzipLimits } from "@/lib/import/gunzip-capped";
import { detectJsonErrorPayload, detectTextErrorPayload } from "@/lib/import/detect-error-payload";
import { FileReportBuilder } from "@/lib/import/file-report";
import { parseAlphavantageJson } from "@/lib/import/parse-alphavantage-json";
import { CSV_FORMATS, parseCsvContent } from "@/lib/import/parse-csv-content";
import { parseFundamentalsJson } from "@/lib/import/parse-fundamentals-json";
import { parseOhlcJson } from "@/lib/import/parse-ohlc-json";
import { parsePolygonJson } from "@/lib/import/parse-polygon-json";
import { parseYahooChartJson } from "@/lib/import/parse-yahoo-chart-json";
import { createRowReport, rejectedFileReport } from "@/lib/import/row-report";
import { normalizeSymbol, symbolFromFileName } from "@/lib/import/symbol-from-file-name";
import type { SplitEvent } from "@/lib/import/adjust-splits";
import type { CsvDialect, DateFormat } from "@/lib/import/detect-dialect";
import type { FileReport, ImportFormat, ParsedTicker, ParseResult, RowReport } from "@/lib/import/types";

/** The JSON layout a document is in, from its shape; null when it is none the importer reads. */
export function detectJsonFormat(doc: unknown): ImportFormat | null {
  if (Array.isArray(doc)) {
    const first = doc.find((d) => d && typeof d === "object") as Record<string, unknown> | undefined;
    if (first && "adjClose" in first) return "tiingo-json";
    if (first && "adjusted_close" in first) return "eod-json";
    return "ohlc-json";
  }
  if (!doc || typeof doc !== "object") return null;
  const o = doc as Record<string, unknown>;
  if (Array.isArray(o.results) && ("ticker" in o || "resultsCount" in o || "queryCount" in o)) return "polygon-json";
  if (o.chart && typeof o.chart === "object") return "yahoo-json";
  if (Object.keys(o).some((k) => k.startsWith("Time Series"))) return "alphavantage-json";
  if (o.financials && typeof o.financials === "object") return "fundamentals-json";
  return null;
}

export const JSON_NUL_MESSAGE = "JSON holds a \\u0000 character, which the database cannot store";

/** Whether a parsed JSON value holds a NUL character in any string or key. */
function holdsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\0");
  if (!value || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  return Object.entries(value).some(([k, v]) => k.includes("\0") || holdsNul(v));
}

/**
 * A parsed JSON document's layout and ticker, or why it is refused (a provider's error message, no known layout,
 * a layout without its symbol or series). A streamed document is read in parts: each part is the document with
 * some of its rows, and all give the layout the first gave.
 */
export function parseJsonDocument(
  doc: unknown,
  options: { format?: ImportFormat; fallbackSymbol: string | null; symbol: string | null; splitsOutside?: readonly SplitEvent[] },
): { ok: true; format: ImportFormat; ticker: ParsedTicker } | { ok: false; format: ImportFormat | null; message: string } {
  const errorMessage = detectJsonErrorPayload(doc);
  if (errorMessage) return { ok: false, format: options.format ?? null, message: errorMessage };
  const format = options.format ?? detectJsonFormat(doc);
  if (!format) return { ok: false, format: null, message: "JSON is not a known price document (Yahoo chart, AlphaVantage, Polygon aggregates, fundamentals, or an array of rows)" };
  const rowArray = format === "ohlc-json" || format === "tiingo-json" || format === "eod-json";
  if (rowArray && !Array.isArray(doc)) return { ok: false, format, message: `--format ${format} needs a JSON array of rows` };
  const { fallbackSymbol } = options;
  const parsed =
    format === "yahoo-json"
      ? parseYahooChartJson(doc, fallbackSymbol)
      : format === "alphavantage-json"
        ? parseAlphavantageJson(doc, fallbackSymbol, options.splitsOutside)
        : format === "fundamentals-json"
          ? parseFundamentalsJson(doc, fallbackSymbol)
          : format === "polygon-json"
            ? parsePolygonJson(doc, fallbackSymbol)
            : parseOhlcJson(doc as unknown[], fallbackSymbol);
  if (typeof parsed === "string") return { ok: false, format, message: parsed };
  if (options.symbol) parsed.symbol = options.symbol;
  return { ok: true, format, ticker: parsed };
}

/**
 * The checks a text file passes before it is parsed (`text` is the whole file, or the head of a streamed one): not
 * empty, no NUL, no provider error message, a valid --symbol. Says whether it is JSON and which symbol names a
 * per-ticker file.
 */
export function screenText(
  text: string,
  options: { file: string; format?: ImportFormat; symbol?: string },
): { ok: true; symbol: string | null; fallbackSymbol: string | null; wantsJson: boolean } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: false, message: "empty file: no prices in it" };
  // PostgreSQL cannot store NUL in text or jsonb: such a file would fail at the insert, ticker by ticker.
  if (text.includes("\0")) return { ok: false, message: NUL_MESSAGE };
  const symbols = readSymbolOption(options);
  if (!symbols.ok) return symbols;
  const message = detectTextErrorPayload(text);
  if (message) return { ok: false, message };
  const first = text.trimStart()[0];
  const wantsJson = options.format ? !CSV_FORMATS.includes(options.format) : first === "{" || first === "[";
  return { ...symbols, wantsJson };
}

/** The --symbol given (null when none), and the symbol a per-ticker file goes under: that one, else the file's name. */
export function readSymbolOption(options: { file: string; symbol?: string }): { ok: true; symbol: string | null; fallbackSymbol: string | null } | { ok: false; message: string } {
  if (options.symbol === undefined) return { ok: true, symbol: null, fallbackSymbol: symbolFromFileName(options.file) };
  const symbol = normalizeSymbol(options.symbol);
  if (!symbol) return { ok: false, message: `invalid --symbol "${options.symbol}"` };
  return { ok: true, symbol, fallbackSymbol: symbol };
}

export const NUL_MESSAGE = "file holds NUL characters: not a text price file (binary, or UTF-16?)";

/** Why a CSV was refused: a one-line file that is no CSV header is most likely a provider's message (plain-text error). */
export function csvFailureMessage(text: string, message: string): string {
  const firstLine = text.trim().split(/\r?\n/, 1)[0];
  const looksLikeMessage = !/[,;\t|]/.test(firstLine);
  return looksLikeMessage ? `file holds a message instead of prices: "${firstLine.slice(0, 200)}"` : message;
}

/**
 * Parses one file's bytes (gzip of any format is unpacked, within `gzipLimits`) into cleaned tickers and a report.
 * Pure apart from gunzip: nothing is read or written elsewhere. The format is detected from the content unless given; a file
 * holding an error message, nothing, or no usable row is rejected as a whole with a message saying why.
 */
export function parseFileContent(options: {
  file: string;
  content: Buffer | string;
  format?: ImportFormat;
  symbol?: string;
  /** How the date column is written, for files whose dates cannot tell (01/02/2024: day or month first?). */
  dateFormat?: DateFormat;
  gzipLimits?: GzipLimits;
}): ParseResult {
  const { file } = options;
  const reject = (message: string, format: ImportFormat | null = options.format ?? null, unit?: FileReport["unit"]): ParseResult => ({
    ok: false,
    format,
    tickers: [],
    report: rejectedFileReport({ file, format, message, unit }),
  });

  let buffer = typeof options.content === "string" ? null : options.content;
  if (buffer && isGzip(buffer)) {
    try {
      buffer = gunzipCapped(buffer, options.gzipLimits);
    } catch (error) {
      return reject(error instanceof GzipLimitError ? error.message : `corrupt gzip: ${(error as Error).message}`);
    }
  }
  let text = buffer ? buffer.toString("utf8") : (options.content as string);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const screened = screenText(text, options);
  if (!screened.ok) return reject(screened.message);
  const { fallbackSymbol, symbol, wantsJson } = screened;
  let format: ImportFormat;
  let tickers: ParsedTicker[];
  let orphans: RowReport = createRowReport();
  let unit: FileReport["unit"] = "line";
  let dialect: CsvDialect | undefined;

  if (wantsJson) {
    unit = "item";
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      return reject(`invalid JSON: ${(error as Error).message}`, options.format ?? null, unit);
    }
    if (text.includes("\\u0000") && holdsNul(doc)) return reject(JSON_NUL_MESSAGE, options.format ?? null, unit);
    const parsed = parseJsonDocument(doc, { format: options.format, fallbackSymbol, symbol });
    if (!parsed.ok) return reject(parsed.message, parsed.format, unit);
    format = parsed.format;
    tickers = [parsed.ticker];
  } else {
    const outcome = parseCsvContent({ text, format: options.format, symbol: fallbackSymbol, dateFormat: options.dateFormat });
    if (!outcome.ok) {
      return reject(csvFailureMessage(text, outcome.message), outcome.format);
    }
    format = outcome.format;
    tickers = outcome.tickers;
    orphans = outcome.orphans;
    dialect = outcome.dialect;
  }

  const builder = new FileReportBuilder({ file, format, unit, dialect });
  builder.addOrphans(orphans);
  const usable = tickers.filter((t) => builder.accept(t));
  const report = builder.finish();
  if (report.status === "rejected") return { ok: false, format, tickers: [], report };
  return { ok: true, format, tickers: usable, report };
}
