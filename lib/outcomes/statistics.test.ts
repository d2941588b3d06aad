import { describe, expect, it } from "vitest";
import { bootstrapInterval } from "@/lib/outcomes/bootstrap-interval";
import { conformalBand } from "@/lib/outcomes/calibrate-band";
import { clusterMatches } from "@/lib/outcomes/cluster-matches";
import { describeVerdict } from "@/lib/outcomes/describe-verdict";
import { percentilesOf, placeQuantiles, quantileSorted } from "@/lib/outcomes/quantile";
import type { HorizonOutcome } from "@/lib/outcomes/types";
import { createRandom, gaussian } from "@/ml/random";

describe("quantileSorted", () => {
  it("interpolates like numpy's default (type 7)", () => {
    const a = Float64Array.of(1, 2, 3, 4);
    // numpy.percentile([1, 2, 3, 4], [0, 25, 50, 90, 100]) = [1, 1.75, 2.5, 3.7, 4]
    expect([0, 0.25, 0.5, 0.9, 1].map((q) => quantileSorted(a, q))).toEqual([1, 1.75, 2.5, expect.closeTo(3.7, 12), 4]);
    expect(quantileSorted(Float64Array.of(), 0.5)).toBeNaN();
    expect(percentilesOf(Float64Array.of(7), [10, 90])).toEqual({ p10: 7, p90: 7 });
  });

  it("reads the same quantiles from placeQuantiles' partial order as from a full sort, ties and tiny arrays included", () => {
    const r = createRandom(12);
    for (let t = 0; t < 400; t++) {
      const n = t % 40 === 0 ? 2000 : Math.floor(r() * 60);
      const values = Float64Array.from({ length: n }, () => (t % 3 ? gaussian(r) : Math.round(r() * 4)));
      const qs = t % 2 ? [0.025, 0.975] : [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1];
      const sorted = Float64Array.from(values).sort();
      const placed = placeQuantiles(Float64Array.from(values), qs);
      expect(qs.map((q) => quantileSorted(placed, q))).toEqual(qs.map((q) => quantileSorted(sorted, q)));
      expect(Float64Array.from(placed).sort()).toEqual(sorted);
    }
  });
});

describe("clusterMatches", () => {
  const day = (...d: number[]) => Int32Array.from(d);
  it("counts forward windows overlapping on one ticker once, anchored at the first rather than chained", () => {
    // one ticker, ends 15 candles apart, 20-day horizon: {0, 15} and {30, 45}, not one chain
    const r = clusterMatches({ ticker: Int32Array.of(0, 0, 0, 0), end: Int32Array.of(0, 15, 30, 45), day: day(0, 21, 42, 63), horizon: 20, clusterDays: 7 });
    expect(r.count).toBe(2);
    expect([...r.clusterOf]).toEqual([0, 0, 1, 1]);
  });
  it("joins matches of different tickers ending within a week, in date order", () => {
    // ticker 1 ends 3 days after ticker 0 (same cluster); ticker 2 ends 10 days after ticker 0 (its own)
    const r = clusterMatches({ ticker: Int32Array.of(2, 1, 0), end: Int32Array.of(2000, 1000, 0), day: day(110, 103, 100), horizon: 5, clusterDays: 7 });
    expect(r.count).toBe(2);
    expect([...r.clusterOf]).toEqual([1, 0, 0]);
  });
  it("keeps matches on one ticker apart once their forward windows no longer overlap", () => {
    const r = clusterMatches({ ticker: Int32Array.of(0, 0), end: Int32Array.of(0, 20), day: day(0, 28), horizon: 20, clusterDays: 7 });
    expect(r.count).toBe(2);
  });
});

