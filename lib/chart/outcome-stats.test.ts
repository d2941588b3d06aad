import { describe, expect, it } from "vitest";
import { describeEdge, edgeInterval, histogram } from "@/lib/chart/outcome-stats";

describe("histogram", () => {
  it("puts every finite value in exactly one bin", () => {
    const values = [-0.1, -0.05, 0, 0.02, 0.1, null, Number.NaN];
    const bins = histogram(values, 4);
    expect(bins).toHaveLength(4);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(5);
    expect(bins[0].lo).toBeCloseTo(-0.1);
    expect(bins[3].hi).toBeCloseTo(0.1);
    expect(bins[3].count).toBe(1);
  });

  it("copes with a single value and with none", () => {
    expect(histogram([0.01], 3).reduce((a, b) => a + b.count, 0)).toBe(1);
    expect(histogram([], 3)).toEqual([]);
  });
});

describe("edgeInterval", () => {
  it("shifts an interval around the mean by the base rate", () => {
    // The engine's ci95 is around the mean (2.26%); the edge is mean - base = -1.31%.
    const [lo, hi] = edgeInterval({ horizon: 20, n: 18, mean: 0.0226, edge: -0.0131, ci95: [0.0008, 0.0444], baseline: { mean: 0.0357 } })!;
    expect(lo).toBeCloseTo(-0.0349, 6);
    expect(hi).toBeCloseTo(0.0087, 6);
  });

  it("keeps an interval that is already around the edge", () => {
    expect(edgeInterval({ horizon: 20, n: 18, mean: 0.05, edge: 0.01, ci95: [-0.01, 0.03], baseline: { mean: 0.04 } })).toEqual([-0.01, 0.03]);
  });
});

describe("describeEdge", () => {
  const base = { horizon: 20, n: 40, mean: 0.002, baseline: { mean: 0 } };
  it("says there is no edge when the interval includes zero", () => {
    const v = describeEdge({ ...base, edge: 0.002, ci95: [-0.01, 0.014] });
    expect(v.kind).toBe("none");
    expect(v.sentence).toMatch(/^No edge/);
  });

  it("names a positive or negative edge when the interval excludes zero", () => {
    expect(describeEdge({ ...base, edge: 0.03, ci95: [0.01, 0.05] }).kind).toBe("positive");
    expect(describeEdge({ ...base, edge: -0.03, ci95: [-0.05, -0.01] }).kind).toBe("negative");
  });

  it("admits when there is nothing to judge", () => {
    expect(describeEdge({ ...base, n: 0, edge: null, ci95: null }).kind).toBe("unknown");
  });

  it("judges the real case where the mean's interval excludes zero but the edge's does not", () => {
    expect(describeEdge({ horizon: 20, n: 18, mean: 0.0226, edge: -0.0131, ci95: [0.0008, 0.0444], baseline: { mean: 0.0357 } }).kind).toBe("none");
  });
});
