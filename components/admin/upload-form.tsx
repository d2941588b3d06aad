"use client";

import { useState } from "react";
import { callApi } from "@/components/ui/call-api";
import { JobProgress } from "@/components/admin/job-progress";
import { buttonPrimary } from "@/components/ui/button-styles";
import { describeDetected } from "@/lib/import/describe-detected";
import { DATE_FORMATS } from "@/lib/import/detect-dialect";

type FileReport = Parameters<typeof describeDetected>[0] & {
  file: string;
  format: string | null;
  status: "ok" | "rejected";
  message?: string;
  read: number;
  kept: number;
  fixed: number;
  rejected: number;
  tickers: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: { symbol: string; message: string }[];
  fixes: Record<string, { count: number }>;
  rejections: Record<string, { count: number }>;
};
type Summary = { files: FileReport[]; tickers: { created: number; updated: number; unchanged: number; failed: number }; rows: { kept: number; rejected: number } };

/**
 * Uploads CSV/JSON files; the server stores them and imports them in a background job, whose progress this
 * shows, then the job's per-file report.
 */
export function UploadForm({ onDone }: { onDone?: () => void }) {
  const [jobId, setJobId] = useState<string | null>(null);
  const [reports, setReports] = useState<FileReport[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-3">
      <form
        className="flex flex-wrap items-center gap-3"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          if (form.getAll("files").every((f) => typeof f === "string" || (f as File).size === 0)) return setStatus("Choose one or more files first.");
          setBusy(true);
          setReports([]);
          setJobId(null);
          setStatus("Uploading…");
          try {
            const queued = await callApi<{ jobId: string; files: { name: string }[] }>("/api/admin/upload", { method: "POST", body: form });
            setStatus(`Uploaded ${queued.files.length} file(s); importing in the background.`);
            setJobId(queued.jobId);
          } catch (e) {
            setStatus(`Upload failed: ${(e as Error).message}`);
            setBusy(false);
          }
        }}
      >
        <label className="text-sm text-muted">
          Dates{" "}
          <select name="dateFormat" defaultValue="" className="rounded-md border border-border bg-surface-2 px-2 py-1.5 text-sm" aria-label="Date format">
            <option value="">detect</option>
            {DATE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <input name="files" type="file" multiple accept=".csv,.json,.txt,.gz,.tsv" className="text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-surface-2 file:px-3 file:py-1.5 file:text-sm" aria-label="Price files" />
        <button type="submit" disabled={busy} className={buttonPrimary}>
          {busy ? "Importing…" : "Upload and import"}
        </button>
      </form>
      {jobId && (
        <div data-testid="upload-progress">
          <JobProgress
            key={jobId}
            jobId={jobId}
            onFinished={(job) => {
              setBusy(false);
              const summary = job.result as Summary | null;
              if (job.state === "completed" && summary?.files) {
                setReports(summary.files);
                setStatus(
                  `Done: ${summary.tickers.created} new, ${summary.tickers.updated} updated, ${summary.tickers.unchanged} unchanged ticker(s); ${summary.rows.kept.toLocaleString()} rows kept, ${summary.rows.rejected} rejected.`,
                );
              } else setStatus(`Import ${job.state}${job.error ? `: ${job.error}` : ""}`);
              onDone?.();
            }}
          />
        </div>
      )}
      {status && (
        <p className="text-sm" data-testid="upload-status">
          {status}
        </p>
      )}
      {reports.length > 0 && (
        <table className="w-full text-sm" data-testid="upload-report">
          <thead className="text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th className="py-2 pr-3">File</th>
              <th className="pr-3">Format</th>
              <th className="pr-3">Detected</th>
              <th className="pr-3">Result</th>
              <th className="pr-3">Rows kept / read</th>
              <th className="pr-3">Fixed</th>
              <th className="pr-3">Rejected</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.file} className="border-t border-border align-top">
                <td className="py-2 pr-3 font-mono text-xs">{r.file}</td>
                <td className="pr-3">{r.format ?? "?"}</td>
                <td className="pr-3 text-xs text-muted" data-testid="upload-detected">
                  {describeDetected(r) || "—"}
                </td>
                <td className="pr-3">
                  {r.status === "rejected" ? (
                    <span className="text-down">rejected: {r.message}</span>
                  ) : (
                    <span>
                      {r.tickers} ticker(s): {r.created} new, {r.updated} updated, {r.unchanged} unchanged
                      {r.failed.length > 0 && <span className="text-down"> · failed {r.failed.map((f) => f.symbol).join(", ")}</span>}
                    </span>
                  )}
                </td>
                <td className="pr-3 tabular-nums">
                  {r.kept.toLocaleString()} / {r.read.toLocaleString()}
                </td>
                <td className="pr-3" title={Object.entries(r.fixes ?? {}).map(([k, v]) => `${k}: ${v.count}`).join("\n")}>
                  {r.fixed}
                </td>
                <td className="pr-3" title={Object.entries(r.rejections ?? {}).map(([k, v]) => `${k}: ${v.count}`).join("\n")}>
                  {r.rejected}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
