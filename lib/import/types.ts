import type { RowOrder } from "@/lib/import/clean-daily-rows";
import type { CsvDialect } from "@/lib/import/detect-dialect";

/** A cleaned daily row: [date "YYYY-MM-DD", open, high, low, close, volume]; null marks a missing field. */
export type DailyRow = [t: string, o: number | null, h: number | null, l: number | null, c: number, v: number | null];

/** A dated value of a non-OHLCV series (fundamentals: revenue, market cap, ...). */
export type ScalarRow = [t: string, value: number];

export type ScalarSeries = { name: string; frequency: string; rows: ScalarRow[] };

export const IMPORT_FORMATS = [
  "long-csv",
  "yahoo-csv",
  "stooq-csv",
  /** Date, Open, High, Low, Close[, Volume] with no provider's mark on it (Stooq's per-ticker files look like this). */
  "generic-csv",
  "alphavantage-csv",
  "investing-csv",
  "tradingview-csv",
  "metatrader-csv",
  "metastock-csv",
  "alphavantage-json",
  "yahoo-json",
  "fundamentals-json",
  "ohlc-json",
  "polygon-json",
  "tiingo-json",
  "eod-json",
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** How often one reason occurred, with the first few line (CSV) or item (JSON) numbers as examples. */
export type ReasonCount = { count: number; examples: number[] };

/**
 * Row accounting: every row read is either kept or rejected (read = kept + rejected); `fixed` counts kept rows
 * that were cleaned or completed with nulls. A row may carry several fix reasons.
 */
export type RowReport = {
  read: number;
  kept: number;
  fixed: number;
  rejected: number;
  fixes: Record<string, ReasonCount>;
  rejections: Record<string, ReasonCount>;
};

export type ParsedTicker = {
  symbol: string;
  name?: string;
  exchange?: string;
  currency?: string;
  metadata: Record<string, unknown>;
  /** The provider document as received: CSV as { header, rows } for this ticker, JSON as-is. */
  document: unknown;
  /** Sampling of the price series ('daily' unless the provider gives e.g. monthly closes). */
  frequency?: string;
  daily: DailyRow[];
  scalars: ScalarSeries[];
  report: RowReport;
  /** The order the provider listed the days in (a property of the layout, not a repair). */
  order?: RowOrder;
};

export type FileReport = RowReport & {
  file: string;
  format: ImportFormat | null;
  /** 'rejected' means nothing from this file is stored; `message` says why. */
  status: "ok" | "rejected";
  message?: string;
  /** 'line' for CSV files, 'item' for JSON documents: what the example numbers count. */
  unit: "line" | "item";
  tickers: number;
  /** Delimited text: what was detected (delimiter, number style, date format, ignored columns). */
  dialect?: CsvDialect;
  /** The order the file lists its days in. */
  order?: RowOrder;
};

export type ParseResult =
  | { ok: true; format: ImportFormat; tickers: ParsedTicker[]; report: FileReport }
  | { ok: false; format: ImportFormat | null; tickers: []; report: FileReport };
