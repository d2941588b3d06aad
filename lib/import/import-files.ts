import path from "node:path";
import pg from "pg";
import type { Db } from "@/lib/db/client";
import type { DateFormat } from "@/lib/import/detect-dialect";
import { GzipLimitError, readImportFile, type GzipLimits } from "@/lib/import/gunzip-capped";
import { listImportFiles } from "@/lib/import/list-import-files";
import { parseFileContent } from "@/lib/import/parse-file-content";
import { rejectedFileReport } from "@/lib/import/row-report";
import { flushImports, type ImportTarget } from "@/lib/import/import-target";
import { storeTicker, type StoreResult } from "@/lib/import/store-ticker";
import type { FileReport, ImportFormat, ParsedTicker } from "@/lib/import/types";

export type FileImportResult = FileReport & {
  created: number;
  updated: number;
  unchanged: number;
  /** Tickers that could not be stored (database error); the file's other tickers are kept. */
  failed: { symbol: string; message: string }[];
};

export type ImportProgress = { file: string; fileIndex: number; files: number; rowsDone: number; rowsTotal: number; phase: "parse" | "store" };

export type ImportSummary = {
  files: FileImportResult[];
  rejectedFiles: number;
  tickers: { created: number; updated: number; unchanged: number; failed: number };
  rows: { read: number; kept: number; fixed: number; rejected: number };
};

/** Stores tickers with a small concurrency: Postgres works on one ticker while Node prepares the next. */
async function storeAll(
  tickers: ParsedTicker[],
  concurrency: number,
  store: (t: ParsedTicker) => Promise<StoreResult>,
  done: (t: ParsedTicker, r: StoreResult | Error) => void,
) {
  let next = 0;
  const worker = async () => {
    while (next < tickers.length) {
      const t = tickers[next++];
      try {
        done(t, await store(t));
      } catch (error) {
        done(t, error as Error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tickers.length)) }, worker));
}

/**
 * Imports files, directories and .gz archives: each file is parsed and cleaned, then every ticker in it is stored
 * in its own transaction. A rejected file writes nothing. Files are handled one after another (so the same symbol
 * is never written by two transactions at once); tickers of one file are stored `concurrency` at a time
 * (keep 1 on PGlite, which runs one transaction at a time anyway).
 * With `url` (the connection string of the same database as `db`), writes go through a node-postgres pool opened
 * for this call, which costs about half the CPU of Prisma's interactive transactions in bulk imports; `pool`
 * does the same with the caller's pool (left open).
 */
export async function importFiles(db: Db, options: {
  url?: string;
  pool?: pg.Pool;
  paths: readonly string[];
  format?: ImportFormat;
  symbol?: string;
  dateFormat?: DateFormat;
  source?: string;
  isSample?: boolean;
  concurrency?: number;
  /** How far a .gz may expand (DEFAULT_GZIP_LIMITS when not given). */
  gzipLimits?: GzipLimits;
  onProgress?: (progress: ImportProgress) => void;
  onReport?: (report: FileImportResult) => void;
}): Promise<ImportSummary> {
  const files = await listImportFiles(options.paths);
  const summary: ImportSummary = {
    files: [],
    rejectedFiles: 0,
    tickers: { created: 0, updated: 0, unchanged: 0, failed: 0 },
    rows: { read: 0, kept: 0, fixed: 0, rejected: 0 },
  };
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const pool = !options.pool && options.url ? new pg.Pool({ connectionString: options.url, max: concurrency }) : undefined;
  // An idle client that loses its connection must not crash the process; the next query reports the problem.
  pool?.on("error", () => {});
  const target: ImportTarget = options.pool ?? pool ?? db;
  try {
    for (const [fileIndex, file] of files.entries()) {
      await importOneFile(file, fileIndex);
    }
  } finally {
    await pool?.end();
  }
  return summary;

  async function importOneFile(file: string, fileIndex: number) {
    options.onProgress?.({ file, fileIndex, files: files.length, rowsDone: 0, rowsTotal: 0, phase: "parse" });
    let content: Buffer;
    try {
      content = await readImportFile(file, options.gzipLimits);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (!(error instanceof GzipLimitError) && !code.startsWith("Z_")) throw error;
      const message = error instanceof GzipLimitError ? error.message : `corrupt gzip: ${(error as Error).message}`;
      return finish({ ...rejectedFileReport({ file, format: options.format ?? null, message }), created: 0, updated: 0, unchanged: 0, failed: [] });
    }
    const parsed = parseFileContent({ file, content, format: options.format, symbol: options.symbol, dateFormat: options.dateFormat, gzipLimits: options.gzipLimits });
    const result: FileImportResult = { ...parsed.report, created: 0, updated: 0, unchanged: 0, failed: [] };
    if (parsed.ok) {
      const rowsTotal = parsed.tickers.reduce((n, t) => n + t.daily.length + t.scalars.reduce((m, s) => m + s.rows.length, 0), 0);
      let rowsDone = 0;
      const source = options.source ?? path.basename(file);
      await storeAll(
        parsed.tickers,
        concurrency,
        (t) => storeTicker(target, t, { source, format: parsed.format, isSample: options.isSample, durable: false }),
        (t, r) => {
          if (r instanceof Error) result.failed.push({ symbol: t.symbol, message: r.message });
          else result[r.status]++;
          rowsDone += t.daily.length + t.scalars.reduce((m, s) => m + s.rows.length, 0);
          options.onProgress?.({ file, fileIndex, files: files.length, rowsDone, rowsTotal, phase: "store" });
        },
      );
      await flushImports(target);
    }
    finish(result);
  }

  function finish(result: FileImportResult) {
    summary.files.push(result);
    if (result.status === "rejected") summary.rejectedFiles++;
    summary.tickers.created += result.created;
    summary.tickers.updated += result.updated;
    summary.tickers.unchanged += result.unchanged;
    summary.tickers.failed += result.failed.length;
    summary.rows.read += result.read;
    summary.rows.kept += result.kept;
    summary.rows.fixed += result.fixed;
    summary.rows.rejected += result.rejected;
    options.onReport?.(result);
  }
}
