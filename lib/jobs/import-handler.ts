import { deleteStaleUploads, importStoredUpload } from "@/lib/import/uploads";
import type { Db } from "@/lib/db/client";
import type { GzipLimits } from "@/lib/import/gunzip-capped";
import { reportQueue } from "@/lib/jobs/report-queue";
import { importParamsSchema, type JobHandler } from "@/lib/jobs/types";

/**
 * Imports a Data-page upload in the worker, off the web process: progress is rows stored of the current file
 * (at most every 500 ms), one step per finished file says how it went, and the result is the importer's summary
 * with every file's report, which the page shows when the job ends.
 */
export function importHandler(db: Db, options: { gzipLimits?: GzipLimits } = {}): JobHandler {
  return async ({ params, report }) => {
    const { uploadId, dateFormat } = importParamsSchema.parse(params);
    await deleteStaleUploads(db);
    const reports = reportQueue(report);
    let last = 0;
    const summary = await importStoredUpload(db, {
      uploadId,
      dateFormat,
      gzipLimits: options.gzipLimits,
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < 500 && p.rowsDone !== p.rowsTotal) return;
        last = now;
        reports.enqueue({ step: p.rowsDone, steps: p.rowsTotal, message: `file ${p.fileIndex + 1}/${p.files} ${p.file}: ${p.phase === "parse" ? "reading" : "storing"}` });
      },
      onReport: (r) =>
        reports.enqueue({
          step: r.kept,
          steps: r.read,
          message: r.status === "rejected" ? `${r.file}: rejected: ${r.message}` : `${r.file}: ${r.kept} of ${r.read} rows kept, ${r.tickers} ticker(s)`,
        }),
    });
    await reports.settle();
    return summary;
  };
}
