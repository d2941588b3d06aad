import { allWindowsBaseRate, periodBaseRates, samplePeriodWindows } from "@/lib/outcomes/base-rates";
import { bootstrapInterval } from "@/lib/outcomes/bootstrap-interval";
import { calibrateBand } from "@/lib/outcomes/calibrate-band";
import { clusterMatches } from "@/lib/outcomes/cluster-matches";
import { describeVerdict } from "@/lib/outcomes/describe-verdict";
import { forwardReturnAt, forwardReturns } from "@/lib/outcomes/forward-returns";
import { percentilesOf, placeQuantiles, quantileSorted } from "@/lib/outcomes/quantile";
import { FAN_PERCENTILES, PERCENTILES, type Fan, type HorizonOutcome, type MatchEnds, type OutcomeSettings, type OutcomeStats, type PriceColumns, type SearchedRange } from "@/lib/outcomes/types";
import { runSteps, runStepsInSlices } from "@/lib/slices/run-in-slices";

export const DEFAULT_OUTCOME_SETTINGS: OutcomeSettings = {
  cost: 0.001,
  horizons: [1, 5, 10, 20, 60],
  clusterDays: 7,
  periodDays: 182,
  resamples: 2000,
  seed: 1,
  minEffective: 10,
  bandTail: 0.1,
  bandFolds: 5,
};

/** Random windows drawn from the matches' periods for the base rate's percentiles and fan. */
const BASE_SAMPLES = 1000;
const PERCENTILE_QUANTILES = PERCENTILES.map((p) => p / 100);
const FAN_QUANTILES = FAN_PERCENTILES.map((p) => p / 100);

/** Points of the fan chart at most: a 500-day horizon is drawn from 60 days, not 500. */
const FAN_POINTS = 60;

type DescribeArgs = { prices: PriceColumns; matches: MatchEnds; horizon: number; searched: SearchedRange; compared: { lengths: number; windows: number }; scope?: OutcomeStats["scope"]; threshold?: OutcomeStats["threshold"]; settings?: Partial<OutcomeSettings> };

/**
 * Outcome statistics of a set of matches at several horizons: forward returns and their percentiles, the
 * period-matched and all-windows base rates, the edge with an interval from a block bootstrap over independent
 * clusters, a calibrated band with its held-out coverage, a fan chart, a verdict on the asked horizon after costs,
 * and a note on how many comparisons picked the matches. Pure: columns in, a plain object out.
 */
export function describeOutcomes(args: DescribeArgs): OutcomeStats {
  return runSteps(describingOutcomes(args));
}

/**
 * The same statistics with the event loop turning whenever a slice of `sliceMs` has run (checked between horizons
 * and between the fan's two sides): on a web thread the bootstraps and the base fan of a few hundred matches
 * otherwise hold it for tens of milliseconds in one piece. The answer is describeOutcomes' own.
 */
export async function describeOutcomesInSlices(args: DescribeArgs, { sliceMs = 4 }: { sliceMs?: number } = {}): Promise<OutcomeStats> {
  return runStepsInSlices(describingOutcomes(args), sliceMs);
}

/** describeOutcomes as steps: one horizon, or one side of the fan, per step. */
function* describingOutcomes({ prices, matches, horizon, searched, compared, scope = "returned-matches", threshold = null, settings = {} }: DescribeArgs): Generator<void, OutcomeStats> {
  // a setting given as undefined (an optional request field) keeps its default
  const s = { ...DEFAULT_OUTCOME_SETTINGS, ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) };
  const horizons = [...new Set([...s.horizons, horizon])].sort((a, b) => a - b);
  const sampled = samplePeriodWindows({ prices, ticker: matches.ticker, end: matches.end, periodDays: s.periodDays, samples: BASE_SAMPLES, seed: s.seed + 1 });
  const outcomes: HorizonOutcome[] = [];
  for (const h of horizons) {
    yield;
    outcomes.push(describeHorizon({ prices, matches, sampled, searched, horizon: h, s }));
  }
  const asked = outcomes.find((o) => o.horizon === horizon)!;
  const days = fanDays(horizons[horizons.length - 1]);
  yield;
  const matchFan = fanOf(prices, matches, days);
  yield;
  const baseFan = fanOf(prices, sampled, days);
  return {
    scope,
    threshold,
    horizon,
    horizons: outcomes,
    fan: { days, match: matchFan, base: baseFan } satisfies Fan,
    verdict: describeVerdict({ outcome: asked, cost: s.cost, minEffective: s.minEffective }),
    cost: s.cost,
    comparisons: { ...compared, horizons: horizons.length, note: comparisonsNote(compared, horizons.length, horizon) },
    method: { clusterDays: s.clusterDays, periodDays: s.periodDays, resamples: s.resamples, seed: s.seed },
  };
}

