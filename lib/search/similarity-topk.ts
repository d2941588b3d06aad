import type { CoarseQuery } from "@/lib/search/coarse-projection";

/**
 * The k rows of an int8 matrix most similar to a query: sim(i) = (q . v_i) x scale_i, for the rows [from, to)
 * that pass the filter. With scale_i = 1 / |v_i| and a unit q it is the cosine of the two. Shared by the main
 * thread and the search threads: SIMILARITY_FUNCTIONS must stay self-contained (see scan-kernel.ts); the
 * matrix is read from SharedArrayBuffers, so a thread gets it without a copy.
 */
export type SimilarityParams = {
  /** rows x d, row-major */
  vectors: Int8Array;
  scale: Float32Array;
  d: number;
  query: Float64Array;
  from: number;
  to: number;
  k: number;
  /**
   * Row filter: ticker t owns rows [rowOffsets[t], rowOffsets[t + 1]) (rows come grouped by ticker, in ticker
   * order); each row's start and length are checked against the options below when given.
   */
  rowOffsets: Int32Array;
  start: Int32Array;
  length: Int16Array;
  /** per ticker, 1 where its rows may be taken */
  allowTicker?: Uint8Array;
  /** the row lengths that may be taken */
  allowLength?: Int32Array;
  /** per ticker, the positions [lo, hi) a row must overlap */
  lo?: Int32Array;
  hi?: Int32Array;
  /**
   * An upper bound of each row's similarity (lib/search/coarse-projection.ts): once k rows are kept, a row whose
   * bound cannot beat the worst of them is passed over unscored. Bounds never change the answer, only its cost.
   */
  coarse?: CoarseQuery;
};

/** The best rows, most similar first (ties: the lower row first). */
export type SimilarityResult = { count: number; row: Int32Array; sim: Float64Array };

