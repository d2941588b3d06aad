import { describe, expect, it } from "vitest";
import { summariseOutcomes } from "@/lib/search/outcomes";

describe("outcomes", () => {
  it("reports mean, median, win rate, edge over the base rate and a 95% interval", () => {
    const o = summariseOutcomes({ returns: [0.1, -0.05, 0.02, 0.03], horizon: 20, baseline: { mean: 0.01, winRate: 0.55 } });
    expect(o.n).toBe(4);
    expect(o.mean).toBeCloseTo(0.025, 12);
    expect(o.median).toBeCloseTo(0.025, 12);
    expect(o.winRate).toBe(0.75);
    expect(o.edge).toBeCloseTo(0.015, 12);
    const sd = Math.sqrt(((0.075 ** 2) + (0.075 ** 2) + (0.005 ** 2) + (0.005 ** 2)) / 3);
    expect(o.ci95![0]).toBeCloseTo(0.025 - (1.96 * sd) / 2, 12);
    expect(o.ci95![1]).toBeCloseTo(0.025 + (1.96 * sd) / 2, 12);
  });

  it("has no statistics without matches", () => {
    const o = summariseOutcomes({ returns: [], horizon: 5, baseline: { mean: 0.01, winRate: 0.5 } });
    expect(o).toMatchObject({ n: 0, mean: null, edge: null, ci95: null, baseline: { mean: 0.01 } });
  });
});
