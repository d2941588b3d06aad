import { describe, expect, it } from "vitest";
import { mergeSimilarity, similarityTopK, type SimilarityParams } from "@/lib/search/similarity-topk";
import { embeddingRows, lcg, shared } from "@/lib/search/testing/embedding-rows";
import { runSimilarity } from "@/lib/search/worker-pool";

/** The ticker of row i under the fixture's row offsets. */
const tickerOf = (p: SimilarityParams, i: number) => {
  let t = 0;
  while (p.rowOffsets[t + 1] <= i) t++;
  return t;
};

/**
 * n rows of d int8 values over 7 tickers in runs (ticker 4 has none), lengths 30/45/60, and a query; shared arrays
 * as an index holds them.
 */
function fixture(n: number, d: number, seed = 5): SimilarityParams {
  const u = lcg(seed);
  const vectors = shared(Int8Array, n * d);
  for (let i = 0; i < n * d; i++) vectors[i] = Math.round(u() * 254 - 127);
  const scale = shared(Float32Array, n * 4);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += vectors[i * d + j] ** 2;
    scale[i] = 1 / Math.sqrt(s);
  }
  const rows = embeddingRows({ vectors, scale, d, n });
  const query = Float64Array.from({ length: d }, (_, j) => vectors[3 * d + j] * scale[3]);
  return { ...rows, query, from: 0, to: n, k: 25 };
}

/** Every passing row scored and sorted: most similar first, ties by row. */
function bruteForce(p: SimilarityParams, pass: (i: number) => boolean) {
  const all: { r: number; s: number }[] = [];
  for (let i = p.from; i < p.to; i++) {
    if (!pass(i)) continue;
    let dot = 0;
    for (let j = 0; j < p.d; j++) dot += p.query[j] * p.vectors[i * p.d + j];
    all.push({ r: i, s: dot * p.scale[i] });
  }
  all.sort((a, b) => b.s - a.s || a.r - b.r);
  return all.slice(0, p.k);
}

describe("similarityTopK", () => {
  it("takes the k most similar rows, ties to the lower row, as scoring and sorting every row does", () => {
    const p = fixture(3000, 16);
    const top = similarityTopK(p);
    const expected = bruteForce(p, () => true);
    expect(Array.from(top.row)).toEqual(expected.map((x) => x.r));
    expect(Array.from(top.sim)).toEqual(expected.map((x) => x.s));
    expect(Array.from(top.row.subarray(0, 4))).toEqual([3, 40, 41, 2999]); // the query's own row and its copies
    // a size that is no multiple of the unrolled step scores the same, to the last bit
    const odd = fixture(3000, 13, 4);
    expect(Array.from(similarityTopK(odd).sim)).toEqual(bruteForce(odd, () => true).map((x) => x.s));
    // the matrix read one value at a time (it starts off a 4-byte boundary) instead of four per 32-bit word: the same
    const offset = new Int8Array(new SharedArrayBuffer(p.vectors.length + 2), 2, p.vectors.length);
    offset.set(p.vectors);
    expect(Array.from(similarityTopK({ ...p, vectors: offset }).sim)).toEqual(expected.map((x) => x.s));
  });

  it("scores the same as the plain loop, to the last bit, when every row lies in a narrow cone (as a trained index's do)", () => {
    // A model's embeddings share one direction (cosines to a query of 0.8-1.0, the 200th best ~0.996): the fixed-point
    // bound then has to tell rows apart within a few thousandths, and near-ties at the threshold are common.
    for (const d of [32, 8, 12]) {
      const u = lcg(d);
      const n = 20_000;
      const p = fixture(n, d, 11);
      const axis = Array.from({ length: d }, () => u() - 0.5);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const v = Math.max(-127, Math.min(127, Math.round(axis[j] * 180 + (u() - 0.5) * 12)));
          p.vectors[i * d + j] = v;
          s += v * v;
        }
        p.scale[i] = 1 / Math.sqrt(s);
      }
      const q = axis.map((x) => x + (u() - 0.5) * 0.02);
      const norm = Math.hypot(...q);
      const cone = { ...p, query: Float64Array.from(q, (x) => x / norm), k: 200 };
      const top = similarityTopK(cone);
      const expected = bruteForce(cone, () => true);
      expect(expected[0].s - expected[199].s).toBeLessThan(0.01);
      expect(Array.from(top.row)).toEqual(expected.map((x) => x.r));
      expect(Array.from(top.sim)).toEqual(expected.map((x) => x.s));
    }
  });

  it("keeps only rows of allowed tickers and lengths that overlap their ticker's bounds", () => {
    const p = fixture(3000, 16);
    const allowTicker = Uint8Array.from({ length: 7 }, (_, t) => (t % 2 === 0 ? 1 : 0));
    const allowLength = Int32Array.from([30, 60]);
    const lo = Int32Array.from({ length: 7 }, () => 500), hi = Int32Array.from({ length: 7 }, () => 2500);
    const top = similarityTopK({ ...p, allowTicker, allowLength, lo, hi });
    const expected = bruteForce(p, (i) => allowTicker[tickerOf(p, i)] === 1 && [30, 60].includes(p.length[i]) && p.start[i] + p.length[i] > 500 && p.start[i] < 2500);
    expect(top.count).toBe(25);
    expect(Array.from(top.row)).toEqual(expected.map((x) => x.r));
    expect(similarityTopK({ ...p, allowTicker: new Uint8Array(7) }).count).toBe(0);
    // lengths outside the allowed ones, shorter or longer, are left out
    expect(Array.from(similarityTopK({ ...p, allowLength: Int32Array.from([45]) }).row).every((i) => p.length[i] === 45)).toBe(true);
    expect(similarityTopK({ ...p, allowLength: Int32Array.from([20, 90]) }).count).toBe(0);
  });

  it("gives the same answer split over ranges and merged, and on the search threads", async () => {
    const p = fixture(20_000, 32, 9);
    const whole = similarityTopK(p);
    const split = mergeSimilarity([similarityTopK({ ...p, to: 7000 }), similarityTopK({ ...p, from: 7000, to: 13_001 }), similarityTopK({ ...p, from: 13_001 })], p.k);
    expect(Array.from(split.row)).toEqual(Array.from(whole.row));
    const threaded = await runSimilarity({ params: p, threads: 2 });
    expect(Array.from(threaded.row)).toEqual(Array.from(whole.row));
    expect(Array.from(threaded.sim)).toEqual(Array.from(whole.sim));
  });
});
