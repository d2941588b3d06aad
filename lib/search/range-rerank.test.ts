import { describe, expect, it } from "vitest";
import { rerankPickedRange } from "@/lib/search/range-rerank";
import { gaussian, rng } from "@/lib/search/testing/random";

// three tickers of 300 log values each: a random walk, with a smooth bump copied (stretched 1.2x, fresh noise) into the second
const r = rng(5);
const n = 300;
const values = new Float64Array(3 * n);
for (let t = 0; t < 3; t++) {
  let x = 0;
  for (let i = 0; i < n; i++) values[t * n + i] = x += 0.02 * gaussian(r);
}
const offsets = Int32Array.from([0, n, 2 * n, 3 * n]);
const L = 50;
const shape = (u: number) => 0.4 * Math.sin(Math.PI * u) ** 2;
const picked = Array.from({ length: L }, (_, i) => shape(i / (L - 1)) + 0.01 * gaussian(r));
const copyAt = n + 120, copyLength = 60;
for (let i = 0; i < copyLength; i++) values[copyAt + i] = values[copyAt] + shape(i / (copyLength - 1)) + 0.01 * gaussian(r);
const bounds = (t: number): [number, number] => [offsets[t], offsets[t + 1]];
const none = { ticker: -1, start: 0, end: 0 };
const settings = { values, bounds, exclude: none, points: picked, minLength: 40, maxLength: 62, priorLength: 75, width: 0.04, lengthPrior: 0.1 };

describe("rerankPickedRange", () => {
  it("ranks the look-alike first and refines a misplaced candidate onto it", () => {
    const candidates = [
      { ticker: 0, start: 30, length: 50 },
      { ticker: 1, start: copyAt + 6, length: 50 },
      { ticker: 2, start: 200, length: 55 },
    ];
    const out = rerankPickedRange({ ...settings, candidates, topK: 3 });
    expect(out[0].ticker).toBe(1);
    expect(Math.abs(out[0].start - copyAt)).toBeLessThanOrEqual(2);
    expect(Math.abs(out[0].length - copyLength)).toBeLessThanOrEqual(3);
    expect(out.map((w) => w.distance)).toEqual(out.map((w) => w.distance).sort((a, b) => a - b));
  });

  it("keeps the matches apart on every ticker, at most topK, and skips placements over a gap", () => {
    const candidates = [
      { ticker: 1, start: copyAt, length: 60 },
      { ticker: 1, start: copyAt + 10, length: 50 },
      { ticker: 0, start: 100, length: 50 },
      { ticker: 2, start: 10, length: 45 },
    ];
    const out = rerankPickedRange({ ...settings, candidates, topK: 10 });
    const onOne = out.filter((w) => w.ticker === 1);
    expect(onOne).toHaveLength(1);
    expect(rerankPickedRange({ ...settings, candidates, topK: 2 })).toHaveLength(2);
    const gap = Float64Array.from(values);
    gap.fill(NaN, 2 * n, 3 * n);
    expect(rerankPickedRange({ ...settings, values: gap, candidates, topK: 10 }).some((w) => w.ticker === 2)).toBe(false);
  });

  it("never moves a placement over the picked window or outside the request's dates", () => {
    const candidates = [{ ticker: 1, start: copyAt + 6, length: 50 }];
    // the look-alike's first candles fenced off: by the picked window, then by the date filter
    const fenced = rerankPickedRange({ ...settings, exclude: { ticker: 1, start: copyAt - 20, end: copyAt + 4 }, candidates, topK: 1 })[0];
    expect(fenced.start).toBeGreaterThanOrEqual(copyAt + 4);
    const dated = rerankPickedRange({ ...settings, bounds: (t) => (t === 1 ? [copyAt + 5, 2 * n] : bounds(t)), candidates, topK: 1 })[0];
    expect(dated.start).toBeGreaterThanOrEqual(copyAt + 5);
    expect(Math.abs(rerankPickedRange({ ...settings, candidates, topK: 1 })[0].start - copyAt)).toBeLessThanOrEqual(2);
  });
});
