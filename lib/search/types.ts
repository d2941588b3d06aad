import type { OutcomeStats } from "@/lib/outcomes/types";
import type { PrefixBlocks } from "@/lib/search/prefix-blocks";
import type { WithinWindows } from "@/lib/search/scan-within";

/** The price and volume fields every daily OHLCV series has. */
export type OhlcvField = "open" | "high" | "low" | "close" | "volume";

/** One ticker's daily series as typed arrays; NaN marks a missing value. */
export type TickerColumns = {
  symbol: string;
  days: Int32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Optional scalar series (fundamentals) aligned to their own dates. */
  scalars?: Record<string, { days: Int32Array; values: Float64Array }>;
};

/**
 * The columnar in-memory index: every ticker's candles concatenated into one array per field, in
 * SharedArrayBuffers so worker threads read them without copies. Ticker t owns positions
 * [offsets[t], offsets[t + 1]).
 */
export type SearchIndex = {
  version: number;
  symbols: string[];
  bySymbol: Map<string, number>;
  offsets: Int32Array;
  days: Int32Array;
  fields: Record<OhlcvField, Float64Array>;
  candles: number;
  /** Scalar series by name: their own concatenated layout. */
  scalars: Map<string, ScalarColumns>;
  /** Derived arrays (transformed values, prefix sums) computed on first use. */
  cache: Map<string, PreparedSeries | AveragedSeries>;
};

export type ScalarColumns = { offsets: Int32Array; days: Int32Array; values: Float64Array };

/**
 * A series ready for scanning: transformed values plus prefix sums every 64 positions (lib/search/prefix-blocks.ts),
 * from which a scan rebuilds exact window means, deviations and NaN counts for the range it reads.
 */
export type PreparedSeries = PrefixBlocks & {
  offsets: Int32Array;
  days: Int32Array;
  values: Float64Array;
  /** per ticker: standard deviation of the day-to-day change of the (unsmoothed) values */
  vol: Float64Array;
};

/**
 * A prepared series averaged over `factor` candles (prepareSeriesAveraged), with no days of its own: averages are
 * mapped back to candle positions (cell c of ticker t starts at candle full.offsets[t] + factor x (c - offsets[t])).
 */
export type AveragedSeries = Omit<PreparedSeries, "days">;

export type SearchMethod = "zned" | "dtw";

/** The engine that answered a search and, in words, why it was the one. */
export type EngineChoice = { method: "zned" | "dtw" | "dtw+zned" | "dtw+model" | "model" | "sequence"; reason: string };

/** A window never to return (a range query's own window): positions [start, end) of ticker (-1: none). */
export type ExcludedWindow = { ticker: number; start: number; end: number };

export type Match = {
  symbol: string;
  start: string;
  end: string;
  length: number;
  distance: number;
  score: number;
  forward: { days: number; return: number | null };
};

export type SearchResult = {
  matches: Match[];
  /** horizons, effective sample size, cluster-bootstrap intervals, period-matched base rate, calibrated band, verdict (lib/outcomes) */
  outcomeStats?: OutcomeStats | null;
  total: number;
  tookMs: number;
  method: string;
  /** which engine answered and why ("auto" resolved, or the one asked for) */
  engine?: EngineChoice;
  searched: { series: number; candles: number };
  /** how many lengths and windows a shape engine compared: the outcome statistics' multiple-comparisons note */
  compared?: { lengths: number; windows: number };
  /** with a threshold scan (searchPatterns' `within`): every window within it, for the outcome statistics; never sent */
  within?: WithinWindows;
  /** a candle sequence's occurrences (a uniform sample of at most SEQUENCE_SAMPLE_CAP) for the outcome statistics; never sent */
  occurrences?: { ticker: Int32Array; end: Int32Array; total: number };
};
