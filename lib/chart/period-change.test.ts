import { describe, expect, it } from "vitest";
import { classifySeriesPoints } from "@/lib/chart/build-series-bars-option";
import { getChartPalette } from "@/lib/chart/palette";
import { classifyChange, percentChange } from "@/lib/chart/period-change";

describe("period change colours", () => {
  it("splits changes into up, small drop and a drop over 7%", () => {
    expect(classifyChange(0)).toBe("up");
    expect(classifyChange(3.2)).toBe("up");
    expect(classifyChange(-0.1)).toBe("small-drop");
    expect(classifyChange(-7)).toBe("small-drop");
    expect(classifyChange(-7.01)).toBe("big-drop");
    expect(classifyChange(null)).toBe("none");
  });

  it("computes percent change and refuses a missing or zero base", () => {
    expect(percentChange(100, 93)).toBeCloseTo(-7, 10);
    expect(percentChange(0, 5)).toBeNull();
    expect(percentChange(null, 5)).toBeNull();
  });

  it("colours each bar by its change from the previous point", () => {
    const palette = getChartPalette("light");
    const bars = classifySeriesPoints(
      [
        { t: "2020-03-31", v: 100 },
        { t: "2020-06-30", v: 110 },
        { t: "2020-09-30", v: 105 },
        { t: "2020-12-31", v: 90 },
        { t: "2021-03-31", v: null },
        { t: "2021-06-30", v: 95 },
      ],
      palette,
    );
    expect(bars.map((b) => b.cls)).toEqual(["none", "up", "small-drop", "big-drop", "none", "none"]);
    expect(bars.map((b) => b.color)).toEqual([palette.neutral, palette.up, palette.warn, palette.down, palette.neutral, palette.neutral]);
  });
});
