import type { FileImportResult, ImportSummary } from "@/lib/import/import-files";
import { describeDetected } from "@/lib/import/describe-detected";
import type { ReasonCount } from "@/lib/import/types";

function reasons(title: string, bucket: Record<string, ReasonCount>, unit: string): string[] {
  const entries = Object.entries(bucket).sort((a, b) => b[1].count - a[1].count);
  if (!entries.length) return [];
  return [
    `  ${title}:`,
    ...entries.map(([reason, c]) => `    ${String(c.count).padStart(7)}  ${reason}${c.examples.length ? ` (${unit}s ${c.examples.join(", ")})` : ""}`),
  ];
}

/** The per-file report the CLI prints: counts, then reasons with example line numbers. */
export function formatFileReport(r: FileImportResult): string {
  const head = `${r.file} [${r.format ?? "unknown format"}]`;
  if (r.status === "rejected") return `${head}\n  REJECTED: ${r.message}\n  nothing from this file was stored`;
  const detected = describeDetected(r);
  const lines = [
    head,
    `  rows: ${r.read} read, ${r.kept} kept, ${r.fixed} fixed, ${r.rejected} rejected`,
    `  tickers: ${r.tickers} (${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged${r.failed.length ? `, ${r.failed.length} FAILED` : ""})`,
    ...(detected ? [`  detected: ${detected}`] : []),
    ...reasons("fixed", r.fixes, r.unit),
    ...reasons("rejected", r.rejections, r.unit),
    ...r.failed.map((f) => `  FAILED ${f.symbol}: ${f.message}`),
  ];
  return lines.join("\n");
}

export function formatImportSummary(s: ImportSummary, seconds: number): string {
  const t = s.tickers;
  const rate = seconds > 0 ? Math.round(s.rows.kept / seconds) : 0;
  return (
    `Summary: ${s.files.length} file(s), ${s.rejectedFiles} rejected; tickers ${t.created} created, ${t.updated} updated, ` +
    `${t.unchanged} unchanged${t.failed ? `, ${t.failed} failed` : ""}; rows ${s.rows.read} read, ${s.rows.kept} kept, ` +
    `${s.rows.fixed} fixed, ${s.rows.rejected} rejected; ${seconds.toFixed(1)} s (${rate.toLocaleString("en-US")} rows/s)`
  );
}
