import { describe, expect, it } from "vitest";
import { buildFanOption, hasFan } from "@/lib/chart/build-fan-option";
import { getChartPalette } from "@/lib/chart/palette";
import type { Fan } from "@/lib/outcomes/types";

const fan: Fan = {
  days: [0, 1, 2],
  match: { p10: [0, -0.02, -0.04], p25: [0, -0.01, -0.01], p50: [0, 0.005, 0.01], p75: [0, 0.02, 0.03], p90: [0, 0.03, 0.06] },
  base: { p10: [0, -0.03, -0.05], p25: [0, -0.01, -0.02], p50: [0, 0, 0.002], p75: [0, 0.01, 0.02], p90: [0, 0.02, 0.04] },
};

type Line = { id: string; data: [number, number | null][]; stack?: string; stackStrategy?: string; areaStyle?: unknown };

describe("buildFanOption", () => {
  const option = buildFanOption({ fan, palette: getChartPalette("light"), horizon: 2 });
  const series = option.series as Line[];
  const byId = (id: string) => series.find((s) => s.id === id)!;

  it("draws the matches' median and the base rate's median in percent, at each day after the match", () => {
    expect(byId("match-median").data).toEqual([[0, 0], [1, 0.5], [2, 1]]);
    expect(byId("base-median").data.map(([, v]) => v)).toEqual([0, 0, 0.2]);
  });

  it("stacks each band as its lower line plus the gap to its upper line, so the area spans p10-p90 and p25-p75", () => {
    const lo = byId("match-p10-p90-lo").data.map(([, v]) => v);
    const gap = byId("match-p10-p90-gap").data.map(([, v]) => v);
    expect(lo.map((v, i) => Number((v! + gap[i]!).toFixed(6)))).toEqual([0, 3, 6]);
    expect(byId("match-p10-p90-gap").stack).toBe(byId("match-p10-p90-lo").stack);
    // a positive gap stacks on a negative lower line (ECharts' default stacks same-sign values only)
    expect(byId("match-p10-p90-gap").stackStrategy).toBe("all");
    expect(byId("match-p25-p75-gap").areaStyle).toBeDefined();
    expect(byId("match-p10-p90-lo").areaStyle).toBeUndefined();
  });

  it("leaves gaps where a percentile is missing, and knows when there is nothing to draw", () => {
    const sparse: Fan = { days: [0, 1], match: { p10: [0, null], p25: [0, null], p50: [0, null], p75: [0, null], p90: [0, null] }, base: null };
    const s = buildFanOption({ fan: sparse, palette: getChartPalette("dark"), horizon: 1 }).series as Line[];
    expect(s.find((x) => x.id === "match-median")!.data).toEqual([[0, 0], [1, null]]);
    expect(s.some((x) => x.id.startsWith("base"))).toBe(false);
    expect(hasFan(sparse)).toBe(true);
    expect(hasFan({ days: [0], match: null, base: null })).toBe(false);
  });
});
