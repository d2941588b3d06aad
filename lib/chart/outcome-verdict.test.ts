import { describe, expect, it } from "vitest";
import { describeSample, describeVerdictView } from "@/lib/chart/outcome-verdict";
import type { HorizonOutcome, OutcomeStats } from "@/lib/outcomes/types";

function horizon(over: Partial<HorizonOutcome>): HorizonOutcome {
  return {
    horizon: 20, n: 40, effectiveN: 12, mean: 0.01, median: 0.008, winRate: 0.55, winRateCi95: [0.4, 0.7], percentiles: null,
    base: { period: { mean: 0.005, winRate: 0.52, percentiles: null }, all: { mean: 0.006, winRate: 0.53 } },
    edge: 0.005, edgeCi95: [-0.01, 0.02], naiveCi95: [-0.002, 0.012], allWindowsEdge: 0.004,
    band: { lo: -0.05, hi: 0.06, nominal: 0.8, coverage: 0.79, checked: 30 },
    ...over,
  };
}

function stats(over: Partial<OutcomeStats>, h: Partial<HorizonOutcome> = {}): OutcomeStats {
  return {
    scope: "returned-matches", threshold: null, horizon: 20, horizons: [horizon({ horizon: 5 }), horizon(h)],
    fan: { days: [0], match: null, base: null }, verdict: { kind: "no-edge", sentence: "No measurable edge after accounting for overlap and the period's drift: …" },
    cost: 0.001, comparisons: { lengths: 3, windows: 90_000, horizons: 5, note: "90,000 windows at 3 lengths were compared." },
    method: { clusterDays: 7, periodDays: 182, resamples: 2000, seed: 1 },
    ...over,
  };
}

describe("describeVerdictView", () => {
  it("says 'too few matches to say' when the independent sample is below the threshold, whatever the mean", () => {
    const v = describeVerdictView(stats({ verdict: { kind: "too-few", sentence: "Too few independent matches to judge: 4 independent of 19 matches …" } }, { n: 19, effectiveN: 4, mean: 0.08 }));
    expect(v.headline).toBe("Too few matches to say");
    expect(v.tone).toBe("neutral");
    expect(v.sample).toBe("19 matches with 20 trading days after them count as 4 independent ones: windows overlapping on one ticker, and matches ending within a week of each other across tickers, count once. Most of them overlap, so the sample is smaller than it looks.");
  });

  it("names a clear edge by direction, and a small one as not mattering after costs", () => {
    expect(describeVerdictView(stats({ verdict: { kind: "better", sentence: "…" } }))).toMatchObject({ tone: "up", headline: "Did better than the same tickers over the same period" });
    expect(describeVerdictView(stats({ verdict: { kind: "worse", sentence: "…" } })).tone).toBe("down");
    expect(describeVerdictView(stats({ verdict: { kind: "negligible", sentence: "…" } })).headline).toBe("Too small to matter after costs");
    expect(describeVerdictView(stats({ verdict: { kind: "uncertain-after-costs", sentence: "…" } })).tone).toBe("warn");
  });

  it("reads the asked horizon, says what the numbers cover and keeps the comparisons note", () => {
    const listed = describeVerdictView(stats({}));
    expect(listed.sample.startsWith("40 matches with 20 trading days")).toBe(true);
    expect(listed.caveats).toEqual(["These numbers cover the 40 listed matches only, not every similar window.", "90,000 windows at 3 lengths were compared."]);
    const threshold = describeVerdictView(stats({ scope: "similarity-threshold", threshold: { minSimilarity: 0.9, windows: 5000, matches: 800, capped: false, limit: 2000, note: "Every window at least 90% similar: 5,000 windows; counting overlapping windows on a ticker once leaves 800." } }));
    expect(threshold.caveats[0]).toMatch(/^Every window at least 90% similar/);
  });
});

describe("describeSample", () => {
  it("words an empty, a non-overlapping and an overlapping sample", () => {
    expect(describeSample({ n: 0, effectiveN: 0, horizon: 60 })).toBe("No match has 60 trading days of data after it.");
    expect(describeSample({ n: 1, effectiveN: 1, horizon: 5 })).toBe("1 match with 5 trading days after it, none overlapping another.");
    expect(describeSample({ n: 30, effectiveN: 20, horizon: 5 })).toMatch(/^30 matches with 5 trading days after them count as 20 independent ones: .* count once\.$/);
  });
});
