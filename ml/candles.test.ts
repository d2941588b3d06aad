import { describe, expect, it } from "vitest";
import { CANDLE_CLASSES, candleFeatures, detectCandlePattern, generateCandleDataset, meanRange, synthesiseCandles, type CandleSeries } from "@/ml/candles";
import { createRandom } from "@/ml/random";

const series = (bars: [number, number, number, number][]): CandleSeries => ({
  open: Float64Array.from(bars, (b) => b[0]),
  high: Float64Array.from(bars, (b) => b[1]),
  low: Float64Array.from(bars, (b) => b[2]),
  close: Float64Array.from(bars, (b) => b[3]),
});
// Six falling candles, then the pattern's candles.
const decline: [number, number, number, number][] = Array.from({ length: 7 }, (_, i) => [10 - i, 10.1 - i, 8.9 - i, 9 - i]);

describe("candle-sequence classes", () => {
  it("detects the textbook shapes by rule", () => {
    // red 4 -> 3.5, then green opening at 3.4 and closing at 4.4: a bullish engulfing after a decline
    expect(detectCandlePattern(series([...decline, [4, 4.1, 3.45, 3.5], [3.4, 4.5, 3.35, 4.4]]), 1)).toBe("bullish-engulfing");
    // the same two candles without the decline before them are not a reversal
    expect(detectCandlePattern(series([[3, 3.1, 2.9, 3], [3.5, 3.6, 3.4, 3.5], [3.8, 3.9, 3.7, 3.8], [4, 4.1, 3.45, 3.5], [3.4, 4.5, 3.35, 4.4]]), 1)).toBe("none");
    const soldiers = series([[0, 0.1, -0.1, 0], [0, 0.1, -0.1, 0], [0, 1.6, -0.05, 1.5], [0.8, 2.5, 0.75, 2.4], [1.8, 3.4, 1.75, 3.3]]);
    expect(detectCandlePattern(soldiers, 1)).toBe("three-white-soldiers");
    // a morning star: long red, a small star below it, a long green closing above the first one's midpoint
    expect(detectCandlePattern(series([...decline, [4, 4.05, 2.4, 2.5], [2.2, 2.3, 2.0, 2.1], [2.15, 3.6, 2.1, 3.5]]), 1)).toBe("morning-star");
  });

  // Measured over 1,000 draws each: 93-99% of draws match their class at once (engulfing and stars the lowest).
  it("generates every class so that the rules recognise it (most draws at once, the rest on a redraw)", () => {
    const r = createRandom(11);
    for (const cls of CANDLE_CLASSES) {
      let agree = 0;
      for (let i = 0; i < 100; i++) {
        const s = synthesiseCandles(r, cls, 16);
        expect(s.close).toHaveLength(16);
        for (let k = 0; k < 16; k++) expect(s.high[k] >= Math.max(s.open[k], s.close[k]) && s.low[k] <= Math.min(s.open[k], s.close[k])).toBe(true);
        if (detectCandlePattern(s, meanRange(s)) === cls) agree++;
      }
      expect(agree, cls).toBeGreaterThan(80);
    }
  });

  it("makes a balanced, exactly labelled, reproducible data set of scale-free features", () => {
    const a = generateCandleDataset({ samples: 140, seed: 3 });
    const b = generateCandleDataset({ samples: 140, seed: 3 });
    expect(b.inputs).toEqual(a.inputs);
    expect(b.labels).toEqual(a.labels);
    expect(generateCandleDataset({ samples: 140, seed: 4 }).inputs).not.toEqual(a.inputs);
    const counts = new Array(CANDLE_CLASSES.length).fill(0);
    for (const l of a.labels) counts[l]++;
    expect(counts).toEqual(new Array(CANDLE_CLASSES.length).fill(20));
    expect(a.inputs).toHaveLength(140 * 16 * 4);
    // features: relative to the last close (so its close feature is 0) and in units of the mean range
    for (let i = 0; i < 140; i++) expect(a.inputs[i * 64 + 63]).toBe(0);
    const s = synthesiseCandles(createRandom(2), "bearish-engulfing", 16);
    const scaled = { open: s.open.map((v) => v * 3 + 7), high: s.high.map((v) => v * 3 + 7), low: s.low.map((v) => v * 3 + 7), close: s.close.map((v) => v * 3 + 7) };
    const [f, g] = [candleFeatures(s), candleFeatures(scaled)];
    f.forEach((v, i) => expect(g[i]).toBeCloseTo(v, 4));
  });
});
