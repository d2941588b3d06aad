import { describe, expect, it } from "vitest";
import { describeEdge, histogram } from "@/lib/chart/outcome-stats";

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

describe("describeEdge", () => {
  const base = { horizon: 20, n: 40, mean: 0.01, baseline: { mean: 0.008 } };
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
});
