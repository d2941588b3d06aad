import type { FileReport } from "@/lib/import/types";

const DELIMITER_NAMES: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };
const SEPARATOR_NAMES: Record<string, string> = { ",": "comma", ".": "point", " ": "space", "'": "apostrophe" };

/** What the importer detected about a file, in words ("semicolon-delimited, decimal comma, ..."); "" when nothing. */
export function describeDetected(report: Pick<FileReport, "dialect" | "order">): string {
  const parts: string[] = [];
  const d = report.dialect;
  if (d) {
    parts.push(d.sheet !== undefined ? `Excel sheet "${d.sheet}"` : `${DELIMITER_NAMES[d.delimiter] ?? d.delimiter}-delimited`);
    parts.push(d.decimal === "," ? "decimal comma" : "decimal point");
    if (d.thousands) parts.push(`thousands ${SEPARATOR_NAMES[d.thousands]}`);
    if (d.volumeSuffixes) parts.push("volumes with K/M/B");
    parts.push(`dates ${d.dateFormat}`);
  }
  if (report.order === "newest-first") parts.push("newest first");
  if (d?.ignoredColumns.length) parts.push(`ignored: ${d.ignoredColumns.join(", ")}`);
  return parts.join(", ");
}