describe("bootstrapInterval", () => {
  const random = createRandom(5);
  const values = Float64Array.from({ length: 400 }, () => 0.01 + 0.05 * gaussian(random));
  const singletons = Int32Array.from(values, (_, i) => i);
  it("matches the standard error for independent matches (a cluster each, blocks of one)", () => {
    const { interval } = bootstrapInterval({ values, clusterOf: singletons, clusters: 400, resamples: 4000, seed: 1, blockLength: 1 })!;
    const mean = values.reduce((a, b) => a + b) / 400;
    const sd = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / 399);
    expect((interval[1] - interval[0]) / ((2 * 1.96 * sd) / Math.sqrt(400))).toBeCloseTo(1, 1);
    expect((interval[0] + interval[1]) / 2).toBeCloseTo(mean, 3);
  });
  it("widens when the same matches are lumped into clusters that move together", () => {
    // 40 clusters of 10 equal values: the evidence of 40 matches, not 400
    const lumped = Float64Array.from(values, (_, i) => values[Math.floor(i / 10) * 10]);
    const clusterOf = Int32Array.from(values, (_, i) => Math.floor(i / 10));
    const asClusters = bootstrapInterval({ values: lumped, clusterOf, clusters: 40, resamples: 4000, seed: 1, blockLength: 1 })!;
    const asIndependent = bootstrapInterval({ values: lumped, clusterOf: singletons, clusters: 400, resamples: 4000, seed: 1, blockLength: 1 })!;
    const w = (x: { interval: [number, number] }) => x.interval[1] - x.interval[0];
    expect(w(asClusters) / w(asIndependent)).toBeGreaterThan(2.5);
  });
  it("is reproducible by seed", () => {
    const run = (seed: number) => bootstrapInterval({ values, clusterOf: singletons, clusters: 400, resamples: 500, seed })!.interval;
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});

describe("conformalBand", () => {
  it("takes the order statistics at the (n + 1) ranks and leaves an end open when the sample is too small", () => {
    const sorted = Float64Array.from({ length: 19 }, (_, i) => i + 1);
    // n = 19, tail 0.1: ranks floor(2) = 2 and ceil(18) = 18
    expect(conformalBand(sorted, 0.1)).toEqual({ lo: 2, hi: 18 });
    expect(conformalBand(Float64Array.of(1, 2, 3), 0.1)).toEqual({ lo: null, hi: null });
  });
});

describe("describeVerdict", () => {
  const outcome = (o: Partial<HorizonOutcome>): HorizonOutcome => ({
    horizon: 20, n: 39433, effectiveN: 900, mean: 0.004, median: 0.003, winRate: 0.52, winRateCi95: [0.5, 0.54], percentiles: null,
    base: { period: { mean: 0.0054, winRate: 0.53, percentiles: null }, all: { mean: 0.0054, winRate: 0.53 } },
    edge: -0.0014, edgeCi95: [-0.002, -0.0008], naiveCi95: [-0.0016, -0.0012], allWindowsEdge: -0.0014,
    band: { lo: null, hi: null, nominal: 0.8, coverage: null, checked: 0 }, ...o,
  });
  it("says a clear edge of -0.14% may not survive a 0.1% round trip when its interval reaches inside the cost", () => {
    const v = describeVerdict({ outcome: outcome({}), cost: 0.001, minEffective: 10 });
    expect(v.kind).toBe("uncertain-after-costs");
    expect(v.sentence).toBe("An edge that may not survive costs: \u22120.14% against the same tickers over the same period after 20 trading days (95% interval \u22120.20% to \u22120.08%, 900 independent of 39433 matches); the interval reaches inside a round-trip cost of 0.10%.");
  });
  it("calls the same edge negligible against a dearer round trip, and clear against a cheap one", () => {
    const dear = describeVerdict({ outcome: outcome({}), cost: 0.0015, minEffective: 10 });
    expect(dear.kind).toBe("negligible");
    expect(dear.sentence).toMatch(/^A measurable but negligible edge: .* within a round-trip cost of 0\.15%\.$/);
    expect(describeVerdict({ outcome: outcome({}), cost: 0.0005, minEffective: 10 }).kind).toBe("worse");
  });
  it("refuses to judge too few independent matches, however many there are", () => {
    const v = describeVerdict({ outcome: outcome({ n: 19, effectiveN: 6, edge: 0.05, edgeCi95: [0.02, 0.08] }), cost: 0.001, minEffective: 10 });
    expect(v.kind).toBe("too-few");
    expect(v.sentence).toMatch(/6 independent of 19 matches/);
  });
  it("names the period's drift when the all-windows rate would have shown an edge", () => {
    const v = describeVerdict({ outcome: outcome({ edge: 0.001, edgeCi95: [-0.004, 0.006], allWindowsEdge: 0.05 }), cost: 0.001, minEffective: 10 });
    expect(v.kind).toBe("no-edge");
    expect(v.sentence).toMatch(/Against every window searched it would look like \+5\.00%: the difference is the drift/);
  });
});
