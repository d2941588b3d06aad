import { describe, expect, it } from "vitest";
import { buildCoarseProjection, buildCoarseProjectionInSlices, coarseQuery } from "@/lib/search/coarse-projection";
import { similarityTopK, type SimilarityParams } from "@/lib/search/similarity-topk";
import { embeddingRows, lcg, shared } from "@/lib/search/testing/embedding-rows";
import { runSimilarity } from "@/lib/search/worker-pool";

/**
 * n int8 rows of size d in a narrow cone around one axis, as a trained index's embeddings lie (the 200th best
 * cosine ~0.996), spread along a few directions more than the others; over 7 tickers, lengths 30/45/60.
 */
function coneIndex(n: number, d: number, seed: number): SimilarityParams {
  const u = lcg(seed);
  const vectors = shared(Int8Array, n * d), scale = shared(Float32Array, n * 4);
  const axis = Array.from({ length: d }, () => u() - 0.5);
  const spread = Array.from({ length: d }, (_, j) => (j < 3 ? 30 : 6));
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = Math.max(-127, Math.min(127, Math.round(axis[j] * 180 + (u() - 0.5) * spread[j])));
      vectors[i * d + j] = v;
      s += v * v;
    }
    scale[i] = 1 / Math.sqrt(s);
  }
  const q = axis.map((x) => x + (u() - 0.5) * 0.02);
  const norm = Math.hypot(...q);
  return { ...embeddingRows({ vectors, scale, d, n }), query: Float64Array.from(q, (x) => x / norm), from: 0, to: n, k: 200 };
}

const same = (a: { row: Int32Array; sim: Float64Array }, b: { row: Int32Array; sim: Float64Array }) => {
  expect(Array.from(b.row)).toEqual(Array.from(a.row));
  expect(Array.from(b.sim)).toEqual(Array.from(a.sim));
};

describe("coarse projection", () => {
  it("bounds every row's similarity from above, for queries near the cone and far from it", () => {
    for (const [d, k] of [[32, 8], [12, 5], [8, 8]]) {
      const p = coneIndex(3000, d, d + k);
      const coarse = buildCoarseProjection({ vectors: p.vectors, scale: p.scale, d, rows: 3000, k });
      const u = lcg(k);
      const queries = [p.query, Float64Array.from({ length: d }, () => u() - 0.5), Float64Array.from({ length: d }, (_, j) => (j === 0 ? 1 : 0))];
      for (const query of queries) {
        const cq = coarseQuery(coarse, query);
        for (let i = 0; i < 3000; i++) {
          let dot = 0;
          for (let j = 0; j < d; j++) dot += query[j] * p.vectors[i * d + j];
          let bound = cq.offset + cq.residualWeight * cq.residual[i];
          for (let c = 0; c < cq.k; c++) bound += cq.weights[c] * cq.codes[i * cq.k + c];
          expect(bound).toBeGreaterThanOrEqual(dot * p.scale[i]);
        }
      }
    }
  });

  it("leaves the top-k the same to the last bit, with and without filters, and passes over most rows", () => {
    for (const [d, k] of [[32, 8], [12, 5], [16, 8]]) {
      const p = coneIndex(20_000, d, 3 * d + k);
      const coarse = coarseQuery(buildCoarseProjection({ vectors: p.vectors, scale: p.scale, d, rows: 20_000, k }), p.query);
      const plain = similarityTopK(p);
      expect(plain.sim[0] - plain.sim[199]).toBeLessThan(0.02);
      same(plain, similarityTopK({ ...p, coarse }));
      const allowTicker = Uint8Array.from({ length: 7 }, (_, t) => (t % 2 === 0 ? 1 : 0));
      const filters = { allowTicker, allowLength: Int32Array.from([30, 60]), lo: Int32Array.from({ length: 7 }, () => 500), hi: Int32Array.from({ length: 7 }, () => 2500) };
      same(similarityTopK({ ...p, ...filters }), similarityTopK({ ...p, ...filters, coarse }));
      same(similarityTopK({ ...p, k: 3 }), similarityTopK({ ...p, k: 3, coarse }));
    }
    // how much the bound passes over: the rows it leaves lie above the k-th best similarity's bound
    const p = coneIndex(20_000, 32, 7);
    const cq = coarseQuery(buildCoarseProjection({ vectors: p.vectors, scale: p.scale, d: 32, rows: 20_000 }), p.query);
    const worst = similarityTopK(p).sim[199];
    let left = 0;
    for (let i = 0; i < 20_000; i++) {
      let bound = cq.offset + cq.residualWeight * cq.residual[i];
      for (let c = 0; c < cq.k; c++) bound += cq.weights[c] * cq.codes[i * cq.k + c];
      if (bound > worst) left++;
    }
    expect(left).toBeLessThan(20_000 * 0.2);
  });

  it("gives the same projection in slices, and the same answer on the search threads", async () => {
    const p = coneIndex(40_000, 32, 5);
    const options = { vectors: p.vectors, scale: p.scale, d: 32, rows: 40_000 };
    const whole = buildCoarseProjection(options);
    const sliced = await buildCoarseProjectionInSlices(options);
    expect(Array.from(sliced.codes)).toEqual(Array.from(whole.codes));
    expect(Array.from(sliced.residual)).toEqual(Array.from(whole.residual));
    const coarse = coarseQuery(whole, p.query);
    same(similarityTopK(p), await runSimilarity({ params: { ...p, coarse }, threads: 2 }));
  });
});