function describeHorizon({ prices, matches, sampled, searched, horizon, s }: { prices: PriceColumns; matches: MatchEnds; sampled: MatchEnds; searched: SearchedRange; horizon: number; s: OutcomeSettings }): HorizonOutcome {
  const returns = forwardReturns(prices, matches, horizon);
  const period = periodBaseRates({ prices, ticker: matches.ticker, end: matches.end, horizon, periodDays: s.periodDays });
  const keep: number[] = [];
  for (let i = 0; i < returns.length; i++) if (!Number.isNaN(returns[i]) && !Number.isNaN(period.mean[i])) keep.push(i);
  const ticker = Int32Array.from(keep, (i) => matches.ticker[i]), end = Int32Array.from(keep, (i) => matches.end[i]);
  const r = Float64Array.from(keep, (i) => returns[i]), base = Float64Array.from(keep, (i) => period.mean[i]), baseWin = Float64Array.from(keep, (i) => period.winRate[i]);
  const n = keep.length;
  const all = allWindowsBaseRate({ prices, searched, horizon });
  const basePercentiles = percentilesOrNull(forwardReturns(prices, sampled, horizon).filter((x) => !Number.isNaN(x)));
  const nominal = 1 - 2 * s.bandTail;
  if (n === 0) {
    return {
      horizon, n, effectiveN: 0, mean: null, median: null, winRate: null, winRateCi95: null, percentiles: null,
      base: { period: { mean: null, winRate: null, percentiles: basePercentiles }, all },
      edge: null, edgeCi95: null, naiveCi95: null, allWindowsEdge: null,
      band: { lo: null, hi: null, nominal, coverage: null, checked: 0 },
    };
  }
  const { clusterOf, count } = clusterMatches({ ticker, end, day: Int32Array.from(end, (e) => prices.days[e]), horizon, clusterDays: s.clusterDays });
  const excess = Float64Array.from(r, (x, i) => x - base[i]);
  const mean = average(r), edge = average(excess);
  const sorted = Float64Array.from(r).sort();
  const sd = n > 1 ? Math.sqrt(excess.reduce((a, x) => a + (x - edge) ** 2, 0) / (n - 1)) : 0;
  const half = (1.96 * sd) / Math.sqrt(n);
  const boot = bootstrapInterval({ values: excess, clusterOf, clusters: count, resamples: s.resamples, seed: s.seed });
  const hits = bootstrapInterval({ values: Float64Array.from(r, (x) => (x > 0 ? 1 : 0)), clusterOf, clusters: count, resamples: s.resamples, seed: s.seed + 2 });
  return {
    horizon,
    n,
    effectiveN: count,
    mean,
    median: quantileSorted(sorted, 0.5),
    winRate: r.filter((x) => x > 0).length / n,
    winRateCi95: hits ? hits.interval : null,
    percentiles: percentilesOf(sorted, PERCENTILES),
    base: { period: { mean: average(base), winRate: average(baseWin), percentiles: basePercentiles }, all },
    edge,
    edgeCi95: boot ? boot.interval : null,
    naiveCi95: [edge - half, edge + half],
    allWindowsEdge: all.mean === null ? null : mean - all.mean,
    band: calibrateBand({ values: r, clusterOf, clusters: count, tail: s.bandTail, folds: s.bandFolds }),
  };
}

function average(a: Float64Array): number {
  let sum = 0;
  for (const x of a) sum += x;
  return sum / a.length;
}

function percentilesOrNull(values: Float64Array) {
  return values.length ? percentilesOf(placeQuantiles(values, PERCENTILE_QUANTILES), PERCENTILES) : null;
}

/** The fan's days: every day up to FAN_POINTS, else FAN_POINTS days spread evenly up to the longest horizon. */
export function fanDays(longest: number): number[] {
  if (longest <= FAN_POINTS) return Array.from({ length: longest }, (_, i) => i + 1);
  return [...new Set(Array.from({ length: FAN_POINTS }, (_, i) => Math.round(1 + (i * (longest - 1)) / (FAN_POINTS - 1))))];
}

/** Percentiles of the forward return after each of `days` (matches without that day's data left out). */
function fanOf(prices: PriceColumns, ends: MatchEnds, days: number[]): Fan["match"] {
  const n = ends.ticker.length;
  if (n === 0) return null;
  const fan = Object.fromEntries(FAN_PERCENTILES.map((p) => [`p${p}`, [] as (number | null)[]])) as NonNullable<Fan["match"]>;
  const row = new Float64Array(n);
  for (const d of days) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const r = forwardReturnAt(prices, ends.ticker[i], ends.end[i], d);
      if (!Number.isNaN(r)) row[k++] = r;
    }
    const placed = placeQuantiles(row.subarray(0, k), FAN_QUANTILES);
    for (const p of FAN_PERCENTILES) fan[`p${p}`].push(k ? round6(quantileSorted(placed, p / 100)) : null);
  }
  return fan;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function comparisonsNote(compared: { lengths: number; windows: number }, horizons: number, asked: number): string {
  const windows = compared.windows.toLocaleString("en-US");
  const lengths = `${compared.lengths} length${compared.lengths === 1 ? "" : "s"}`;
  return `${windows} windows at ${lengths} were compared to pick these matches, and ${horizons} horizons are shown (the verdict reads the ${asked}-day one you asked for). The best of many comparisons tends to look better than what follows it, so treat a clear edge as a lead to check on later data, not a finding.`;
}
