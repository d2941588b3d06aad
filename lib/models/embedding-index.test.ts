import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tf } from "@/ml/backend";
import { classifyWindows } from "@/ml/model";
import { createRandom, gaussian } from "@/ml/random";
import { trainModel, type TrainResult } from "@/ml/train-model";
import { buildEmbeddingIndex, type CloseColumns } from "@/lib/models/build-embedding-index";
import { scanLatestWindows } from "@/lib/models/scan-latest-windows";
import { searchEmbeddingIndex } from "@/lib/models/search-embedding-index";

// Three random-walk tickers; the query is an exact (scaled, shifted) copy of a stretch of ticker 1.
function makeColumns(): CloseColumns {
  const r = createRandom(21);
  const lengths = [300, 250, 190];
  const offsets = new Int32Array(lengths.length + 1);
  lengths.forEach((n, i) => (offsets[i + 1] = offsets[i] + n));
  const close = new Float64Array(offsets[lengths.length]);
  for (let t = 0; t < lengths.length; t++) {
    let v = 100;
    for (let i = offsets[t]; i < offsets[t + 1]; i++) close[i] = v *= Math.exp(gaussian(r) * 0.02);
  }
  close[offsets[2] + 10] = NaN; // ticker 2 has a gap
  return { symbols: ["AAA", "BBB", "CCC"], offsets, days: Int32Array.from(close, (_, i) => i), fields: { close } };
}

describe("embedding index and scan", () => {
  let trained: TrainResult;
  const columns = makeColumns();
  beforeAll(async () => {
    trained = await trainModel({ epochs: 1, samples: 180, holdoutSamples: 90, batchSize: 60, embeddingSize: 8, seed: 4 });
  });
  afterAll(() => trained?.model.model.dispose());

  it("indexes every stride-th complete window of each length, aligned to each series' end", () => {
    const index = buildEmbeddingIndex({ model: trained.model, columns, lengths: [32, 64] });
    expect(index.strides).toEqual([4, 8]);
    const { offsets } = columns;
    expect(index.embeddings.shape).toEqual([index.windows, 8]);
    for (const [m, stride] of [[32, 4], [64, 8]]) {
      for (let t = 0; t < 3; t++) {
        const own = Array.from(index.start).filter((_, i) => index.ticker[i] === t && index.length[i] === m);
        expect(own).toContain(offsets[t + 1] - m);
        expect(own.every((s) => (offsets[t + 1] - m - s) % stride === 0 && s >= offsets[t])).toBe(true);
        if (t < 2) expect(own.length).toBe(Math.floor((offsets[t + 1] - offsets[t] - m) / stride) + 1);
      }
    }
    const gap = columns.offsets[2] + 10;
    expect(Array.from(index.start).some((s, i) => index.ticker[i] === 2 && s <= gap && gap < s + index.length[i])).toBe(false);
    const norms = tf.tidy(() => tf.norm(index.embeddings, "euclidean", 1).dataSync());
    for (const v of norms) expect(v).toBeCloseTo(1, 4);
    index.embeddings.dispose();
  });

  it("finds an indexed window from a scaled copy of it, first and at distance ~0, without overlapping matches", () => {
    const index = buildEmbeddingIndex({ model: trained.model, columns, lengths: [32, 64, 90], stride: 4 });
    const at = index.start[Array.from(index.ticker).findIndex((t, i) => t === 1 && index.length[i] === 64) + 5];
    const points = Array.from(columns.fields.close.subarray(at, at + 64), (v) => v * 3 + 50);
    const { matches } = searchEmbeddingIndex({ index, model: trained.model, columns, points, topK: 5 });
    expect(matches[0]).toMatchObject({ ticker: 1, symbol: "BBB", start: at, length: 64 });
    expect(matches[0].distance).toBeLessThan(1e-3);
    expect(matches[0].similarity).toBeCloseTo(1, 4);
    for (let i = 1; i < matches.length; i++) expect(matches[i].distance).toBeGreaterThanOrEqual(matches[i - 1].distance);
    for (const a of matches) for (const b of matches) if (a !== b && a.ticker === b.ticker) expect(a.start >= b.start + b.length || b.start >= a.start + a.length).toBe(true);
    const short = searchEmbeddingIndex({ index, model: trained.model, columns, points, topK: 5, maxLength: 40 });
    expect(short.matches.length).toBeGreaterThan(0);
    // Only 32-candle windows are indexed under 40; refinement may stretch them by up to 10%.
    expect(short.matches.every((m) => m.length >= 29 && m.length <= 40)).toBe(true);
    const only = searchEmbeddingIndex({ index, model: trained.model, columns, points, topK: 5, tickers: new Set([0]) });
    expect(only.matches.length).toBeGreaterThan(0);
    expect(only.matches.every((m) => m.ticker === 0)).toBe(true);
    index.embeddings.dispose();
  });

  it("scans each ticker's latest window and agrees with the classifier", () => {
    const lookback = 60;
    const hits = scanLatestWindows({ model: trained.model, columns, pattern: "noise", lookback, minProbability: 0 });
    expect(hits.map((h) => h.symbol).sort()).toEqual(["AAA", "BBB", "CCC"]);
    const k = trained.model.config.classes.length;
    const noise = trained.model.config.classes.indexOf("noise");
    for (const h of hits) {
      expect(h.end - h.start + 1).toBe(lookback);
      const p = classifyWindows({ model: trained.model, windows: [columns.fields.close.subarray(h.start, h.end + 1)] });
      expect(h.probability).toBeCloseTo(p[noise], 5);
      expect(p.length).toBe(k);
    }
    for (let i = 1; i < hits.length; i++) expect(hits[i].probability).toBeLessThanOrEqual(hits[i - 1].probability);
    expect(scanLatestWindows({ model: trained.model, columns, pattern: "noise", lookback, minProbability: 1.01 })).toEqual([]);
    expect(() => scanLatestWindows({ model: trained.model, columns, pattern: "triangle", lookback, minProbability: 0 })).toThrow(/Unknown pattern/);
  });
});
