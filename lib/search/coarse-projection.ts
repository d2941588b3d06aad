/**
 * A coarse first pass for the cosine top-k (lib/search/similarity-topk.ts). A trained model's embeddings point
 * almost one way (the 200th best cosine of a query is about 0.996), so bounds on the raw vectors prune nothing.
 * Their spread lies in a few directions, though: each row's unit vector u (its int8 values times its stored
 * scale) is split along the K principal directions e_k of the rows' second moment, u = sum_k a_k e_k + u_perp,
 * and then for a unit query q (q_k = q . e_k):
 *
 *   q . u = sum_k q_k a_k + q_perp . u_perp <= sum_k q_k a_k + |q_perp| |u_perp|
 *
 * Each a_k is kept as an int8 code on its direction's own range (a_k within step_k / 2 of lo_k + step_k x code),
 * and |u_perp| rounded up, so the bound costs K int8 products per row instead of d. A row whose bound cannot beat
 * the worst of the k kept is passed over; the others are scored exactly as before, so the answer is the same to
 * the last bit. At K = 8 the bound passes over ~99% of a trained index's rows (model 1, 0.62M candles).
 */
export type CoarseProjection = {
  /** directions kept */
  k: number;
  /** k x d, row-major: the principal directions, orthonormal */
  basis: Float64Array;
  /** per direction: the code's origin and step */
  lo: Float64Array;
  step: Float64Array;
  /** rows x k int8 codes, row-major, in a SharedArrayBuffer (the search threads read it without a copy) */
  codes: Int8Array;
  /** per row, |u_perp| rounded up */
  residual: Float32Array;
};

/** The query's side of the bound: sim(i) <= offset + sum_k weights[k] x codes[i k] + residualWeight x residual[i]. */
export type CoarseQuery = { codes: Int8Array; residual: Float32Array; k: number; weights: Float64Array; offset: number; residualWeight: number };

/** Directions kept: 8 of 32 leave ~1% of a trained index's rows to score (6: ~1.3%, 4: ~9%; measured on model 1). */
export const COARSE_DIRECTIONS = 8;
/** Rows sampled for the second moment: the directions only decide how tight the bound is, never whether it holds. */
const MOMENT_SAMPLE = 65_536;
/** Added to every bound: far above the rounding of the double sums on both sides, far below a cosine's gaps. */
const MARGIN = 1e-6;

