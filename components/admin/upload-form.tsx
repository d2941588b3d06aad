"use client";

import { useState } from "react";
import { JobProgress } from "@/components/admin/job-progress";
import { Alert } from "@/components/ui/alert";
import { buttonPrimary } from "@/components/ui/button-styles";
import { callApi, errorMessage } from "@/components/ui/call-api";
import { Field, Form, selectClass } from "@/components/ui/field";
import { Table } from "@/components/ui/table";
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
  unit?: "line" | "item";
  failed: { symbol: string; message: string }[];
  fixes: Record<string, Reason>;
  rejections: Record<string, Reason>;
};
type Reason = { count: number; examples?: number[] };
/** "high < low swapped: 2 (lines 4, 9)": a reason with its count and the first example lines or items. */
function Reasons({ reasons, unit = "line", testId }: { reasons: Record<string, Reason>; unit?: "line" | "item"; testId: string }) {
  const entries = Object.entries(reasons ?? {});
  if (entries.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-muted" data-testid={testId}>
      {entries.map(([reason, r]) => (
        <li key={reason}>
          {reason}: {r.count.toLocaleString()}
          {r.examples?.length ? ` (${unit}${r.examples.length === 1 ? "" : "s"} ${r.examples.join(", ")}${r.count > r.examples.length ? ", …" : ""})` : ""}
        </li>
      ))}
    </ul>
  );
}

type Summary = { files: FileReport[]; tickers: { created: number; updated: number; unchanged: number; failed: number }; rows: { kept: number; rejected: number } };

/**
 * Uploads CSV/JSON files; the server stores them and imports them in a background job, whose progress this
 * shows, then the job's per-file report.
 */
export function UploadForm({ onDone }: { onDone?: () => void }) {
  const [jobId, setJobId] = useState<string | null>(null);
  const [reports, setReports] = useState<FileReport[]>([]);
  const [status, setStatus] = useState<{ tone: "info" | "success" | "warning" | "error"; text: string } | null>(null);
  const [filesError, setFilesError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-3">
      <Form
        className="grid items-start gap-3 sm:grid-cols-[auto_minmax(0,1fr)_auto]"
        onSubmit={async (form) => {
          if (form.getAll("files").every((f) => typeof f === "string" || (f as File).size === 0)) return setFilesError("Choose one or more files first");
          setFilesError(null);
          setBusy(true);
          setReports([]);
          setJobId(null);
          setStatus({ tone: "info", text: "Uploading…" });
          try {
            const queued = await callApi<{ jobId: string; files: { name: string }[] }>("/api/admin/upload", { method: "POST", body: form });
            setStatus({ tone: "info", text: `Uploaded ${queued.files.length} file(s); importing in the background.` });
            setJobId(queued.jobId);
          } catch (e) {
            setStatus({ tone: "error", text: `Upload failed: ${errorMessage(e)}` });
            setBusy(false);
          }
        }}
      >
        <Field label="Date format" hint="Detected from the whole column">
          {(p) => (
            <select {...p} name="dateFormat" defaultValue="" className={`${selectClass} w-auto`}>
              <option value="">detect</option>
              {DATE_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Price files" hint=".xlsx, .csv, .tsv, .txt, .json, optionally .gz" error={filesError}>
          {(p) => (
            <input
              {...p}
              name="files"
              type="file"
              multiple
              accept=".csv,.json,.txt,.gz,.tsv,.xlsx"
              className="block w-full min-w-0 text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-surface-2 file:px-3 file:py-1.5 file:text-sm file:text-fg"
            />
          )}
        </Field>
        <div className="sm:pt-6">
          <button type="submit" disabled={busy} className={`${buttonPrimary} w-full`}>
            {busy ? "Importing…" : "Upload and import"}
          </button>
        </div>
      </Form>
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
                const refused = summary.files.filter((f) => f.status === "rejected").length + summary.tickers.failed;
                setStatus({
                  tone: refused > 0 ? "warning" : "success",
                  text: `Done: ${summary.tickers.created} new, ${summary.tickers.updated} updated, ${summary.tickers.unchanged} unchanged ticker(s); ${summary.rows.kept.toLocaleString()} rows kept, ${summary.rows.rejected} rejected.${refused > 0 ? " Some files or tickers were refused: the reasons are in the table." : ""}`,
                });
              } else setStatus({ tone: "error", text: `Import ${job.state}${job.error ? `: ${job.error}` : ""}` });
              onDone?.();
            }}
          />
        </div>
      )}
      {status && (
        <Alert tone={status.tone} testId="upload-status">
          {status.text}
        </Alert>
      )}
      {reports.length > 0 && (
        <Table
          rows={reports}
          rowKey={(r) => r.file}
          testId="upload-report"
          minWidth="48rem"
          rowNumbers
          rowAlign="top"
          columns={[
            { key: "file", header: "File", className: "break-all font-mono text-xs", cell: (r) => r.file },
            { key: "format", header: "Format", cell: (r) => r.format ?? "?" },
            { key: "detected", header: "Detected", className: "text-xs text-muted", cell: (r) => <span data-testid="upload-detected">{describeDetected(r) || "—"}</span> },
            {
              key: "result",
              header: "Result",
              cell: (r) =>
                r.status === "rejected" ? (
                  <span className="text-down" data-testid="upload-refused">
                    Refused, nothing stored: {r.message}
                  </span>
                ) : (
                  <>
                    <span>
                      {r.tickers} ticker(s): {r.created} new, {r.updated} updated, {r.unchanged} unchanged
                    </span>
                    {r.failed.length > 0 && (
                      <ul className="mt-1 space-y-0.5 text-xs text-down" data-testid="upload-failed-tickers">
                        {r.failed.map((f) => (
                          <li key={f.symbol}>
                            <span className="font-medium">{f.symbol}</span> not stored: {f.message}
                          </li>
                        ))}
                      </ul>
                    )}
                  </>
                ),
            },
            { key: "rows", header: "Rows kept / read", className: "whitespace-nowrap tabular-nums", cell: (r) => `${r.kept.toLocaleString()} / ${r.read.toLocaleString()}` },
            {
              key: "fixed",
              header: "Fixed",
              cell: (r) => (
                <>
                  <span className="tabular-nums">{r.fixed.toLocaleString()}</span>
                  <Reasons reasons={r.fixes} unit={r.unit} testId="upload-fixes" />
                </>
              ),
            },
            {
              key: "rejected",
              header: "Rejected",
              cell: (r) => (
                <>
                  <span className="tabular-nums">{r.rejected.toLocaleString()}</span>
                  <Reasons reasons={r.rejections} unit={r.unit} testId="upload-rejections" />
                </>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
