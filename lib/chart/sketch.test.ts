import { describe, expect, it } from "vitest";
import { resample, smoothStroke, strokesToSeries } from "@/lib/chart/sketch";

describe("strokesToSeries", () => {
  it("reads a stroke as height over time, up being larger", () => {
    // A "V" drawn in canvas coordinates (y grows downwards).
    const v = [{ x: 0, y: 0 }, { x: 50, y: 100 }, { x: 100, y: 0 }];
    const s = strokesToSeries([v], 5)!;
    expect(s).toEqual([1, 0.5, 0, 0.5, 1]);
  });

  it("lets a later stroke replace the part it redraws and bridges holes", () => {
    const first = [{ x: 0, y: 100 }, { x: 100, y: 100 }];
    const redo = [{ x: 40, y: 0 }, { x: 60, y: 0 }];
    const s = strokesToSeries([first, redo], 11)!;
    expect(s[5]).toBe(1);
    expect(s[0]).toBe(0);
    expect(s[10]).toBe(0);
  });

  it("handles a stroke drawn right to left and refuses a dot", () => {
    expect(strokesToSeries([[{ x: 100, y: 0 }, { x: 0, y: 100 }]], 3)).toEqual([0, 0.5, 1]);
    expect(strokesToSeries([[{ x: 5, y: 5 }]], 10)).toBeNull();
    expect(strokesToSeries([[{ x: 0, y: 0 }, { x: 10, y: 5 }]], 10, 0.2, 400)).toBeNull();
  });
});

describe("smoothing and resampling", () => {
  it("smooths jitter but keeps the ends in place for a straight line", () => {
    const jitter = Array.from({ length: 20 }, (_, i) => ({ x: i, y: i % 2 ? 10 : 0 }));
    const smooth = smoothStroke(jitter, 2);
    const spread = Math.max(...smooth.slice(2, -2).map((p) => p.y)) - Math.min(...smooth.slice(2, -2).map((p) => p.y));
    expect(spread).toBeLessThan(3);
  });

  it("resamples linearly", () => {
    expect(resample([0, 10], 5)).toEqual([0, 2.5, 5, 7.5, 10]);
  });
});
