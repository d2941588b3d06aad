import type { FileReport, ReasonCount, RowReport } from "@/lib/import/types";

const MAX_EXAMPLES = 5;

export function createRowReport(): RowReport {
  return { read: 0, kept: 0, fixed: 0, rejected: 0, fixes: {}, rejections: {} };
}

function note(bucket: Record<string, ReasonCount>, reason: string, line: number) {
  const entry = (bucket[reason] ??= { count: 0, examples: [] });
  entry.count++;
  if (entry.examples.length < MAX_EXAMPLES) entry.examples.push(line);
}

export function noteFix(report: RowReport, reason: string, line: number) {
  note(report.fixes, reason, line);
}

export function noteRejection(report: RowReport, reason: string, line: number) {
  note(report.rejections, reason, line);
}

/** Moves a report's example numbers on by `by` (a part's rows counted from the document's start). */
export function shiftExamples(report: RowReport, by: number) {
  for (const bucket of [report.fixes, report.rejections]) for (const c of Object.values(bucket)) c.examples = c.examples.map((n) => n + by);
}

/** Adds `from` into `into` (per-ticker reports summed into the file's). */
export function addRowReport(into: RowReport, from: RowReport) {
  into.read += from.read;
  into.kept += from.kept;
  into.fixed += from.fixed;
  into.rejected += from.rejected;
  for (const [bucketName, bucket] of [
    ["fixes", from.fixes],
    ["rejections", from.rejections],
  ] as const) {
    const target = into[bucketName];
    for (const [reason, c] of Object.entries(bucket)) {
      const entry = (target[reason] ??= { count: 0, examples: [] });
      entry.count += c.count;
      for (const line of c.examples) if (entry.examples.length < MAX_EXAMPLES) entry.examples.push(line);
    }
  }
}

export function rejectedFileReport(options: {
  file: string;
  format: FileReport["format"];
  message: string;
  unit?: FileReport["unit"];
}): FileReport {
  return {
    ...createRowReport(),
    file: options.file,
    format: options.format,
    status: "rejected",
    message: options.message,
    unit: options.unit ?? "line",
    tickers: 0,
  };
}
