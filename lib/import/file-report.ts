import type { RowOrder } from "@/lib/import/clean-daily-rows";
import type { CsvDialect } from "@/lib/import/detect-dialect";
import { inferFrequency } from "@/lib/import/infer-frequency";
import { addRowReport, createRowReport } from "@/lib/import/row-report";
import type { FileReport, ImportFormat, ParsedTicker, RowReport } from "@/lib/import/types";

function topReasons(report: RowReport): string {
  return Object.entries(report.rejections)
    .sort((a, b) => b[1].count - a[1].count)
    .slice(0, 3)
    .map(([reason, c]) => `${reason} x${c.count}`)
    .join(", ");
}

/**
 * A parsed file's report, built ticker by ticker (a streamed file's tickers are stored and let go as they come):
 * every ticker's rows are counted, and a file none of whose tickers has a usable row is rejected as a whole.
 */
export class FileReportBuilder {
  private readonly report: FileReport;
  private readonly orders = new Set<RowOrder>();
  /** Symbols with something to store (a ticker handed out in parts counts once). */
  private readonly usable = new Set<string>();

  constructor(options: { file: string; format: ImportFormat; unit: FileReport["unit"]; dialect?: CsvDialect }) {
    this.report = {
      ...createRowReport(),
      file: options.file,
      format: options.format,
      status: "ok",
      unit: options.unit,
      tickers: 0,
      ...(options.dialect ? { dialect: options.dialect } : {}),
    };
  }

  /** Rows rejected outside any ticker (no valid symbol). */
  addOrphans(orphans: RowReport): void {
    addRowReport(this.report, orphans);
  }

  /** Counts a ticker's rows and readies it to store (frequency, metadata); false when it has nothing to store. */
  accept(t: ParsedTicker): boolean {
    addRowReport(this.report, t.report);
    if (t.order !== undefined) this.orders.add(t.order);
    // Metadata is merged into the stored jsonb object with `||`; a provider's "Meta Data": [] or "" would turn it into an array.
    if (Object.prototype.toString.call(t.metadata) !== "[object Object]") t.metadata = {};
    if (t.daily.length === 0 && t.scalars.length === 0) return false;
    if (t.daily.length) t.frequency ??= inferFrequency(t.daily);
    this.usable.add(t.symbol);
    return true;
  }

  finish(): FileReport {
    const report: FileReport = { ...this.report, tickers: this.usable.size };
    const orders = this.orders;
    if (orders.size) report.order = orders.has("newest-first") ? "newest-first" : orders.has("unsorted") ? "unsorted" : "oldest-first";
    if (this.usable.size === 0) return { ...report, status: "rejected", message: `no usable rows (${topReasons(report) || "nothing read"})` };
    return report;
  }
}