const shared = <T extends Int8Array | Float32Array>(Ctor: { new (b: SharedArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number }, n: number): T =>
  new Ctor(new SharedArrayBuffer(Math.max(1, n) * Ctor.BYTES_PER_ELEMENT), 0, n);

type BuildOptions = { vectors: Int8Array; scale: Float32Array; d: number; rows: number; k?: number };

/** The coarse projection of `rows` int8 rows of size d (each row's unit vector: its values times scale[i]). */
export function buildCoarseProjection(options: BuildOptions): CoarseProjection {
  const steps = coarseSteps(options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** The same, in slices of rows with the event loop turning between them (a web process loading its index). */
export async function buildCoarseProjectionInSlices(options: BuildOptions): Promise<CoarseProjection> {
  const steps = coarseSteps(options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Rows projected between two turns of the event loop (~5-10 ms of work). */
const SLICE_ROWS = 16_384;

function* coarseSteps({ vectors, scale, d, rows, k = COARSE_DIRECTIONS }: BuildOptions): Generator<void, CoarseProjection> {
  const K = Math.max(1, Math.min(k, d));
  const basis = principalDirections({ vectors, scale, d, rows, k: K });
  const a = new Float64Array(rows * K);
  const lo = new Float64Array(K).fill(Infinity), hi = new Float64Array(K).fill(-Infinity);
  const residual = shared(Float32Array, rows);
  const u = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    if (i > 0 && i % SLICE_ROWS === 0) yield;
    let norm2 = 0;
    for (let j = 0; j < d; j++) {
      u[j] = vectors[i * d + j] * scale[i];
      norm2 += u[j] * u[j];
    }
    let kept = 0;
    for (let c = 0; c < K; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += basis[c * d + j] * u[j];
      a[i * K + c] = s;
      kept += s * s;
      if (s < lo[c]) lo[c] = s;
      if (s > hi[c]) hi[c] = s;
    }
    // rounded up, and never below the cancellation error of norm2 - kept
    residual[i] = Math.fround(Math.sqrt(Math.max(0, norm2 - kept)) * (1 + 1e-6) + 1e-6);
  }
  const step = new Float64Array(K);
  for (let c = 0; c < K; c++) {
    if (!(lo[c] <= hi[c])) lo[c] = hi[c] = 0;
    step[c] = Math.max((hi[c] - lo[c]) / 254, 1e-12);
  }
  const codes = shared(Int8Array, rows * K);
  for (let i = 0; i < rows * K; i++) {
    const c = i % K;
    codes[i] = Math.max(-127, Math.min(127, Math.round((a[i] - lo[c]) / step[c]) - 127));
  }
  // the codes count from -127 at lo: shift the origin so that a = lo + step x (code + 127) reads lo' + step x code
  for (let c = 0; c < K; c++) lo[c] += 127 * step[c];
  return { k: K, basis, lo, step, codes, residual };
}

/** The query's weights for the bound (query: unit length, as the model's embeddings are; any length works). */
export function coarseQuery(coarse: CoarseProjection, query: ArrayLike<number>): CoarseQuery {
  const { k, basis, lo, step } = coarse;
  const d = query.length;
  let norm2 = 0;
  for (let j = 0; j < d; j++) norm2 += query[j] * query[j];
  const weights = new Float64Array(k);
  let kept = 0, offset = 0, slack = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += basis[c * d + j] * query[j];
    kept += s * s;
    weights[c] = s * step[c];
    offset += s * lo[c];
    // each code is within half a step of its coordinate (a little more, for the rounding of its division)
    slack += Math.abs(s) * step[c] * 0.5 * (1 + 1e-9);
  }
  const residualWeight = Math.sqrt(Math.max(0, norm2 - kept)) * (1 + 1e-9) + 1e-9;
  return { codes: coarse.codes, residual: coarse.residual, k, weights, offset: offset + slack + MARGIN * Math.max(1, Math.sqrt(norm2)), residualWeight };
}

/**
 * The k leading eigenvectors of the rows' (uncentred) second moment, by cyclic Jacobi rotations of the d x d
 * matrix. Any orthonormal directions keep the bound valid; these make it tightest on average.
 */
function principalDirections({ vectors, scale, d, rows, k }: { vectors: Int8Array; scale: Float32Array; d: number; rows: number; k: number }): Float64Array {
  const A = new Float64Array(d * d);
  const every = Math.max(1, Math.floor(rows / MOMENT_SAMPLE));
  for (let i = 0; i < rows; i += every) {
    const b = i * d, s2 = scale[i] * scale[i];
    for (let x = 0; x < d; x++) {
      const vx = vectors[b + x] * s2;
      for (let y = x; y < d; y++) A[x * d + y] += vx * vectors[b + y];
    }
  }
  for (let x = 0; x < d; x++) for (let y = 0; y < x; y++) A[x * d + y] = A[y * d + x];
  const V = new Float64Array(d * d);
  for (let x = 0; x < d; x++) V[x * d + x] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0, diag = 0;
    for (let p = 0; p < d; p++) {
      diag += A[p * d + p] ** 2;
      for (let q = p + 1; q < d; q++) off += A[p * d + q] ** 2;
    }
    if (off <= 1e-24 * diag || off === 0) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = A[p * d + q];
        if (apq === 0) continue;
        const theta = (A[q * d + q] - A[p * d + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let r = 0; r < d; r++) {
          const arp = A[r * d + p], arq = A[r * d + q];
          A[r * d + p] = c * arp - s * arq;
          A[r * d + q] = s * arp + c * arq;
        }
        for (let r = 0; r < d; r++) {
          const apr = A[p * d + r], aqr = A[q * d + r];
          A[p * d + r] = c * apr - s * aqr;
          A[q * d + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < d; r++) {
          const vrp = V[r * d + p], vrq = V[r * d + q];
          V[r * d + p] = c * vrp - s * vrq;
          V[r * d + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, x) => x).sort((x, y) => A[y * d + y] - A[x * d + x]);
  const basis = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    // renormalised: the bound needs unit directions (Jacobi keeps them orthonormal to rounding)
    let n2 = 0;
    for (let r = 0; r < d; r++) n2 += V[r * d + order[c]] ** 2;
    const inv = 1 / Math.sqrt(n2);
    for (let r = 0; r < d; r++) basis[c * d + r] = V[r * d + order[c]] * inv;
  }
  return basis;
}
