import { describe, expect, it } from "vitest";
import { dtwReference, lbKeoghReference, lbKimReference, squaredEuclid, zNormaliseReference } from "@/lib/search/testing/reference";
import { envelope, lengthsBetween, resample, smoothPickedRange, zNormalise } from "@/lib/search/prepare-queries";
import { gaussian, rng } from "@/lib/search/testing/random";

function walk(r: () => number, m: number): number[] {
  let x = 0;
  return Array.from({ length: m }, () => (x += gaussian(r)));
}

describe("distances and lower bounds on seeded random walks", () => {
  it("LB_Kim and LB_Keogh (both directions) never exceed banded DTW, which never exceeds Euclidean", () => {
    const r = rng(42);
    let kimBelowKeogh = 0;
    for (let trial = 0; trial < 300; trial++) {
      const m = 8 + Math.floor(r() * 60);
      const band = Math.max(1, Math.floor(m * (0.05 + r() * 0.2)));
      const q = zNormaliseReference(walk(r, m)), c = zNormaliseReference(walk(r, m));
      const dtw = dtwReference(q, c, band);
      const kim = lbKimReference(q, c), keoghEQ = lbKeoghReference(q, c, band), keoghEC = lbKeoghReference(c, q, band);
      expect(kim).toBeLessThanOrEqual(dtw + 1e-9);
      expect(keoghEQ).toBeLessThanOrEqual(dtw + 1e-9);
      expect(keoghEC).toBeLessThanOrEqual(dtw + 1e-9);
      expect(dtw).toBeLessThanOrEqual(squaredEuclid(q, c) + 1e-9);
      if (kim <= Math.max(keoghEQ, keoghEC)) kimBelowKeogh++;
    }
    // the cascade order pays off: the cheap LB_Kim is usually the looser bound
    expect(kimBelowKeogh).toBeGreaterThan(200);
  });

  it("DTW with a zero band is the Euclidean distance, and is symmetric", () => {
    const r = rng(7);
    const q = zNormaliseReference(walk(r, 40)), c = zNormaliseReference(walk(r, 40));
    expect(dtwReference(q, c, 0)).toBeCloseTo(squaredEuclid(q, c), 10);
    expect(dtwReference(q, c, 5)).toBeCloseTo(dtwReference(c, q, 5), 10);
  });

  it("z-normalisation removes offset and scale", () => {
    const r = rng(3);
    const x = Float64Array.from(walk(r, 50));
    const y = x.map((v) => 3 * v + 17);
    const zx = zNormalise(x), zy = zNormalise(y);
    zx.forEach((v, i) => expect(zy[i]).toBeCloseTo(v, 10));
    expect(Array.from(zx).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 10);
    expect(zNormalise(new Float64Array(10).fill(4)).every((v) => v === 0)).toBe(true);
  });

  it("the query envelope bounds the query within the band", () => {
    const r = rng(5);
    const q = Float64Array.from(walk(r, 30));
    const { upper, lower } = envelope(q, 3);
    for (let i = 0; i < 30; i++) {
      expect(upper[i]).toBeGreaterThanOrEqual(q[i]);
      expect(lower[i]).toBeLessThanOrEqual(q[i]);
      expect(upper[i]).toBe(Math.max(...q.slice(Math.max(0, i - 3), i + 4)));
    }
  });

  it("resampling keeps the end points and the scanned lengths leave no gap larger than the step", () => {
    const y = resample([0, 10, 0], 5);
    expect(Array.from(y)).toEqual([0, 5, 10, 5, 0]);
    const lengths = lengthsBetween({ minLength: 30, maxLength: 80, step: 0.03 });
    expect(lengths[0]).toBe(30);
    expect(lengths.at(-1)).toBe(80);
    for (let i = 1; i < lengths.length; i++) expect(lengths[i] / lengths[i - 1]).toBeLessThanOrEqual(1.0345);
  });
});

