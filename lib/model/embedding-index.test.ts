import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyWindows } from "@/ml/model";
import { createRandom, gaussian } from "@/ml/random";
import { trainModel, type TrainResult } from "@/ml/train-model";
import { buildEmbeddingIndex, tickerOfRow } from "@/lib/model/build-embedding-index";
import { assembleIndex, embedParts, hashCloses } from "@/lib/model/embedding-index-store";
import { dequantise, quantise } from "@/lib/model/quantise";
import { mergeRegions, rerankExact } from "@/lib/model/rerank-exact";
import { classifyLatestWindows, classifyLatestWindowsInSlices, scanLatestWindows } from "@/lib/model/scan-latest-windows";
import { searchEmbeddingIndex } from "@/lib/model/search-embedding-index";
import { buildIndex } from "@/lib/search/build-index";
import { samplePreset } from "@/lib/search/presets";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import type { SearchIndex } from "@/lib/search/types";

// Three random-walk tickers (the search index the server holds); ticker 2 has a gap.
function makeColumns(): SearchIndex {
  const r = createRandom(21);
  const tickers = [300, 250, 190].map((n, t) => {
    const close = new Float64Array(n);
    let v = 100;
    for (let i = 0; i < n; i++) close[i] = v *= Math.exp(gaussian(r) * 0.02);
    if (t === 2) close[10] = NaN;
    return { symbol: ["AAA", "BBB", "CCC"][t], days: Int32Array.from(close, (_, i) => 18000 + i), open: close, high: close, low: close, close, volume: close };
  });
  return buildIndex({ tickers });
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
    expect(index.strides).toEqual([8, 16]);
    const { offsets } = columns;
    expect(index.vectors.length).toBe(8 * index.windows); // one int8 row per window
    const tickerOf = (i: number) => tickerOfRow(index.rowOffsets, i);
    expect(Array.from(index.rowOffsets).every((o, t) => t === 0 || o >= index.rowOffsets[t - 1])).toBe(true);
    for (const [m, stride] of [[32, 8], [64, 16]]) {
      for (let t = 0; t < 3; t++) {
        const own = Array.from(index.start).filter((_, i) => tickerOf(i) === t && index.length[i] === m);
        expect(own).toContain(offsets[t + 1] - m);
        expect(own.every((s) => (offsets[t + 1] - m - s) % stride === 0 && s >= offsets[t])).toBe(true);
        if (t < 2) expect(own.length).toBe(Math.floor((offsets[t + 1] - offsets[t] - m) / stride) + 1);
      }
    }
    const gap = columns.offsets[2] + 10;
    expect(Array.from(index.start).some((s, i) => tickerOf(i) === 2 && s <= gap && gap < s + index.length[i])).toBe(false);
    // (q . v) x scale is a cosine: every row's scale makes it unit length
    for (let i = 0; i < index.windows; i++) expect(Math.hypot(...index.vectors.subarray(i * 8, (i + 1) * 8)) * index.scale[i]).toBeCloseTo(1, 5);
  });

  it("finds a window from a scaled copy of it, first and at distance ~0, without overlapping matches", async () => {
    const index = buildEmbeddingIndex({ model: trained.model, columns, lengths: [32, 64, 90], stride: 4 });
    const at = index.start[Array.from(index.length).findIndex((m, i) => tickerOfRow(index.rowOffsets, i) === 1 && m === 64) + 5];
    // The exact engine compares log prices: a copy scaled by 3 is the same shape.
    const points = Array.from(columns.fields.close.subarray(at, at + 64), (v) => Math.log(v * 3));
    const { matches, timings } = await searchEmbeddingIndex({ index, model: trained.model, columns, points, topK: 5, minLength: 64, maxLength: 64 });
    expect(matches[0]).toMatchObject({ ticker: 1, symbol: "BBB", start: at, length: 64 });
    // Not 0: the engine's smoothing sees the series' neighbours at the window's edges, the query's does not.
    expect(matches[0].distance).toBeLessThan(0.1);
    expect(matches[1].distance).toBeGreaterThan(3 * matches[0].distance);
    expect(matches[0].similarity).toBeGreaterThan(0.9);
    expect(timings.total).toBeGreaterThanOrEqual(timings.rerank);
    for (let i = 1; i < matches.length; i++) expect(matches[i].distance).toBeGreaterThanOrEqual(matches[i - 1].distance);
    for (const a of matches) for (const b of matches) if (a !== b && a.ticker === b.ticker) expect(a.start >= b.start + b.length || b.start >= a.start + a.length).toBe(true);
    const short = await searchEmbeddingIndex({ index, model: trained.model, columns, points, topK: 5, minLength: 25, maxLength: 40 });
    expect(short.matches.length).toBeGreaterThan(0);
    expect(short.matches.every((m) => m.length >= 25 && m.length <= 40)).toBe(true);
    const only = await searchEmbeddingIndex({ index, model: trained.model, columns, points, topK: 5, tickers: new Set([0]) });
    expect(only.matches.length).toBeGreaterThan(0);
    expect(only.matches.every((m) => m.ticker === 0)).toBe(true);
    // A range query's own window never comes back, nor does anything outside the bounds.
    const own = await searchEmbeddingIndex({ index, model: trained.model, columns, points, topK: 5, minLength: 64, maxLength: 64, exclude: { ticker: 1, start: at, end: at + 64 } });
    expect(own.matches.some((m) => m.ticker === 1 && m.start < at + 64 && at < m.start + m.length)).toBe(false);
    const lo = Int32Array.from(columns.offsets.subarray(0, 3), (o) => o + 100);
    const hi = Int32Array.from(columns.offsets.subarray(1, 4));
    const bounded = await searchEmbeddingIndex({ index, model: trained.model, columns, points, topK: 5, bounds: { lo, hi } });
    expect(bounded.matches.length).toBeGreaterThan(0);
    expect(bounded.matches.every((m) => m.start >= lo[m.ticker] && m.start + m.length <= hi[m.ticker])).toBe(true);
  });

  it("answers length ranges far from the indexed lengths with matches inside the range", async () => {
    const index = buildEmbeddingIndex({ model: trained.model, columns, lengths: [36, 54] });
    const points = samplePreset({ name: "v-reversal", n: 64 });
    for (const [minLength, maxLength] of [[5, 10], [100, 180], [20, 120]]) {
      const { matches } = await searchEmbeddingIndex({ index, model: trained.model, columns, points, topK: 4, minLength, maxLength });
      expect(matches.length, `${minLength}..${maxLength}`).toBeGreaterThan(0);
      expect(matches.every((m) => m.length >= minLength && m.length <= maxLength)).toBe(true);
      expect(matches.every((m) => m.start >= columns.offsets[m.ticker] && m.start + m.length <= columns.offsets[m.ticker + 1])).toBe(true);
    }
  });

  it("re-ranks exactly like the DTW engine's DTW ranking when the regions cover everything", async () => {
    const points = samplePreset({ name: "double-bottom", n: 64 });
    const regions = [0, 1, 2].map((t) => ({ ticker: t, start: columns.offsets[t], end: columns.offsets[t + 1] }));
    const mine = await rerankExact({ index: columns, points, groups: [{ regions, minLength: 30, maxLength: 80 }], minLength: 30, maxLength: 80, topK: 6 });
    const request = searchRequestSchema.parse({ method: "dtw", query: { type: "preset", name: "double-bottom" }, minLength: 30, maxLength: 80, topK: 6 });
    const engine = await searchPatterns({ index: columns, request, tuning: { threads: 1, warpFit: false } });
    expect(mine.map((m) => [columns.symbols[m.ticker], m.length])).toEqual(engine.matches.map((m) => [m.symbol, m.length]));
    mine.forEach((m, i) => expect(m.distance).toBeCloseTo(engine.matches[i].distance, 5));
    // Split into one group per length, the answer is the same.
    const lengths = [30, 33, 36, 39, 42, 46, 50, 55, 60, 66, 72, 79, 80];
    const split = await rerankExact({ index: columns, points, groups: lengths.map((m) => ({ regions, minLength: m, maxLength: m })), minLength: 30, maxLength: 80, topK: 6 });
    expect(split.map((m) => m.distance.toFixed(5))).toEqual(mine.map((m) => m.distance.toFixed(5)));
  });

  it("stores vectors as int8 that come back unit-length and within half a step of the original", () => {
    const r = createRandom(3);
    const d = 16;
    const rows = new Float32Array(50 * d).map(() => gaussian(r));
    for (let i = 0; i < 50; i++) {
      const row = rows.subarray(i * d, (i + 1) * d);
      const n = Math.hypot(...row);
      row.forEach((v, j) => (row[j] = v / n));
    }
    const back = dequantise(quantise(rows), d);
    for (let i = 0; i < 50; i++) expect(Math.hypot(...back.subarray(i * d, (i + 1) * d))).toBeCloseTo(1, 5);
    expect(back.every((v, i) => Math.abs(v - rows[i]) < 0.01)).toBe(true);
    expect(Array.from(dequantise(quantise(new Float32Array(d)), d))).toEqual(Array(d).fill(0)); // a zero row stays zero
  });

  it("hashes a ticker's closes, and parts per ticker assemble into the one-go index", () => {
    const close = columns.fields.close;
    const [a, b] = [columns.offsets[0], columns.offsets[1]];
    expect(hashCloses(close, a, b)).toBe(hashCloses(Float64Array.from(close), a, b));
    const changed = Float64Array.from(close);
    changed[a + 7] *= 1.0001;
    expect(hashCloses(changed, a, b)).not.toBe(hashCloses(close, a, b));
    expect(hashCloses(changed, columns.offsets[1], columns.offsets[2])).toBe(hashCloses(close, columns.offsets[1], columns.offsets[2]));
    const layout = { lengths: [32, 64], strides: [8, 16] };
    const hashes = columns.symbols.map((_, t) => hashCloses(close, columns.offsets[t], columns.offsets[t + 1]));
    const parts = [...embedParts({ model: trained.model, columns, layout, a: 0, b: 2, hashes }), ...embedParts({ model: trained.model, columns, layout, a: 2, b: 3, hashes })];
    expect(parts.map((p) => p.symbol)).toEqual(["AAA", "BBB", "CCC"]);
    expect(parts.every((p) => p.starts.every((s, i) => s >= 0 && s + p.lengths[i] <= p.candles))).toBe(true);
    const assembled = assembleIndex({ parts, columns, layout, embeddingSize: 8, buildMs: 0 });
    const whole = buildEmbeddingIndex({ model: trained.model, columns, lengths: layout.lengths });
    expect(Array.from(assembled.start)).toEqual(Array.from(whole.start));
    expect(Array.from(assembled.rowOffsets)).toEqual(Array.from(whole.rowOffsets));
    expect(Array.from(assembled.vectors)).toEqual(Array.from(whole.vectors));
    expect(Array.from(assembled.scale)).toEqual(Array.from(whole.scale));
  });

  it("merges overlapping regions per ticker and cuts out an excluded window", () => {
    const merged = mergeRegions([
      { ticker: 1, start: 50, end: 80, rank: 3 },
      { ticker: 0, start: 10, end: 30, rank: 2 },
      { ticker: 1, start: 70, end: 120, rank: 0 },
      { ticker: 1, start: 200, end: 240, rank: 1 },
    ]);
    expect(merged).toEqual([
      { ticker: 1, start: 50, end: 120, rank: 0 },
      { ticker: 1, start: 200, end: 240, rank: 1 },
      { ticker: 0, start: 10, end: 30, rank: 2 },
    ]);
    expect(mergeRegions([{ ticker: 1, start: 50, end: 120 }], { ticker: 1, start: 60, end: 70 })).toEqual([
      { ticker: 1, start: 50, end: 60 },
      { ticker: 1, start: 70, end: 120 },
    ]);
  });

  it("scans each ticker's latest window and agrees with the classifier", async () => {
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
    // One batch at a time with the event loop turning between them: the probabilities of the one-go inference.
    const whole = classifyLatestWindows({ model: trained.model, columns, lookback });
    const sliced = await classifyLatestWindowsInSlices({ model: trained.model, columns, lookback, slice: 2 });
    expect(sliced.owners).toEqual(whole.owners);
    sliced.probabilities.forEach((p, i) => expect(p).toBeCloseTo(whole.probabilities[i], 5));
    expect(() => scanLatestWindows({ model: trained.model, columns, pattern: "triangle", lookback, minProbability: 0 })).toThrow(/Unknown pattern/);
  });
});
