import { beforeAll, describe, expect, it } from "vitest";
import { initBackend, tf } from "@/ml/backend";
import { embedWindows, classifyWindows } from "@/ml/model";
import { patternSketch } from "@/ml/shapes";
import { trainModel, type TrainProgress } from "@/ml/train-model";

const TINY = { epochs: 1, samples: 180, holdoutSamples: 90, batchSize: 60, embeddingSize: 8 };

describe("trainModel (tiny config)", () => {
  beforeAll(async () => {
    await initBackend();
  });
  it("runs the loop on wasm, reports progress, evaluates, leaks no tensors, and is reproducible by seed", async () => {
    const progress: TrainProgress[] = [];
    const baseline = tf.memory().numTensors;
    const a = await trainModel({ ...TINY, seed: 3 }, (p) => progress.push(p));
    expect(tf.getBackend()).toBe("wasm");
    expect(a.backend).toBe("wasm");
    expect(progress.filter((p) => p.phase === "batch")).toHaveLength(3);
    expect(progress.at(-1)).toMatchObject({ phase: "epoch", epoch: 1, epochs: 1, etaMs: 0 });
    expect(a.curves).toHaveLength(1);
    expect(Number.isFinite(a.curves[0].loss)).toBe(true);
    expect(a.metrics.samples).toBe(90);
    expect(a.metrics.confusion.flat().reduce((x, y) => x + y, 0)).toBe(90);
    expect(a.metrics.perClass.map((c) => c.support)).toEqual(new Array(9).fill(10));

    // Only the model's own weights stay allocated.
    const weights = a.model.model.weights.length;
    expect(tf.memory().numTensors - baseline).toBe(weights);

    const b = await trainModel({ ...TINY, seed: 3 });
    const c = await trainModel({ ...TINY, seed: 4 });
    const wa = a.model.model.getWeights().map((w) => Array.from(w.dataSync()));
    const wb = b.model.model.getWeights().map((w) => Array.from(w.dataSync()));
    const wc = c.model.model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(wb).toEqual(wa);
    expect(wc).not.toEqual(wa);
    expect(b.curves[0].loss).toBe(a.curves[0].loss);
    for (const m of [a, b, c]) m.model.model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it("embeds to unit vectors that ignore a window's scale and offset", async () => {
    const { model } = await trainModel({ ...TINY, seed: 5 });
    const base = Array.from(patternSketch("double-bottom", 90)).map((v, i) => v + Math.sin(i) * 0.05);
    const windows = [base, base.map((v) => v * 40 + 1000), base.map((v) => v * 0.01 - 3)];
    const e = embedWindows({ model, windows });
    const d = model.config.embeddingSize;
    for (let w = 0; w < 3; w++) {
      let norm = 0;
      for (let j = 0; j < d; j++) norm += e[w * d + j] ** 2;
      expect(Math.sqrt(norm)).toBeCloseTo(1, 5);
      for (let j = 0; j < d; j++) expect(e[w * d + j]).toBeCloseTo(e[j], 4);
    }
    // A different shape embeds elsewhere.
    const other = embedWindows({ model, windows: [Array.from(patternSketch("rising-trend", 90))] });
    expect(Array.from(other)).not.toEqual(Array.from(e.subarray(0, d)));
    const p = classifyWindows({ model, windows });
    const k = model.config.classes.length;
    for (let w = 0; w < 3; w++) {
      expect(p.subarray(w * k, (w + 1) * k).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
      for (let j = 0; j < k; j++) expect(p[w * k + j]).toBeCloseTo(p[j], 4);
    }
    model.model.dispose();
  });

  it("adds the contrastive term over augmented pairs, and leaves it out at weight 0 (as older versions were trained)", async () => {
    const withPairs = await trainModel({ ...TINY, seed: 6, contrastiveWeight: 1, contrastivePairs: 16 });
    expect(withPairs.curves[0].contrastive).toBeGreaterThan(0);
    expect(withPairs.curves[0].loss).toBeGreaterThan(withPairs.curves[0].crossEntropy);
    const without = await trainModel({ ...TINY, seed: 6, contrastiveWeight: 0 });
    expect(without.curves[0]).not.toHaveProperty("contrastive");
    expect(without.curves[0].loss).not.toBe(withPairs.curves[0].loss);
    await expect(trainModel({ ...TINY, contrastiveWeight: 1, contrastivePairs: 1 })).rejects.toThrow(/contrastivePairs/);
    await expect(trainModel({ ...TINY, temperature: 0 })).rejects.toThrow(/temperature/);
    for (const m of [withPairs, without]) m.model.model.dispose();
  });
});
