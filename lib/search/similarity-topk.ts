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
  for (; t + 1 < rowOffsets.length && rowOffsets[t] < p.to; t++) {
    if (allowTicker && !allowTicker[t]) continue;
    const first = rowOffsets[t] > p.from ? rowOffsets[t] : p.from, end = rowOffsets[t + 1] < p.to ? rowOffsets[t + 1] : p.to;
    const tlo = lo ? lo[t] : 0, thi = hi ? hi[t] : 0;
    for (let i = first; i < end; i++) {
      if (allowed) {
        const m = length[i];
        if (m < 0 || m >= allowed.length || allowed[m] === 0) continue;
      }
      if (lo && hi && (start[i] + length[i] <= tlo || start[i] >= thi)) continue;
      // the terms added one by one in order: the same sum, to the last bit, as the plain loop
      let dot = 0;
      const base = i * d;
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
