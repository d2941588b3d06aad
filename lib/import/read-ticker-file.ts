import { once } from "node:events";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { pipeline, type Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { detectDelimiter, type DateFormat, type Delimiter } from "@/lib/import/detect-dialect";
import { FileReportBuilder } from "@/lib/import/file-report";
import { checkGzipExpansion, DEFAULT_GZIP_LIMITS, GzipLimitError, openImportStream, type GzipLimits } from "@/lib/import/gunzip-capped";
import { CsvScan, CsvTickerBuilder, readCsvLayout, type CsvPlan } from "@/lib/import/parse-csv-content";
import { NulError, nulGuard } from "@/lib/import/nul-guard";
import { csvFailureMessage, NUL_MESSAGE, readSymbolOption, screenText } from "@/lib/import/parse-file-content";
import { openJsonFile, type OpenedJsonFile } from "@/lib/import/read-json-file";
import { checkZipExpansion, isZip, xlsxRecords } from "@/lib/import/read-xlsx";
import { rejectedFileReport } from "@/lib/import/row-report";
import type { FileReport, ImportFormat, ParsedTicker } from "@/lib/import/types";

/** A file's tickers, read lazily; `report()` is complete once `tickers` has been read to its end. */
export type TickerFile =
  | { ok: false; report: FileReport }
  | { ok: true; format: ImportFormat; rows: number; tickers: AsyncIterable<ParsedTicker> | Iterable<ParsedTicker>; report: () => FileReport };

export type ReadTickerFileOptions = {
  file: string;
  format?: ImportFormat;
  symbol?: string;
  dateFormat?: DateFormat;
  gzipLimits?: GzipLimits;
  /**
   * A CSV whose tickers' rows are not contiguous, and which expands past this many bytes, is regrouped through
   * temporary bucket files of about this size (by a hash of the symbol) instead of in memory.
   */
  spillBytes?: number;
  /** Most rows of one ticker held at once (JSON_PART_ROWS / CSV_PART_ROWS when not given); a longer one is stored in parts. */
  partRows?: number;
};

const HEAD_BYTES = 64 * 1024;
const DEFAULT_SPILL_BYTES = 16 * 1024 * 1024;

/** The error a stream of a rejected file fails with, as the report's message; rethrows anything else (I/O). */
function streamFailure(error: unknown): string {
  if (error instanceof GzipLimitError || error instanceof NulError) return error.message;
  if (error instanceof CsvError) return `unreadable CSV: ${error.message}`;
  if (((error as NodeJS.ErrnoException).code ?? "").startsWith("Z_")) return `corrupt gzip: ${(error as Error).message}`;
  throw error;
}

/** The file's size when it is a zip (an .xlsx), else null. */
async function isZipFile(file: string): Promise<number | null> {
  const handle = await fsp.open(file);
  try {
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    return isZip(magic) ? (await handle.stat()).size : null;
  } finally {
    await handle.close();
  }
}

/** The first bytes of the file's text (decompressed), BOM removed. */
async function readHead(file: string, limits: GzipLimits): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = await openImportStream(file, limits);
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= HEAD_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  const text = Buffer.concat(chunks).subarray(0, HEAD_BYTES).toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Where a file's records come from, read again for each pass: index 0 is the header; `bytes()` counts what was read. */
type RecordSource = { delimiter: Delimiter; open: () => Promise<{ records: AsyncIterable<string[]>; bytes: () => number }> };

/** A delimited text file's records, streamed; NUL bytes fail the stream. */
async function openCsvRecords(file: string, limits: GzipLimits, delimiter: Delimiter) {
  let bytes = 0;
  const guard = nulGuard((n) => (bytes += n));
  const parser = parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: false, relax_quotes: delimiter !== "," });
  const records: Readable = pipeline(await openImportStream(file, limits), guard, parser, () => {});
  return { records: records as AsyncIterable<string[]>, bytes: () => bytes };
}

