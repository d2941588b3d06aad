import { describe, expect, it } from "vitest";
import { histogram } from "@/lib/chart/outcome-stats";

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
