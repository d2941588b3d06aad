import { beforeAll, describe, expect, it } from "vitest";
import { cleanView, dataView, drawnView, jitterKeys, namedShape, randomKeypoints, randomPath, randomWarp } from "@/ml/augment";
import { initBackend, tf } from "@/ml/backend";
import { contrastiveBatch } from "@/ml/contrastive";
import { infoNceLoss } from "@/ml/losses";
import { createRandom } from "@/ml/random";
import { PATTERN_SHAPES } from "@/ml/shapes";

describe("augmentations (issue 15's specification)", () => {
  it("warps are monotone maps of [0, 1] onto itself whose local speed stays near 0.65x-1.5x", () => {
    const r = createRandom(11);
    let slowest = Infinity, fastest = 0;
    for (let k = 0; k < 100; k++) {
      const w = randomWarp(r);
      expect(w(0)).toBeCloseTo(0, 9);
      expect(w(1)).toBeCloseTo(1, 9);
      for (let i = 0; i < 100; i++) {
        const speed = (w((i + 1) / 100) - w(i / 100)) * 100;
        expect(speed).toBeGreaterThan(0);
        slowest = Math.min(slowest, speed);
        fastest = Math.max(fastest, speed);
      }
    }
    // normalising the whole warp to [0, 1] can push the bounds a little
    expect(slowest).toBeGreaterThan(0.5);
    expect(fastest).toBeLessThan(2);
    expect(slowest).toBeLessThan(0.8);
    expect(fastest).toBeGreaterThan(1.3);
  });

  it("jitters keypoints within the given height and length, keeping their order and ends", () => {
    const r = createRandom(5);
    const keys = PATTERN_SHAPES["head-and-shoulders"];
    for (let k = 0; k < 200; k++) {
      const j = jitterKeys(r, keys, 0.08, 0.03);
      expect(j[0][0]).toBe(0);
      expect(j.at(-1)![0]).toBe(1);
      j.forEach(([t, v], i) => {
        expect(Math.abs(v - keys[i][1])).toBeLessThanOrEqual(0.08);
        expect(Math.abs(t - keys[i][0])).toBeLessThanOrEqual(0.03 + 1e-12);
        if (i > 0) expect(t).toBeGreaterThan(j[i - 1][0]);
      });
    }
  });

  it("draws data views of 24-250 candles and drawn queries of 30-120 points, all finite", () => {
    const r = createRandom(7);
    const lengths: number[] = [];
    for (let k = 0; k < 300; k++) {
      const source = k % 3 === 0 ? namedShape("double-bottom") : k % 3 === 1 ? { kind: "keys" as const, keys: randomKeypoints(r) } : { kind: "path" as const, path: randomPath(r) };
      const d = dataView(r, source);
      const q = drawnView(r, source);
      lengths.push(d.length);
      expect(q.length).toBeGreaterThanOrEqual(30);
      expect(q.length).toBeLessThanOrEqual(120);
      expect([...d, ...q].every(Number.isFinite)).toBe(true);
    }
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(24);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(250);
    expect(Math.max(...lengths)).toBeGreaterThan(150);
  });

  it("keeps the shape: a data view of a double bottom correlates with its clean sketch, not with a double top", () => {
    const r = createRandom(3);
    const corr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * b[i];
      return s / a.length;
    };
    const batch = contrastiveBatch(r, 1, 64);
    expect(batch.queries).toHaveLength(64);
    const z = (y: ArrayLike<number>) => {
      const m = Array.from(y).reduce((a, b) => a + b, 0) / y.length;
      const sd = Math.sqrt(Array.from(y).reduce((a, b) => a + (b - m) ** 2, 0) / y.length);
      return Array.from(y, (v) => (v - m) / sd);
    };
    const bottom = z(cleanView(namedShape("double-bottom")));
    const top = z(cleanView(namedShape("double-top")));
    let own = 0, other = 0;
    for (let k = 0; k < 100; k++) {
      const v = dataView(r, namedShape("double-bottom"), [60, 60]);
      const resampled = z(Array.from({ length: 64 }, (_, i) => v[Math.round((i * (v.length - 1)) / 63)]));
      own += corr(resampled, bottom) / 100;
      other += corr(resampled, top) / 100;
    }
    expect(own).toBeGreaterThan(0.5);
    expect(other).toBeLessThan(0);
  });
});

describe("contrastiveBatch and infoNceLoss", () => {
  beforeAll(async () => {
    await initBackend();
  });

  it("groups named patterns together and gives every other shape its own group; same seed, same batch", () => {
    const a = contrastiveBatch(createRandom(1), 200, 64);
    const b = contrastiveBatch(createRandom(1), 200, 64);
    expect(Array.from(a.views)).toEqual(Array.from(b.views));
    const named = Array.from(a.groups).filter((g) => g < 8);
    const unique = Array.from(a.groups).filter((g) => g >= 8);
    expect(named.length).toBeGreaterThan(60);
    expect(new Set(named).size).toBe(8);
    expect(new Set(unique).size).toBe(unique.length);
  });

  it("is near zero when each query matches its own view only, high when views are swapped, and ignores same-group negatives", () => {
    tf.tidy(() => {
      const e = tf.eye(4) as tf.Tensor2D;
      const swapped = tf.tensor2d([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]);
      const groups = tf.tensor1d([10, 11, 12, 13], "int32");
      expect((infoNceLoss(e, e, groups, 0.1).dataSync() as Float32Array)[0]).toBeLessThan(1e-3);
      expect((infoNceLoss(e, swapped, groups, 0.1).dataSync() as Float32Array)[0]).toBeGreaterThan(5);
      // rows 0 and 1 identical: a hard negative, unless they share a group
      const dup = tf.tensor2d([[1, 0, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
      const apart = (infoNceLoss(dup, dup, groups, 0.1).dataSync() as Float32Array)[0];
      const together = (infoNceLoss(dup, dup, tf.tensor1d([1, 1, 12, 13], "int32"), 0.1).dataSync() as Float32Array)[0];
      expect(apart).toBeGreaterThan(0.3);
      expect(together).toBeLessThan(1e-3);
    });
  });
});
