/**
 * The columns the outcome statistics read: every ticker's candles concatenated, ticker t owning positions
 * [offsets[t], offsets[t + 1]); days are day numbers (days since 1970-01-01), close NaN or <= 0 where missing.
 * The search index (lib/search/types.ts SearchIndex) has them as offsets, days and fields.close.
 */
export type PriceColumns = { offsets: Int32Array; days: Int32Array; close: Float64Array };

/** The matches to judge: each one's ticker and the absolute position of its last candle (where the forward return starts). */
export type MatchEnds = { ticker: Int32Array; end: Int32Array };

/** What the search looked at, per searched ticker: positions [lo, hi) (the all-windows base rate is taken over them). */
export type SearchedRange = { tickers: Int32Array; lo: Int32Array; hi: Int32Array };

export type OutcomeSettings = {
  /** round-trip trading cost as a fraction (0.001 = 0.1%): an edge smaller than this does not matter */
  cost: number;
  /** the horizons reported beside the one asked, in trading days */
  horizons: number[];
  /** matches on different tickers ending within this many calendar days of each other form one cluster */
  clusterDays: number;
  /** the period-matched base rate reads the match's own ticker from this many calendar days before its end to as many after */
  periodDays: number;
  /** bootstrap resamples, and the seed that makes them reproducible */
  resamples: number;
  seed: number;
  /** fewer independent clusters than this: too few to judge */
  minEffective: number;
  /** the calibrated band's tails: 0.1 = the 10-90% band */
  bandTail: number;
  /** the band's coverage is checked over this many folds of consecutive dates */
  bandFolds: number;
};

export type BaseRate = { mean: number | null; winRate: number | null };

export type CalibratedBand = {
  lo: number | null;
  hi: number | null;
  /** the share of forward returns the band should hold (0.8 for the 10-90% band) */
  nominal: number;
  /** the share of later forward returns that fell inside the band computed from earlier dates only; null when too few to check */
  coverage: number | null;
  /** how many held-out returns that coverage counts */
  checked: number;
};

export type HorizonOutcome = {
  horizon: number;
  /** matches with a forward return over this horizon and a period-matched base rate */
  n: number;
  /** independent clusters: forward windows overlapping on one ticker count once, same-week ends across tickers count once */
  effectiveN: number;
  mean: number | null;
  median: number | null;
  winRate: number | null;
  /** 95% interval of the win rate by the same cluster bootstrap as the edge's (so overlapping, same-week matches do not narrow it) */
  winRateCi95: [number, number] | null;
  /** forward-return percentiles: p5, p10, p25, p50, p75, p90, p95 */
  percentiles: Record<PercentileName, number> | null;
  base: {
    /** the same tickers over the same calendar period (each match against its own ticker within +-periodDays) */
    period: BaseRate & { percentiles: Record<PercentileName, number> | null };
    /** every window of the searched tickers and dates */
    all: BaseRate;
  };
  /** mean forward return minus the period-matched base rate */
  edge: number | null;
  /** 95% interval of the edge by a block bootstrap over date-ordered clusters */
  edgeCi95: [number, number] | null;
  /** the plain standard-error interval as if every match were independent, for contrast */
  naiveCi95: [number, number] | null;
  /** mean forward return minus the all-windows base rate (what an unmatched base rate would call the edge) */
  allWindowsEdge: number | null;
  band: CalibratedBand;
};

export const PERCENTILES = [5, 10, 25, 50, 75, 90, 95] as const;
export type PercentileName = `p${(typeof PERCENTILES)[number]}`;
export const FAN_PERCENTILES = [10, 25, 50, 75, 90] as const;
export type FanName = `p${(typeof FAN_PERCENTILES)[number]}`;

/** Percentiles of the forward return after each of `days` trading days: the fan chart aligned at the match end. */
export type Fan = { days: number[]; match: Record<FanName, (number | null)[]> | null; base: Record<FanName, (number | null)[]> | null };

export type VerdictKind = "no-data" | "too-few" | "no-edge" | "negligible" | "uncertain-after-costs" | "better" | "worse";

/** The sample of a similarity-threshold request (`outcomes.minSimilarity`): every window at least that similar to the query. */
export type ThresholdSample = {
  minSimilarity: number;
  /** windows at least minSimilarity similar, overlapping ones included (a lower bound when capped) */
  windows: number;
  /** the windows the statistics read: none overlapping another on its ticker, best first (horizons[].n counts those with data after them) */
  matches: number;
  /** the scan stopped at `limit` matches (the best ones are kept): a lower threshold would not add any */
  capped: boolean;
  limit: number;
  note: string;
};

/** A candle sequence's sample: every occurrence while they fit, else a uniform sample of SEQUENCE_SAMPLE_CAP. */
export type OccurrenceSample = { total: number; read: number; note: string };

export type OutcomeStats = {
  /** what the statistics cover: the returned matches, every window under a similarity threshold, or every occurrence of a candle sequence */
  scope: "returned-matches" | "similarity-threshold" | "all-occurrences";
  /** with scope "similarity-threshold": the threshold and how many windows met it; null otherwise */
  threshold: ThresholdSample | null;
  /** with scope "all-occurrences" (a candle sequence): how many occurrences there are and how many were read */
  occurrences?: OccurrenceSample;
  horizon: number;
  horizons: HorizonOutcome[];
  fan: Fan;
  verdict: { kind: VerdictKind; sentence: string };
  cost: number;
  comparisons: { lengths: number; windows: number; horizons: number; note: string };
  method: { clusterDays: number; periodDays: number; resamples: number; seed: number };
};