export function similarityTopK(p: SimilarityParams): SimilarityResult {
  const { vectors, scale, d, query, k, rowOffsets, start, length, allowTicker, allowLength, lo, hi } = p;
  // a min-heap of the k best so far: the root is the worst kept (least similar; of equals, the later row)
  const heapRow = new Int32Array(Math.max(1, k));
  const heapSim = new Float64Array(Math.max(1, k));
  let size = 0;
  const worse = (a: number, b: number) => heapSim[a] < heapSim[b] || (heapSim[a] === heapSim[b] && heapRow[a] > heapRow[b]);
  const swap = (a: number, b: number) => {
    const r = heapRow[a], s = heapSim[a];
    heapRow[a] = heapRow[b];
    heapSim[a] = heapSim[b];
    heapRow[b] = r;
    heapSim[b] = s;
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let w = i;
      if (l < size && worse(l, w)) w = l;
      if (r < size && worse(r, w)) w = r;
      if (w === i) return;
      swap(i, w);
      i = w;
    }
  };
  // the ticker holding row `from`: the last t with rowOffsets[t] <= from
  let t = 0;
  for (let a = 0, b = rowOffsets.length - 2; a <= b; ) {
    const mid = (a + b) >> 1;
    if (rowOffsets[mid] <= p.from) {
      t = mid;
      a = mid + 1;
    } else b = mid - 1;
  }
  // the allowed lengths as a table by length: one load per row instead of a search of the list
  let allowed: Uint8Array | undefined;
  if (allowLength) {
    let longest = 0;
    for (let j = 0; j < allowLength.length; j++) if (allowLength[j] > longest) longest = allowLength[j];
    allowed = new Uint8Array(longest + 1);
    for (let j = 0; j < allowLength.length; j++) if (allowLength[j] >= 0) allowed[allowLength[j]] = 1;
  }
  const d8 = d - (d % 8);
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const words = littleEndian && d % 4 === 0 && vectors.byteOffset % 4 === 0 ? new Int32Array(vectors.buffer, vectors.byteOffset, vectors.length >> 2) : null;
  // The query in fixed point: its integer dot product with a row (exact in int32: every |sum| < 2^30) is within
  // `slack` of the double one, so once the heap is full a row whose bound cannot beat the worst kept is passed
  // over without the double sum, whose chain of dependent adds is most of the cost; the rows that can enter are
  // scored exactly as before, so the answer is the same to the last bit.
  let maxAbs = 0;
  for (let j = 0; j < d; j++) if (Math.abs(query[j]) > maxAbs) maxAbs = Math.abs(query[j]);
  const fixed = words && maxAbs > 0 && Number.isFinite(maxAbs) ? Math.floor(2 ** 30 / (127 * d * maxAbs)) : 0;
  const qi = new Int32Array(d);
  if (fixed > 0) for (let j = 0; j < d; j++) qi[j] = Math.round(query[j] * fixed);
  // each |q_j - qi_j / fixed| <= 0.5 / fixed and each |v_j| <= 127 (1e-6: far above the double sum's rounding)
  const slack = fixed > 0 ? (127 * d) / (2 * fixed) + 1e-6 : 0;
  const invFixed = fixed > 0 ? 1 / fixed : 0;
  // the coarse bound's codes four to a 32-bit word when they fill whole words (K = 8: two words a row)
  const coarse = p.coarse;
  const ck = coarse ? coarse.k : 0;
  const cw = coarse ? coarse.weights : new Float64Array(8);
  const codeWords = coarse && littleEndian && ck === 8 && coarse.codes.byteOffset % 4 === 0 ? new Int32Array(coarse.codes.buffer, coarse.codes.byteOffset, coarse.codes.length >> 2) : null;
  const cOffset = coarse ? coarse.offset : 0, cResidualWeight = coarse ? coarse.residualWeight : 0;
  const cResidual = coarse ? coarse.residual : new Float32Array(0), cCodes = coarse ? coarse.codes : new Int8Array(0);
  const c0 = cw[0], c1 = cw[1], c2 = cw[2], c3 = cw[3], c4 = cw[4], c5 = cw[5], c6 = cw[6], c7 = cw[7];
  const q0 = qi[0] | 0, q1 = qi[1] | 0, q2 = qi[2] | 0, q3 = qi[3] | 0, q4 = qi[4] | 0, q5 = qi[5] | 0, q6 = qi[6] | 0, q7 = qi[7] | 0;
  const q8 = qi[8] | 0, q9 = qi[9] | 0, q10 = qi[10] | 0, q11 = qi[11] | 0, q12 = qi[12] | 0, q13 = qi[13] | 0, q14 = qi[14] | 0, q15 = qi[15] | 0;
  const q16 = qi[16] | 0, q17 = qi[17] | 0, q18 = qi[18] | 0, q19 = qi[19] | 0, q20 = qi[20] | 0, q21 = qi[21] | 0, q22 = qi[22] | 0, q23 = qi[23] | 0;
  const q24 = qi[24] | 0, q25 = qi[25] | 0, q26 = qi[26] | 0, q27 = qi[27] | 0, q28 = qi[28] | 0, q29 = qi[29] | 0, q30 = qi[30] | 0, q31 = qi[31] | 0;
  for (; t + 1 < rowOffsets.length && rowOffsets[t] < p.to; t++) {
    if (allowTicker && !allowTicker[t]) continue;
    const first = rowOffsets[t] > p.from ? rowOffsets[t] : p.from, end = rowOffsets[t + 1] < p.to ? rowOffsets[t + 1] : p.to;
    const tlo = lo ? lo[t] : 0, thi = hi ? hi[t] : 0;
    for (let i = first; i < end; i++) {
      // the coarse bound first: it passes over ~99% of the rows, so the filters below are read for the rest only;
      // a run of rows that cannot enter is skipped in one tight loop (the worst kept only moves when a row enters)
      if (ck > 0 && size === k) {
        const worst = heapSim[0];
        if (codeWords) {
          for (; i < end; i++) {
            const x0 = codeWords[2 * i], x1 = codeWords[2 * i + 1];
            let bound = cOffset + cResidualWeight * cResidual[i];
            bound += c0 * ((x0 << 24) >> 24) + c1 * ((x0 << 16) >> 24) + c2 * ((x0 << 8) >> 24) + c3 * (x0 >> 24);
            bound += c4 * ((x1 << 24) >> 24) + c5 * ((x1 << 16) >> 24) + c6 * ((x1 << 8) >> 24) + c7 * (x1 >> 24);
            if (bound > worst) break;
          }
        } else {
          for (; i < end; i++) {
            let bound = cOffset + cResidualWeight * cResidual[i];
            for (let c = 0, b = i * ck; c < ck; c++) bound += cw[c] * cCodes[b + c];
            if (bound > worst) break;
          }
        }
        if (i === end) break;
      }
      if (allowed) {
        const m = length[i];
        if (m < 0 || m >= allowed.length || allowed[m] === 0) continue;
      }
      if (lo && hi && (start[i] + length[i] <= tlo || start[i] >= thi)) continue;
      const base = i * d;
      if (fixed > 0 && size === k) {
        let acc = 0;
        if (d === 32) {
          // the product's embedding size, unrolled with the query in registers: no loads of qi, no loop
          const w = base >> 2, x0 = words![w], x1 = words![w + 1], x2 = words![w + 2], x3 = words![w + 3], x4 = words![w + 4], x5 = words![w + 5], x6 = words![w + 6], x7 = words![w + 7];
          acc = (Math.imul(q0, (x0 << 24) >> 24) + Math.imul(q1, (x0 << 16) >> 24) + Math.imul(q2, (x0 << 8) >> 24) + Math.imul(q3, x0 >> 24)) | 0;
          acc = (acc + Math.imul(q4, (x1 << 24) >> 24) + Math.imul(q5, (x1 << 16) >> 24) + Math.imul(q6, (x1 << 8) >> 24) + Math.imul(q7, x1 >> 24)) | 0;
          acc = (acc + Math.imul(q8, (x2 << 24) >> 24) + Math.imul(q9, (x2 << 16) >> 24) + Math.imul(q10, (x2 << 8) >> 24) + Math.imul(q11, x2 >> 24)) | 0;
          acc = (acc + Math.imul(q12, (x3 << 24) >> 24) + Math.imul(q13, (x3 << 16) >> 24) + Math.imul(q14, (x3 << 8) >> 24) + Math.imul(q15, x3 >> 24)) | 0;
          acc = (acc + Math.imul(q16, (x4 << 24) >> 24) + Math.imul(q17, (x4 << 16) >> 24) + Math.imul(q18, (x4 << 8) >> 24) + Math.imul(q19, x4 >> 24)) | 0;
          acc = (acc + Math.imul(q20, (x5 << 24) >> 24) + Math.imul(q21, (x5 << 16) >> 24) + Math.imul(q22, (x5 << 8) >> 24) + Math.imul(q23, x5 >> 24)) | 0;
          acc = (acc + Math.imul(q24, (x6 << 24) >> 24) + Math.imul(q25, (x6 << 16) >> 24) + Math.imul(q26, (x6 << 8) >> 24) + Math.imul(q27, x6 >> 24)) | 0;
          acc = (acc + Math.imul(q28, (x7 << 24) >> 24) + Math.imul(q29, (x7 << 16) >> 24) + Math.imul(q30, (x7 << 8) >> 24) + Math.imul(q31, x7 >> 24)) | 0;
        } else {
          for (let w = base >> 2, j = 0; j < d; j += 4, w++) {
            const x = words![w];
            acc = (acc + Math.imul(qi[j], (x << 24) >> 24) + Math.imul(qi[j + 1], (x << 16) >> 24) + Math.imul(qi[j + 2], (x << 8) >> 24) + Math.imul(qi[j + 3], x >> 24)) | 0;
          }
        }
        if ((acc * invFixed + slack) * scale[i] <= heapSim[0]) continue;
      }
      // the terms added one by one in order: the same sum, to the last bit, as the plain loop
      let dot = 0;
      let j = 0;
      if (words) {
        // four int8 values per 32-bit load (little-endian: the first in the low byte), sign-extended by shifts:
        // a quarter of the bounds-checked loads of reading them one by one (~15% less CPU here)
        for (let w = base >> 2; j < d; j += 4, w++) {
          const x = words[w];
          dot += query[j] * ((x << 24) >> 24);
          dot += query[j + 1] * ((x << 16) >> 24);
          dot += query[j + 2] * ((x << 8) >> 24);
          dot += query[j + 3] * (x >> 24);
        }
      } else {
        // unrolled by 8
        for (; j < d8; j += 8) {
          const b = base + j;
          dot += query[j] * vectors[b];
          dot += query[j + 1] * vectors[b + 1];
          dot += query[j + 2] * vectors[b + 2];
          dot += query[j + 3] * vectors[b + 3];
          dot += query[j + 4] * vectors[b + 4];
          dot += query[j + 5] * vectors[b + 5];
          dot += query[j + 6] * vectors[b + 6];
          dot += query[j + 7] * vectors[b + 7];
        }
        for (; j < d; j++) dot += query[j] * vectors[base + j];
      }
      const sim = dot * scale[i];
      if (size < k) {
        // sift up
        let c = size++;
        heapRow[c] = i;
        heapSim[c] = sim;
        while (c > 0) {
          const parent = (c - 1) >> 1;
          if (!worse(c, parent)) break;
          swap(c, parent);
          c = parent;
        }
      } else if (k > 0 && sim > heapSim[0]) {
        heapRow[0] = i;
        heapSim[0] = sim;
        down(0);
      }
    }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => heapSim[b] - heapSim[a] || heapRow[a] - heapRow[b]);
  return { count: size, row: Int32Array.from(order, (i) => heapRow[i]), sim: Float64Array.from(order, (i) => heapSim[i]) };
}

/** The best k of results over disjoint row ranges. */
export function mergeSimilarity(results: SimilarityResult[], k: number): SimilarityResult {
  const all: { r: number; s: number }[] = [];
  for (const res of results) for (let i = 0; i < res.count; i++) all.push({ r: res.row[i], s: res.sim[i] });
  all.sort((a, b) => b.s - a.s || a.r - b.r);
  const top = all.slice(0, k);
  return { count: top.length, row: Int32Array.from(top, (x) => x.r), sim: Float64Array.from(top, (x) => x.s) };
}

export const SIMILARITY_FUNCTIONS = [similarityTopK];
