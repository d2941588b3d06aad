import { deleteStaleUploads, importStoredUpload } from "@/lib/import/uploads";
import type { Db } from "@/lib/db/client";
import type { GzipLimits } from "@/lib/import/gunzip-capped";
import { importParamsSchema, type JobHandler, type JobStep } from "@/lib/jobs/types";

/**
 * Imports a Data-page upload in the worker, off the web process: progress is rows stored of the current file
 * (at most every 500 ms), one step per finished file says how it went, and the result is the importer's summary
 * with every file's report, which the page shows when the job ends.
 */
export function importHandler(db: Db, options: { gzipLimits?: GzipLimits } = {}): JobHandler {
  return async ({ params, report }) => {
    const { uploadId, dateFormat } = importParamsSchema.parse(params);
    await deleteStaleUploads(db);
    // Reports go out one after another; the first that fails (the job was cancelled, the database is gone) stops
    // the rest and is thrown once the import returns. Kept off the chain, so an import that throws first leaves no
    // rejected promise behind: an unhandled rejection would end the worker process.
    let pending: Promise<void> = Promise.resolve();
    let reportError: { error: unknown } | null = null;
    const enqueue = (step: JobStep) => {
      pending = pending.then(() => (reportError ? undefined : report(step))).catch((error: unknown) => {
        reportError ??= { error };
      });
    };
    let last = 0;
    const summary = await importStoredUpload(db, {
      uploadId,
      dateFormat,
      gzipLimits: options.gzipLimits,
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < 500 && p.rowsDone !== p.rowsTotal) return;
        last = now;
        enqueue({ step: p.rowsDone, steps: p.rowsTotal, message: `file ${p.fileIndex + 1}/${p.files} ${p.file}: ${p.phase === "parse" ? "reading" : "storing"}` });
      },
      onReport: (r) =>
        enqueue({
          step: r.kept,
          steps: r.read,
          message: r.status === "rejected" ? `${r.file}: rejected: ${r.message}` : `${r.file}: ${r.kept} of ${r.read} rows kept, ${r.tickers} ticker(s)`,
        }),
    });
    await pending;
    if (reportError) throw (reportError as { error: unknown }).error;
    return summary;
  };
}
