import path from "node:path";
import pg from "pg";
import type { Db } from "@/lib/db/client";
import type { DateFormat } from "@/lib/import/detect-dialect";
import type { GzipLimits } from "@/lib/import/gunzip-capped";
import { listImportFiles } from "@/lib/import/list-import-files";
import { readTickerFile } from "@/lib/import/read-ticker-file";
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

/**
 * Stores tickers as they are read, `concurrency` at a time: Postgres works on one ticker while Node prepares the
 * next, and no more than `concurrency` + 1 tickers are held (the reader waits until one is taken). The parts of one
 * long ticker are stored one after another, in file order, so later rows win as they do within a part.
 */
async function storeAll(
  tickers: AsyncIterable<ParsedTicker> | Iterable<ParsedTicker>,
  concurrency: number,
  store: (t: ParsedTicker) => Promise<StoreResult>,
  done: (t: ParsedTicker, r: StoreResult | Error) => void,
) {
  // An async generator queues concurrent next() calls, so the workers take turns reading.
  const source = (async function* () {
    yield* tickers;
  })();
  const storing = new Map<string, Promise<unknown>>();
  const worker = async () => {
    for (let next = await source.next(); !next.done; next = await source.next()) {
      const t = next.value;
      const before = storing.get(t.symbol);
      const stored = (async () => {
        await before;
        try {
          done(t, await store(t));
        } catch (error) {
          done(t, error as Error);
        }
      })();
      storing.set(t.symbol, stored);
      await stored;
      if (storing.get(t.symbol) === stored) storing.delete(t.symbol);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

/**
 * Imports files, directories and .gz archives: each file is checked whole first (readTickerFile: layout, dialect,
 * dates), then its tickers are cleaned and stored as they stream, each in its own transaction, so memory holds a
 * few tickers whatever the file's size. A rejected file writes nothing. Files are handled one after another (so the same symbol
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
  /** See ReadTickerFileOptions.spillBytes. */
  spillBytes?: number;
  /** See ReadTickerFileOptions.partRows. */
  partRows?: number;
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
  // Fresh planner statistics for the tables the search index reads next: after a bulk import into a new database,
  // PostgreSQL had none and scanned every chunk for each batch of the index's load (25M candles: 158 -> 34 ms a batch).
  if (summary.tickers.created + summary.tickers.updated > 0) await db.$executeRaw`ANALYZE ticker, series, series_chunk`;
  return summary;

  async function importOneFile(file: string, fileIndex: number) {
    options.onProgress?.({ file, fileIndex, files: files.length, rowsDone: 0, rowsTotal: 0, phase: "parse" });
    const opened = await readTickerFile({ file, format: options.format, symbol: options.symbol, dateFormat: options.dateFormat, gzipLimits: options.gzipLimits, spillBytes: options.spillBytes, partRows: options.partRows });
    if (!opened.ok) return finish({ ...opened.report, created: 0, updated: 0, unchanged: 0, failed: [] });
    const counts = { created: 0, updated: 0, unchanged: 0, failed: [] as FileImportResult["failed"] };
    // A ticker stored in parts counts once: created if its first part created it, else updated if any part changed it.
    const statusOf = new Map<string, StoreResult["status"] | "failed">();
    const rowsTotal = opened.rows;
    let rowsDone = 0;
    const source = options.source ?? path.basename(file);
    await storeAll(
      opened.tickers,
      concurrency,
      (t) => storeTicker(target, t, { source, format: opened.format, isSample: options.isSample, durable: false }),
      (t, r) => {
        const before = statusOf.get(t.symbol);
        if (before === "failed") {
          // A part after a failed one: the ticker is already counted as failed.
        } else if (r instanceof Error) {
          counts.failed.push({ symbol: t.symbol, message: r.message });
          if (before) counts[before]--;
          statusOf.set(t.symbol, "failed");
        } else if (!before) {
          counts[r.status]++;
          statusOf.set(t.symbol, r.status);
        } else if (before === "unchanged" && r.status !== "unchanged") {
          counts.unchanged--;
          counts.updated++;
          statusOf.set(t.symbol, "updated");
        }
        rowsDone = Math.min(rowsTotal, rowsDone + t.report.read);
        options.onProgress?.({ file, fileIndex, files: files.length, rowsDone, rowsTotal, phase: "store" });
      },
    );
    await flushImports(target);
    options.onProgress?.({ file, fileIndex, files: files.length, rowsDone: rowsTotal, rowsTotal, phase: "store" });
    finish({ ...opened.report(), ...counts });
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
