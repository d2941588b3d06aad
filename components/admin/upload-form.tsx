"use client";

import { useState } from "react";
import { buttonPrimary } from "@/components/ui/button-styles";

type FileReport = {
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
type Progress = { file: string; fileIndex: number; files: number; rowsDone: number; rowsTotal: number; phase: string };

/** Uploads CSV/JSON files to the importer and shows its progress and per-file report as they stream in. */
export function UploadForm({ onDone }: { onDone?: () => void }) {
  const [progress, setProgress] = useState<Progress | null>(null);
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
          setProgress(null);
          setStatus("Uploading…");
          try {
            const response = await fetch("/api/admin/upload", { method: "POST", body: form });
            if (!response.ok || !response.body) {
              const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
              setStatus(body?.error?.message ?? `Upload failed (${response.status})`);
              return;
            }
            setStatus("Importing…");
            const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
            let buffer = "";
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              buffer += value;
              let newline: number;
              while ((newline = buffer.indexOf("\n")) >= 0) {
                const line = buffer.slice(0, newline);
                buffer = buffer.slice(newline + 1);
                if (!line.trim()) continue;
                const event = JSON.parse(line) as { type: string } & Record<string, unknown>;
                if (event.type === "progress") setProgress(event as unknown as Progress);
                else if (event.type === "report") setReports((r) => [...r, event.report as FileReport]);
                else if (event.type === "done") {
                  const s = event.summary as { tickers: { created: number; updated: number; unchanged: number; failed: number }; rows: { kept: number; rejected: number } };
                  setStatus(`Done: ${s.tickers.created} new, ${s.tickers.updated} updated, ${s.tickers.unchanged} unchanged ticker(s); ${s.rows.kept.toLocaleString()} rows kept, ${s.rows.rejected} rejected.`);
                } else if (event.type === "error") setStatus(`Import failed: ${String(event.message)}`);
              }
            }
            onDone?.();
          } catch (e) {
            setStatus(`Upload failed: ${(e as Error).message}`);
          } finally {
            setBusy(false);
          }
        }}
      >
        <input name="files" type="file" multiple accept=".csv,.json,.txt,.gz,.tsv" className="text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-surface-2 file:px-3 file:py-1.5 file:text-sm" aria-label="Price files" />
        <button type="submit" disabled={busy} className={buttonPrimary}>
          {busy ? "Importing…" : "Upload and import"}
        </button>
      </form>
      {progress && busy && (
        <div className="space-y-1 text-sm" data-testid="upload-progress">
          <p className="text-muted">
            File {progress.fileIndex + 1}/{progress.files}: {progress.file} ({progress.phase})
          </p>
          <progress className="w-full" max={Math.max(1, progress.rowsTotal)} value={progress.rowsDone} />
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