/** The first sheet's rows of an .xlsx, streamed; `bytes()` counts the cells' text. */
async function openXlsxRecords(file: string, onSheet: (name: string) => void) {
  let bytes = 0;
  async function* records() {
    for await (const item of xlsxRecords(file)) {
      if (!Array.isArray(item)) {
        onSheet(item.sheet);
        continue;
      }
      for (const cell of item) {
        if (cell.includes("\0")) throw new NulError(NUL_MESSAGE);
        bytes += cell.length + 1;
      }
      yield item;
    }
  }
  return { records: records(), bytes: () => bytes };
}

/** 32-bit FNV-1a of a symbol: the spill bucket it goes to. */
function bucketOf(symbol: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 0x01000193);
  return (h >>> 0) % buckets;
}

/**
 * The second pass over a CSV: tickers as they finish. Tickers in runs are finished one by one; otherwise a small
 * file is grouped in memory, and a large one is first split into bucket files by symbol (each ticker's rows all
 * land in one bucket, in file order), then each bucket is grouped on its own.
 */
async function* csvTickers(options: { source: RecordSource; plan: CsvPlan; bytes: number; spillBytes: number; partRows?: number; builder: FileReportBuilder }) {
  const { plan, builder: report } = options;
  const { records } = await options.source.open();
  const spill = !plan.tickersInRuns && options.bytes > options.spillBytes;
  const builder = new CsvTickerBuilder(plan, plan.tickersInRuns, options.partRows);
  if (!spill) {
    let index = 0;
    for await (const rec of records) {
      if (index > 0) for (const t of builder.add(rec, index)) if (report.accept(t)) yield t;
      index++;
    }
    for (const t of builder.drain()) if (report.accept(t)) yield t;
    report.addOrphans(builder.orphans);
    return;
  }
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "ps-spill-"));
  try {
    const count = Math.ceil(options.bytes / options.spillBytes);
    const names = Array.from({ length: count }, (_, i) => path.join(dir, `${i}.jsonl`));
    const outs = names.map((name) => fs.createWriteStream(name, { mode: 0o600 }));
    let index = 0;
    for await (const rec of records) {
      if (index > 0) {
        const symbol = builder.symbolOf(rec);
        // Rows without a valid symbol are counted (as orphans) by the builder, whichever bucket holds them.
        const out = outs[symbol === null ? 0 : bucketOf(symbol, count)];
        if (!out.write(`${JSON.stringify([index, rec])}\n`)) await once(out, "drain");
      }
      index++;
    }
    await Promise.all(outs.map((out) => new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))));
    for (const name of names) {
      const lines = readline.createInterface({ input: fs.createReadStream(name), crlfDelay: Infinity });
      for await (const line of lines) {
        const [i, rec] = JSON.parse(line) as [number, string[]];
        for (const t of builder.add(rec, i)) if (report.accept(t)) yield t;
      }
      for (const t of builder.drain()) if (report.accept(t)) yield t;
    }
    report.addOrphans(builder.orphans);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Opens a price file for import. CSV (plain or .gz) and the first sheet of an .xlsx are streamed twice and never
 * held whole (an .xlsx's expanded size is checked against the gzip limits first): a first pass reads
 * the header and detects the dialect over every row (an ambiguous date column, a bad header or no data refuse
 * the file before anything is stored), a second pass hands out cleaned tickers one at a time. JSON documents
 * (one ticker each) are streamed twice too (read-json-file.ts), and a ticker of more rows than a part holds is handed out in parts.
 */
export async function readTickerFile(options: ReadTickerFileOptions): Promise<TickerFile> {
  const { file } = options;
  const limits = options.gzipLimits ?? DEFAULT_GZIP_LIMITS;
  const reject = (message: string) => rejectFile(options, message);
  const size = await isZipFile(file);
  if (size !== null) return readXlsxFile(options, size, limits);
  let head: string;
  try {
    await checkGzipExpansion(file, limits);
    head = await readHead(file, limits);
  } catch (error) {
    return reject(streamFailure(error));
  }
  const screened = screenText(head, options);
  if (!screened.ok) return reject(screened.message);
  if (screened.wantsJson) {
    let opened: OpenedJsonFile;
    try {
      opened = await openJsonFile({ file, format: options.format, symbol: screened.symbol, fallbackSymbol: screened.fallbackSymbol, limits, partRows: options.partRows });
    } catch (error) {
      return reject(streamFailure(error));
    }
    if (!opened.ok) return rejectFile(options, opened.message, opened.format, "item");
    const { builder } = opened;
    return { ok: true, format: opened.format, rows: opened.rows, tickers: opened.tickers, report: () => builder.finish() };
  }

  const delimiter = detectDelimiter(head);
  return readRecordFile(options, screened.fallbackSymbol, head, { delimiter, open: () => openCsvRecords(file, limits, delimiter) });
}

/** The zip (.xlsx) path: the expanded size is checked first, then the first sheet is read like a CSV. */
async function readXlsxFile(options: ReadTickerFileOptions, size: number, limits: GzipLimits): Promise<TickerFile> {
  const { file } = options;
  const symbols = readSymbolOption(options);
  if (!symbols.ok) return rejectFile(options, symbols.message);
  try {
    await checkZipExpansion(file, size, limits);
  } catch (error) {
    return rejectFile(options, error instanceof GzipLimitError ? error.message : `unreadable .xlsx: ${(error as Error).message}`);
  }
  let sheet: string | undefined;
  return readRecordFile(options, symbols.fallbackSymbol, null, { delimiter: ",", open: () => openXlsxRecords(file, (name) => (sheet ??= name)) }, () => sheet);
}

function rejectFile(options: ReadTickerFileOptions, message: string, format: ImportFormat | null = options.format ?? null, unit?: FileReport["unit"]): TickerFile {
  return { ok: false, report: rejectedFileReport({ file: options.file, format, message, unit }) };
}

/**
 * Two passes over a file's records (CSV or a sheet): the first reads the header and plans the dialect over every
 * row, the second hands out tickers. `head` is the text's start (for the "message instead of prices" check).
 */
async function readRecordFile(
  options: ReadTickerFileOptions,
  fallbackSymbol: string | null,
  head: string | null,
  source: RecordSource,
  sheet?: () => string | undefined,
): Promise<TickerFile> {
  const { file } = options;
  const reject = (message: string, format: ImportFormat | null = options.format ?? null) => rejectFile(options, message, format);
  let scan: CsvScan | undefined;
  let failure: { format: ImportFormat | null; message: string } | undefined;
  let bytes = 0;
  try {
    const opened = await source.open();
    let index = 0;
    for await (const rec of opened.records) {
      if (index === 0) {
        const read = readCsvLayout(rec, { delimiter: source.delimiter, format: options.format, symbol: fallbackSymbol });
        if (!read.ok) {
          failure = { format: read.format, message: head === null ? read.message : csvFailureMessage(head, read.message) };
          break;
        }
        scan = new CsvScan(read.layout);
      } else scan!.add(rec, index);
      index++;
    }
    bytes = opened.bytes();
  } catch (error) {
    if (sheet && !(error instanceof GzipLimitError || error instanceof NulError)) return reject(`unreadable .xlsx: ${(error as Error).message}`);
    return reject(streamFailure(error));
  }
  if (failure) return reject(failure.message, failure.format);
  if (!scan) return reject(sheet ? "the first sheet is empty: no prices in it" : "empty file: no prices in it");
  const planned = scan.finish(options.dateFormat);
  if (!planned.ok) return reject(planned.message, planned.format);
  const { plan } = planned;
  const sheetName = sheet?.();
  if (sheetName !== undefined) plan.dialect.sheet = sheetName;
  const builder = new FileReportBuilder({ file, format: plan.layout.format, unit: "line", dialect: plan.dialect });
  return {
    ok: true,
    format: plan.layout.format,
    rows: plan.rows,
    tickers: csvTickers({ source, plan, bytes, spillBytes: options.spillBytes ?? DEFAULT_SPILL_BYTES, partRows: options.partRows, builder }),
    report: () => builder.finish(),
  };
}