describe("candidate envelope", () => {
  it("tickerEnvelope equals a direct running max and min, leaving missing values out", async () => {
    const { tickerEnvelope } = await import("@/lib/search/scan-kernel");
    const r = rng(11);
    for (const band of [1, 3, 6, 9]) {
      const n = 97;
      const values = Float64Array.from({ length: n + 10 }, (_, i) => (i % 13 === 5 ? NaN : gaussian(r)));
      const envU = new Float64Array(n), envL = new Float64Array(n);
      const size = n + 2 * band + 2;
      tickerEnvelope(values, 10, n, band, envU, envL, new Float64Array(size), new Float64Array(size), new Float64Array(size));
      for (let i = 0; i < n; i++) {
        const win = Array.from(values.subarray(10 + Math.max(0, i - band), 10 + Math.min(n - 1, i + band) + 1)).filter((v) => !Number.isNaN(v));
        expect(envU[i]).toBe(win.length ? Math.max(...win) : -Infinity);
        expect(envL[i]).toBe(win.length ? Math.min(...win) : Infinity);
      }
    }
  });

  it("an envelope computed piece by piece (envelopeCover, any order of requests) equals the whole ticker's", async () => {
    const { envelopeCover, tickerEnvelope } = await import("@/lib/search/scan-kernel");
    const r = rng(12);
    for (const band of [1, 4, 8, 16, 40]) {
      const n = 300 + Math.floor(r() * 100);
      const values = Float64Array.from({ length: n + 20 }, (_, i) => (i % 29 === 3 ? NaN : gaussian(r)));
      const size = n + 2 * band + 2;
      const wholeU = new Float64Array(n), wholeL = new Float64Array(n);
      tickerEnvelope(values, 20, n, band, wholeU, wholeL, new Float64Array(size), new Float64Array(size), new Float64Array(size));
      const env = { stamp: 1, chunkStamp: new Int32Array((n >> 5) + 1), r: band, base: 20, n, upper: new Float64Array(n).fill(NaN), lower: new Float64Array(n).fill(NaN), P: new Float64Array(size), g: new Float64Array(size), h: new Float64Array(size) };
      const covered = new Uint8Array(n);
      for (let k = 0; k < 12; k++) {
        const from = Math.floor(r() * (n - 10)), to = Math.min(n, from + 1 + Math.floor(r() * 90));
        envelopeCover(values, env, from, to);
        covered.fill(1, from, to);
      }
      for (let i = 0; i < n; i++) {
        if (!covered[i]) continue;
        expect(env.upper[i]).toBe(wholeU[i]);
        expect(env.lower[i]).toBe(wholeL[i]);
      }
    }
  });

  it("envelopeRadius never narrows a band and keeps the radii of a 20..120 scan to a few sizes", async () => {
    const { envelopeRadius } = await import("@/lib/search/scan-kernel");
    for (let r = 1; r <= 200; r++) {
      expect(envelopeRadius(r)).toBeGreaterThanOrEqual(r);
      expect(envelopeRadius(r)).toBeLessThanOrEqual(Math.max(4, Math.ceil(r * 1.5)));
    }
    const radii = new Set(lengthsBetween({ minLength: 20, maxLength: 120, step: 0.1 }).map((m) => envelopeRadius(Math.floor(0.1 * m))));
    expect(radii.size).toBeLessThanOrEqual(6);
  });
});

describe("smoothPickedRange", () => {
  it("averages over a centred window of the given share of the length, shrinking at the edges; 0 leaves the values", () => {
    const x = Array.from({ length: 24 }, (_, i) => i + (i % 2 ? 1 : -1));
    expect(smoothPickedRange(x, 0)).toBe(x);
    const s = smoothPickedRange(x, 0.125); // half-width round(24 x 0.125 / 2) = 2 (5 points)
    expect(s[0]).toBeCloseTo((x[0] + x[1] + x[2]) / 3);
    expect(s[10]).toBeCloseTo((x[8] + x[9] + x[10] + x[11] + x[12]) / 5);
    expect(s[23]).toBeCloseTo((x[21] + x[22] + x[23]) / 3);
  });
});
