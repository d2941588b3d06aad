import { describe, expect, it } from "vitest";
import { logTicksForWindow, niceLogTicks } from "@/lib/chart/log-ticks";

describe("niceLogTicks", () => {
  it("uses round levels inside a narrow range", () => {
    expect(niceLogTicks(167, 205)).toEqual([170, 180, 190, 200]);
  });

  it("spans decades with coarse levels and never exceeds twelve ticks", () => {
    const ticks = niceLogTicks(650, 3400);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(12);
    expect(ticks[0]).toBeGreaterThanOrEqual(650);
    expect(ticks.at(-1)).toBeLessThanOrEqual(3400);
    expect(niceLogTicks(1, 10_000)).toEqual([1, 10, 100, 1000, 10000]);
  });

  it("returns nothing for an invalid range", () => {
    expect(niceLogTicks(0, 10)).toEqual([]);
    expect(niceLogTicks(5, 5)).toEqual([]);
  });

  it("reads the window's lows and highs, skipping missing values", () => {
    const candles = [
      { t: "2020-01-02", o: 180, h: 190, l: 175, c: 185, v: 1 },
      { t: "2020-01-03", o: null, h: null, l: null, c: null, v: null },
      { t: "2020-01-06", o: 185, h: 186, l: 180, c: 181, v: 1 },
    ];
    const ticks = logTicksForWindow(candles, 0, 2);
    expect(ticks[0]).toBeGreaterThanOrEqual(175 * 0.9);
    expect(ticks.at(-1)).toBeLessThanOrEqual(190 * 1.1);
    expect(logTicksForWindow(candles, 1, 1)).toEqual([]);
  });
});
