import { describe, expect, it } from "vitest";
import { computeMovingAverage } from "@/lib/chart/moving-average";

describe("computeMovingAverage", () => {
  it("averages the last n values and leaves the warm-up empty", () => {
    expect(computeMovingAverage([1, 2, 3, 4, 5], 3)).toEqual([null, null, 2, 3, 4]);
  });

  it("matches a brute-force average on a long series", () => {
    const values = Array.from({ length: 400 }, (_, i) => 100 + Math.sin(i / 7) * 10 + i * 0.1);
    const ma = computeMovingAverage(values, 50);
    for (const i of [49, 120, 399]) {
      const window = values.slice(i - 49, i + 1);
      expect(ma[i]).toBeCloseTo(window.reduce((a, b) => a + b, 0) / 50, 9);
    }
    expect(ma[48]).toBeNull();
  });

  it("yields null for every window that contains a missing value", () => {
    expect(computeMovingAverage([1, 2, null, 4, 5, 6], 2)).toEqual([null, 3 / 2, null, null, 9 / 2, 11 / 2]);
  });

  it("rejects a period that is not a positive integer", () => {
    expect(() => computeMovingAverage([1, 2], 0)).toThrow(RangeError);
  });
});
