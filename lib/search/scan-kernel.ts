import type { ExcludedWindow } from "@/lib/search/types";

/**
 * The hot loop of the search, shared by the main thread and the worker threads.
 *
 * The functions in KERNEL_FUNCTIONS must stay SELF-CONTAINED (no imports, no outer variables; they call only
 * each other): the worker pool ships their `toString()` to `new Worker(code, { eval: true })`, which works the
 * same under tsx, Vitest and Next's server bundle, where a worker file next to the bundle is hard to locate.
 * The two scans are separate functions because V8 optimises a small hot loop much better than one big one.
 *
 * Distances: z-normalised Euclidean or banded DTW over z-normalised windows, both as the sum of squared
 * differences; reported as sqrt(sum / m) * weight so different lengths compare fairly.
 * DTW follows the UCR Suite: LB_Kim (first/last points) -> LB_Keogh query envelope -> LB_Keogh candidate
 * envelope -> early-abandoning DTW using the cumulative lower bound of the tighter LB_Keogh.
 */
export type KernelQuery = {
  m: number;
  /** z-normalised query of length m */
  q: Float64Array;
  /** positions of q sorted by |q| descending: the first terms decide early abandoning */
  order: Int32Array;
  /** DTW: positions of q by how far their envelope lies from 0, where a z-normalised window's LB_Keogh terms are largest */
  keoghOrder: Int32Array;
  /** envelope of q for the DTW band (only for DTW) */
  upper: Float64Array;
  lower: Float64Array;
  /** Sakoe-Chiba band half-width in points (DTW only) */
  r: number;
  /** multiplier of the normalised distance (a mild prior over lengths) */
  weight: number;
};

export type KernelParams = {
  values: Float64Array;
  /** the values' prefix sums every 64 positions (lib/search/prefix-blocks.ts); a scan rebuilds a ticker's in full */
  blockSum: Float64Array;
  blockSumSq: Float64Array;
  blockNan: Int32Array;
  offsets: Int32Array;
  /** tickers to scan and the position range [lo, hi) allowed for each (date filter) */
  tickers: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
  queries: KernelQuery[];
  method: 0 | 1;
  k: number;
  /** a window never to return (a range query's own window), absolute positions */
  exclude: ExcludedWindow;
  /**
   * DTW only: blend in the z-normalised Euclidean distance of the same window, (dtw + lambda * ed) / (1 + lambda).
   * That penalises heavy warping (a U read as a V, noise bent into shape) while keeping some warp tolerance;
   * since ed >= dtw, the blend is >= dtw and the DTW cascade still prunes exactly.
   */
  euclidWeight?: number;
  /**
   * Prominence: a window whose deviation is small next to its ticker's day-to-day volatility (vol[t] *
   * sqrt(m)) is a weak pattern; below promRef its distance is raised by up to promWeight (0 = off).
   */
  vol?: Float64Array;
  promRef?: number;
  promWeight?: number;
  /**
   * Scan every startStep-th window start (default 1, every window). For drawing candidates that are refined
   * afterwards (the warp fit moves each start anyway), where a match one candle off is as good.
   */
  startStep?: number;
  /** cancellation flag on shared memory: once cancel[0] is not 0 the scan stops at the next ticker */
  cancel?: Int32Array;
  /**
   * A known upper bound on the k-th best distance (for example from candidates already scored elsewhere): the
   * scan prunes against it from the first window instead of waiting for k matches of its own.
   */
  initialWorst?: number;
  /**
   * The best k-th distance any thread of this scan has reached, in micro-units rounded up (shared memory; each
   * thread's k kept windows are real windows far apart, so each may prune against the others' threshold too).
   * Int32 max = none yet.
   */
  sharedWorst?: Int32Array;
  /**
   * Shared cursors, two per query (per pass, indexed by the first query of each envelope group), for threads that scan the same
   * tickers together: each takes its next ticker of a group from the cursor, so a thread that falls behind (a busy
   * core) leaves the rest to the others. A thread's result then holds every candidate it kept, not its own selection:
   * one ticker's windows may come from several threads, and only the selection over all of them is the answer.
   */
  claim?: Int32Array;
};

export type KernelResult = {
  count: number;
  dist: Float64Array;
  ticker: Int32Array;
  start: Int32Array;
  len: Int32Array;
  /** windows considered, how many each stage pruned, and how many were within the bound when scanned (stats[6]) */
  stats: Float64Array;
};

/**
 * The pruning threshold: up to k candidates of which no two could be overlapped by one window (on one ticker
 * they lie at least `sep` positions apart). With k such candidates at distance <= worst, the greedy selection
 * of non-overlapping matches has k matches at distance <= worst too (each pick blocks at most one of them),
 * so any window at distance >= worst can be skipped without changing the answer.
 */
export type TopK = { k: number; n: number; sep: number; worst: number; dist: Float64Array; ticker: Int32Array; start: Int32Array; len: Int32Array };

/** Every window that beat the threshold when it was scanned; the answer is selected from these at the end. */
export type Candidates = { n: number; dist: Float64Array; ticker: Int32Array; start: Int32Array; len: Int32Array };

export function pushCandidate(c: Candidates, d: number, t: number, a: number, m: number): void {
  if (c.n === c.dist.length) {
    const size = c.dist.length * 2;
    const dist = new Float64Array(size), ticker = new Int32Array(size), start = new Int32Array(size), len = new Int32Array(size);
    dist.set(c.dist);
    ticker.set(c.ticker);
    start.set(c.start);
    len.set(c.len);
    c.dist = dist;
    c.ticker = ticker;
    c.start = start;
    c.len = len;
  }
  c.dist[c.n] = d;
  c.ticker[c.n] = t;
  c.start[c.n] = a;
  c.len[c.n] = m;
  c.n++;
}

/** Greedy selection, best first, of up to k candidates of which no two overlap on one ticker. */
export function selectMatches(c: Candidates, k: number): KernelResult {
  const idx = Array.from({ length: c.n }, (_, i) => i);
  idx.sort((x, y) => c.dist[x] - c.dist[y] || c.ticker[x] - c.ticker[y] || c.start[x] - c.start[y] || c.len[x] - c.len[y]);
  const picked = new Map<number, number[]>();
  const out: number[] = [];
  for (let ii = 0; ii < idx.length && out.length < k; ii++) {
    const i = idx[ii];
    const t = c.ticker[i], a = c.start[i], e = a + c.len[i];
    let list = picked.get(t);
    if (!list) {
      list = [];
      picked.set(t, list);
    }
    let free = true;
    for (let j = 0; j < list.length; j += 2) {
      if (list[j] < e && a < list[j + 1]) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    list.push(a, e);
    out.push(i);
  }
  return {
    count: out.length,
    dist: Float64Array.from(out, (i) => c.dist[i]),
    ticker: Int32Array.from(out, (i) => c.ticker[i]),
    start: Int32Array.from(out, (i) => c.start[i]),
    len: Int32Array.from(out, (i) => c.len[i]),
    stats: new Float64Array(6),
  };
}

/**
 * Offers a candidate to the threshold list: one that conflicts with a better kept one is dropped; one that
 * beats conflicting kept ones replaces them. Returns the pruning threshold (Infinity until the list is full).
 */
export function offerCandidate(st: TopK, score: number, t: number, a: number, m: number): number {
  const kd = st.dist, kt = st.ticker, ks = st.start, km = st.len, sep = st.sep;
  let kn = st.n;
  if (kn === st.k && score >= st.worst) return st.worst;
  for (let j = 0; j < kn; j++) {
    if (kt[j] === t && ks[j] < a + m + sep && a < ks[j] + km[j] + sep && kd[j] <= score) return kn === st.k ? st.worst : Infinity;
  }
  let wr = 0;
  for (let j = 0; j < kn; j++) {
    if (kt[j] === t && ks[j] < a + m + sep && a < ks[j] + km[j] + sep) continue; // conflicting and worse: replaced
    kd[wr] = kd[j];
    kt[wr] = kt[j];
    ks[wr] = ks[j];
    km[wr] = km[j];
    wr++;
  }
  kn = wr;
  if (kn === st.k) {
    let wi = 0;
    for (let j = 1; j < kn; j++) if (kd[j] > kd[wi]) wi = j;
    kd[wi] = kd[kn - 1];
    kt[wi] = kt[kn - 1];
    ks[wi] = ks[kn - 1];
    km[wi] = km[kn - 1];
    kn--;
  }
  kd[kn] = score;
  kt[kn] = t;
  ks[kn] = a;
  km[kn] = m;
  kn++;
  st.n = kn;
  if (kn < st.k) {
    st.worst = Infinity;
    return Infinity;
  }
  let worst = -Infinity;
  for (let j = 0; j < kn; j++) if (kd[j] > worst) worst = kd[j];
  st.worst = worst;
  return worst;
}

/** The pruning bound on the sum of squared differences for a score threshold (score = sqrt(sum / m) * w). */
export function boundOf(worst: number, w: number, m: number): number {
  return worst === Infinity ? Infinity : (worst / w) * (worst / w) * m;
}

/** The other threads' best k-th distance (Infinity when none has k matches yet or the scan is single-threaded). */
export function readSharedWorst(p: KernelParams): number {
  if (p.sharedWorst === undefined) return Infinity;
  const v = Atomics.load(p.sharedWorst, 0);
  return v === 2147483647 ? Infinity : v / 1e6;
}

/** Lowers the shared k-th distance to `worst` (rounded up, so the bound stays safe) unless another thread went lower. */
export function publishWorst(p: KernelParams, worst: number): void {
  if (p.sharedWorst === undefined || !(worst < 2147)) return;
  const v = Math.ceil(worst * 1e6);
  for (;;) {
    const cur = Atomics.load(p.sharedWorst, 0);
    if (v >= cur) return;
    if (Atomics.compareExchange(p.sharedWorst, 0, cur, v) === cur) return;
  }
}

/**
 * The prefix sums at positions from..to (inclusive), rebuilt from the checkpoints every 64 positions
 * (lib/search/prefix-blocks.ts), into S, S2 and N at 0..to-from: S[i - from] is the sum of
 * the non-missing values before position i, exactly as a full prefix array holds it.
 */
export function fillPrefix(values: Float64Array, blockSum: Float64Array, blockSumSq: Float64Array, blockNan: Int32Array, from: number, to: number, S: Float64Array, S2: Float64Array, N: Int32Array): void {
  const b = from >> 6;
  let s = blockSum[b], s2 = blockSumSq[b], c = blockNan[b];
  let i = b << 6;
  for (; i < from; i++) {
    const v = values[i];
    const bad = v !== v;
    s = s + (bad ? 0 : v);
    s2 = s2 + (bad ? 0 : v * v);
    c = c + (bad ? 1 : 0);
  }
  for (let k = 0; ; k++, i++) {
    S[k] = s;
    S2[k] = s2;
    N[k] = c;
    if (i === to) return;
    const v = values[i];
    const bad = v !== v;
    s = s + (bad ? 0 : v);
    s2 = s2 + (bad ? 0 : v * v);
    c = c + (bad ? 1 : 0);
  }
}

/**
 * The exact prefix sums of the range a ticker's scan reads, rebuilt from the checkpoints (fillPrefix) once per
 * ticker: S[a - lo] is the sum of the values before position a.
 */
export type RangePrefix = { S: Float64Array; S2: Float64Array; N: Int32Array };

/** z-normalised Euclidean over the windows of one ticker and one length, early abandoning in query order. */
export function scanZned(p: KernelParams, Q: KernelQuery, st: TopK, cand: Candidates, t: number, lo: number, hi: number, pre: RangePrefix, stats: Float64Array): void {
  const values = p.values, S = pre.S, S2 = pre.S2, nanCount = pre.N;
  const m = Q.m, q = Q.q, order = Q.order, w = Q.weight;
  const exT = p.exclude.ticker === t, exS = p.exclude.start, exE = p.exclude.end;
  let bound = boundOf(Math.min(st.n === st.k ? st.worst : Infinity, readSharedWorst(p)), w, m);
  let windows = 0, full = 0;
  const pw = p.promWeight ?? 0, pr = p.promRef ?? 0, volScale = p.vol ? p.vol[t] * Math.sqrt(m) : 0;
  const invM = 1 / m;
  const anyNaN = nanCount[hi - lo] !== nanCount[0];
  // the four largest query terms, summed up front (a query shorter than 4 points takes the plain loop)
  const head = m >= 4 ? 4 : 0;
  const o0 = order[0], o1 = order[head > 0 ? 1 : 0], o2 = order[head > 0 ? 2 : 0], o3 = order[head > 0 ? 3 : 0];
  const q0 = q[o0], q1 = q[o1], q2 = q[o2], q3 = q[o3];
  const step = p.startStep !== undefined && p.startStep > 1 ? p.startStep : 1;
  for (let a = lo, i = 0; a + m <= hi; a += step, i += step) {
    if (anyNaN && nanCount[i + m] !== nanCount[i]) continue;
    if (exT && a < exE && a + m > exS) continue;
    windows++;
    const mean = (S[i + m] - S[i]) * invM;
    const variance = (S2[i + m] - S2[i]) * invM - mean * mean;
    if (!(variance > 1e-12)) continue; // a flat window has no shape
    const sd = Math.sqrt(variance);
    const inv = 1 / sd;
    let mult = 1;
    if (pw > 0 && volScale > 0) {
      const prom = sd / volScale;
      if (prom < pr) mult = 1 + pw * (1 - prom / pr);
    }
    const wb = mult === 1 ? bound : bound / (mult * mult);
    // The four largest query terms without a branch: most windows are pruned right here, and one well-predicted
    // test is cheaper than an early exit that mispredicts on almost every window.
    const z0 = (values[a + o0] - mean) * inv - q0, z1 = (values[a + o1] - mean) * inv - q1;
    const z2 = (values[a + o2] - mean) * inv - q2, z3 = (values[a + o3] - mean) * inv - q3;
    let d = head > 0 ? z0 * z0 + z1 * z1 + z2 * z2 + z3 * z3 : 0;
    if (d >= wb) continue;
    for (let j = head; j < m; j++) {
      const idx = order[j];
      const z = (values[a + idx] - mean) * inv - q[idx];
      d += z * z;
      if (d >= wb) break;
    }
    if (d >= wb) continue;
    full++;
    const score = Math.sqrt(d / m) * w * mult;
    pushCandidate(cand, score, t, a, m);
    const worst = offerCandidate(st, score, t, a, m);
    publishWorst(p, worst);
    bound = boundOf(Math.min(worst, readSharedWorst(p)), w, m);
  }
  stats[0] += windows;
  stats[4] += full;
}

/**
 * One ticker's running max / min over +-r points (r at least the band of every query that uses it: a wider
 * envelope gives a looser but still valid LB_Keogh), computed lazily in chunks of 32 positions, only
 * where a window reaches LB_Keogh EC (a few percent of a ticker), with its scratch buffers. `stamp` marks the
 * chunks computed for the current ticker and radius (chunkStamp[c] === stamp).
 */
export type CandidateEnvelope = { stamp: number; chunkStamp: Int32Array; r: number; base: number; n: number; upper: Float64Array; lower: Float64Array; P: Float64Array; g: Float64Array; h: Float64Array };

/** The envelope radius used for a band of r points: a few sizes only, so a multi-length scan builds few envelopes per ticker. */
export function envelopeRadius(r: number): number {
  if (r <= 4) return r;
  let e = 4;
  while (e < r) e = e % 3 === 0 ? (e / 3) * 4 : (e / 2) * 3; // 4, 6, 8, 12, 16, 24, 32, ...
  return e;
}

/** Window starts that survived a cheap first pass, with their mean and 1 / deviation. */
export type Survivors = { start: Int32Array; mean: Float64Array; inv: Float64Array };

/**
 * DTW's first pass over every window of one ticker and one length: LB_Kim (first and last points, plus the
 * cheapest alignment of the second ones) against the threshold at the start of the pass. A small loop of its
 * own, which V8 optimises far better than the whole cascade; it keeps the few windows (typically 1-3%) that
 * the later stages must look at. Returns how many.
 */
export function kimPass(p: KernelParams, Q: KernelQuery, t: number, lo: number, hi: number, bound: number, out: Survivors, pre: RangePrefix, stats: Float64Array): number {
  const values = p.values, S = pre.S, S2 = pre.S2, nanCount = pre.N;
  const m = Q.m, q = Q.q;
  const exT = p.exclude.ticker === t, exS = p.exclude.start, exE = p.exclude.end;
  const q0 = q[0], q1 = m > 1 ? q[1] : 0, qe = q[m - 1], qe1 = m > 1 ? q[m - 2] : 0;
  const oStart = out.start, oMean = out.mean, oInv = out.inv;
  const invM = 1 / m;
  const step = p.startStep !== undefined && p.startStep > 1 ? p.startStep : 1;
  const anyNaN = nanCount[hi - lo] !== nanCount[0];
  let n = 0, windows = 0, kim = 0;
  for (let a = lo, i = 0; a + m <= hi; a += step, i += step) {
    if (anyNaN && nanCount[i + m] !== nanCount[i]) continue;
    if (exT && a < exE && a + m > exS) continue;
    windows++;
    const mean = (S[i + m] - S[i]) * invM;
    const variance = (S2[i + m] - S2[i]) * invM - mean * mean;
    if (!(variance > 1e-12)) continue; // a flat window has no shape
    const inv = 1 / Math.sqrt(variance);
    const x0 = (values[a] - mean) * inv, xe = (values[a + m - 1] - mean) * inv;
    let lb = (x0 - q0) * (x0 - q0) + (xe - qe) * (xe - qe);
    if (m >= 4 && lb < bound) {
      const x1 = (values[a + 1] - mean) * inv, xe1 = (values[a + m - 2] - mean) * inv;
      const d0 = (x1 - q0) * (x1 - q0), d2 = (x0 - q1) * (x0 - q1), d3 = (x1 - q1) * (x1 - q1);
      const e0 = (xe1 - qe) * (xe1 - qe), e2 = (xe - qe1) * (xe - qe1), e3 = (xe1 - qe1) * (xe1 - qe1);
      // min(x, y) as (x + y - |x - y|) / 2: which term is smaller is a coin toss, so a branch mispredicts, and
      // Math.min costs more still (this first pass took half the time on a loosely matching query)
      const d01 = 0.5 * (d0 + d2 - Math.abs(d0 - d2)), e01 = 0.5 * (e0 + e2 - Math.abs(e0 - e2));
      lb += 0.5 * (d01 + d3 - Math.abs(d01 - d3)) + 0.5 * (e01 + e3 - Math.abs(e01 - e3));
    }
    if (lb >= bound) {
      kim++;
      continue;
    }
    oStart[n] = a;
    oMean[n] = mean;
    oInv[n] = inv;
    n++;
  }
  stats[0] += windows;
  stats[1] += kim;
  return n;
}

/**
 * Banded DTW over the windows of one ticker and one length with the UCR Suite cascade: kimPass first, then
 * LB_Keogh both ways and early-abandoning DTW over its survivors. envU/envL hold the raw series' envelope for
 * this band (relative to the ticker's first position `base`).
 */
export function scanDtw(p: KernelParams, Q: KernelQuery, st: TopK, cand: Candidates, t: number, lo: number, hi: number, env: CandidateEnvelope, work: Float64Array[], surv: Survivors, pre: RangePrefix, stats: Float64Array): void {
  const values = p.values;
  const m = Q.m, q = Q.q, order = Q.order, keoghOrder = Q.keoghOrder, w = Q.weight, r = Q.r, U = Q.upper, L = Q.lower;
  const tz = work[0], cb = work[1], cb1 = work[2], cb2 = work[3];
  let cost = work[4], costPrev = work[5];
  const width = 2 * r + 1;
  const lambda = p.euclidWeight ?? 0;
  let bound = boundOf(Math.min(st.n === st.k ? st.worst : Infinity, readSharedWorst(p)), w, m);
  let keq = 0, kec = 0, full = 0, abandonedCount = 0;
  const pw = p.promWeight ?? 0, pr = p.promRef ?? 0, volScale = p.vol ? p.vol[t] * Math.sqrt(m) : 0;
  // the prominence multiplier only tightens the bound, so the first pass may ignore it
  const survivors = kimPass(p, Q, t, lo, hi, bound, surv, pre, stats);
  for (let si = 0; si < survivors; si++) {
    const a = surv.start[si], mean = surv.mean[si], inv = surv.inv[si];
    let mult = 1;
    if (pw > 0 && volScale > 0) {
      const prom = 1 / inv / volScale;
      if (prom < pr) mult = 1 + pw * (1 - prom / pr);
    }
    const bd = mult === 1 ? bound : bound / (mult * mult);
    // LB_Keogh with the query's envelope, the points farthest outside it first; keeps the per-point terms
    let lbq = 0;
    for (let j = 0; j < m && lbq < bd; j++) {
      const idx = keoghOrder[j];
      const c = (values[a + idx] - mean) * inv;
      tz[idx] = c;
      const u = U[idx], l = L[idx];
      // the distance from c to [l, u] as (|c - l| + |c - u| - (u - l)) / 2: a branch on the side c lies goes
      // either way from one term to the next and mispredicts (this stage took a fifth less time without it)
      const g = 0.5 * (Math.abs(c - l) + Math.abs(c - u) - (u - l));
      const e = g * g;
      cb1[idx] = e;
      lbq += e;
    }
    if (lbq >= bd) {
      keq++;
      continue;
    }
    // LB_Keogh the other way round: the candidate's envelope against the query (computed where a window first
    // gets this far: a ticker's whole envelope cost more than the rest of its scan)
    const ea = a - env.base;
    envelopeCover(values, env, ea, ea + m);
    const envU = env.upper, envL = env.lower;
    let lbc = 0;
    for (let j = 0; j < m && lbc < bd; j++) {
      const idx = order[j];
      const uu = (envU[ea + idx] - mean) * inv, ll = (envL[ea + idx] - mean) * inv;
      const qv = q[idx];
      const g = 0.5 * (Math.abs(qv - ll) + Math.abs(qv - uu) - (uu - ll));
      const e = g * g;
      cb2[idx] = e;
      lbc += e;
    }
    if (lbc >= bd) {
      kec++;
      continue;
    }
    const src = lbq > lbc ? cb1 : cb2;
    cb[m] = 0;
    for (let j = m - 1; j >= 0; j--) cb[j] = cb[j + 1] + src[j];
    full++;
    // early-abandoning banded DTW (UCR Suite): query on one axis, candidate on the other. Rows are stored
    // one slot to the right with Infinity sentinels at both ends, so the cell loop needs no bounds checks;
    // a virtual 0 above the first cell starts the path.
    for (let j = 0; j < width + 2; j++) {
      costPrev[j] = Infinity;
      cost[j] = Infinity;
    }
    costPrev[r + 1] = 0;
    let abandoned = false;
    let kk = 0;
    for (let i = 0; i < m; i++) {
      kk = (r - i > 0 ? r - i : 0) + 1;
      let minCost = Infinity;
      const qv = q[i];
      const jLo = i - r > 0 ? i - r : 0, jHi = i + r < m - 1 ? i + r : m - 1;
      for (let j = jLo; j <= jHi; j++, kk++) {
        const diff = qv - tz[j];
        const x = costPrev[kk + 1], y = cost[kk - 1], z = costPrev[kk];
        let mn = x < y ? x : y;
        if (z < mn) mn = z;
        const c = mn + diff * diff;
        cost[kk] = c;
        if (c < minCost) minCost = c;
      }
      if (i + r < m - 1 && minCost + cb[i + r + 1] >= bd) {
        abandoned = true;
        break;
      }
      // no reset between rows: each row reads only cells the row before wrote, the two sentinels, and on the
      // top rows the left edge's slots, which no row of this window has written
      const tmp = costPrev;
      costPrev = cost;
      cost = tmp;
    }
    if (abandoned) {
      abandonedCount++;
      continue;
    }
    let d = costPrev[kk - 1];
    if (!(d < bd)) continue;
    if (lambda > 0) {
      let ed = 0;
      for (let j = 0; j < m; j++) ed += (tz[j] - q[j]) * (tz[j] - q[j]);
      d = (d + lambda * ed) / (1 + lambda);
      if (!(d < bd)) continue;
    }
    const score = Math.sqrt(d / m) * w * mult;
    pushCandidate(cand, score, t, a, m);
    const worst = offerCandidate(st, score, t, a, m);
    publishWorst(p, worst);
    bound = boundOf(Math.min(worst, readSharedWorst(p)), w, m);
  }
  stats[2] += keq;
  stats[3] += kec;
  stats[4] += full;
  stats[5] += abandonedCount;
}

/** Computes the chunks of the candidate envelope that positions [from, to) of the ticker lie in, unless done already. */
export function envelopeCover(values: Float64Array, env: CandidateEnvelope, from: number, to: number): void {
  const last = (to - 1) >> 5;
  for (let c = from >> 5; c <= last; c++) {
    if (env.chunkStamp[c] === env.stamp) continue;
    // a run of missing chunks in one call: fewer margins of r positions to read twice
    let c1 = c;
    while (c1 < last && env.chunkStamp[c1 + 1] !== env.stamp) c1++;
    for (let k = c; k <= c1; k++) env.chunkStamp[k] = env.stamp;
    const lo = c << 5, hi = Math.min(env.n, (c1 + 1) << 5);
    tickerEnvelope(values, env.base, env.n, env.r, env.upper, env.lower, env.P, env.g, env.h, lo, hi);
    c = c1;
  }
}

/**
 * Envelope (running max and min over +-r points) of one ticker's values at positions [from, to) (default: all n)
 * by the van Herk / Gil-Werman block method: a few branch-light passes, whatever r. A missing value never enters a
 * kept window, so it is simply left out (treated as -Infinity for the max and +Infinity for the min). Max and min
 * are exact, so a piece equals the same positions of the whole.
 */
export function tickerEnvelope(values: Float64Array, base: number, n: number, r: number, envU: Float64Array, envL: Float64Array, P: Float64Array, g: Float64Array, h: Float64Array, from = 0, to = n): void {
  const w = 2 * r + 1, N2 = to - from + 2 * r, r2 = 2 * r;
  // P[k] is position from - r + k; outside the ticker it takes no part
  const k0ok = r - from, k1ok = n + r - from;
  // max envelope
  for (let k = 0; k < N2; k++) {
    const x = k < k0ok || k >= k1ok ? -Infinity : values[base + from + k - r];
    P[k] = x === x ? x : -Infinity;
  }
  for (let k0 = 0; k0 < N2; k0 += w) {
    const k1 = k0 + w < N2 ? k0 + w : N2;
    let run = P[k0];
    g[k0] = run;
    for (let k = k0 + 1; k < k1; k++) {
      const v = P[k];
      if (v > run) run = v;
      g[k] = run;
    }
    run = P[k1 - 1];
    h[k1 - 1] = run;
    for (let k = k1 - 2; k >= k0; k--) {
      const v = P[k];
      if (v > run) run = v;
      h[k] = run;
    }
  }
  for (let i = 0; i < to - from; i++) {
    const x = h[i], y = g[i + r2];
    envU[from + i] = x > y ? x : y;
  }
  // min envelope
  for (let k = 0; k < N2; k++) {
    const x = k < k0ok || k >= k1ok ? Infinity : values[base + from + k - r];
    P[k] = x === x ? x : Infinity;
  }
  for (let k0 = 0; k0 < N2; k0 += w) {
    const k1 = k0 + w < N2 ? k0 + w : N2;
    let run = P[k0];
    g[k0] = run;
    for (let k = k0 + 1; k < k1; k++) {
      const v = P[k];
      if (v < run) run = v;
      g[k] = run;
    }
    run = P[k1 - 1];
    h[k1 - 1] = run;
    for (let k = k1 - 2; k >= k0; k--) {
      const v = P[k];
      if (v < run) run = v;
      h[k] = run;
    }
  }
  for (let i = 0; i < to - from; i++) {
    const x = h[i], y = g[i + r2];
    envL[from + i] = x < y ? x : y;
  }
}

export function scanKernel(p: KernelParams): KernelResult {
  const offsets = p.offsets;
  const K = Math.max(1, p.k);
  let maxM = 1;
  for (let qi = 0; qi < p.queries.length; qi++) if (p.queries[qi].m > maxM) maxM = p.queries[qi].m;
  const st: TopK = { k: K, n: 0, sep: maxM, worst: Infinity, dist: new Float64Array(K), ticker: new Int32Array(K), start: new Int32Array(K), len: new Int32Array(K) };
  if (p.initialWorst !== undefined && Number.isFinite(p.initialWorst)) {
    // k placeholder entries at the bound, on no ticker: any real window beating the bound displaces one
    st.dist.fill(p.initialWorst);
    st.ticker.fill(-1);
    st.start.fill(-(2 ** 30));
    st.n = K;
    st.worst = p.initialWorst;
  }
  const cand: Candidates = { n: 0, dist: new Float64Array(1024), ticker: new Int32Array(1024), start: new Int32Array(1024), len: new Int32Array(1024) };
  const stats = new Float64Array(7); // windows, pruned by LB_Kim, by LB_Keogh EQ, by LB_Keogh EC, distances computed, DTW abandoned, within the bound
  let maxTicker = 1;
  for (let ti = 0; ti < p.tickers.length; ti++) {
    const t = p.tickers[ti];
    if (offsets[t + 1] - offsets[t] > maxTicker) maxTicker = offsets[t + 1] - offsets[t];
  }
  const isDtw = p.method === 1;
  let maxR = 0;
  for (let qi = 0; qi < p.queries.length; qi++) if (envelopeRadius(p.queries[qi].r) > maxR) maxR = envelopeRadius(p.queries[qi].r);
  const scratch = isDtw ? maxTicker + 2 * maxR + 2 : 0;
  const env: CandidateEnvelope = {
    stamp: 0,
    chunkStamp: new Int32Array(isDtw ? (maxTicker >> 5) + 1 : 0),
    r: 0,
    base: 0,
    n: 0,
    upper: new Float64Array(isDtw ? maxTicker : 0),
    lower: new Float64Array(isDtw ? maxTicker : 0),
    P: new Float64Array(scratch),
    g: new Float64Array(scratch),
    h: new Float64Array(scratch),
  };
  const surv: Survivors = { start: new Int32Array(isDtw ? maxTicker : 0), mean: new Float64Array(isDtw ? maxTicker : 0), inv: new Float64Array(isDtw ? maxTicker : 0) };
  const work = [new Float64Array(maxM), new Float64Array(maxM + 1), new Float64Array(maxM), new Float64Array(maxM), new Float64Array(2 * maxM + 3), new Float64Array(2 * maxM + 3)];
  const pre: RangePrefix = { S: new Float64Array(maxTicker + 1), S2: new Float64Array(maxTicker + 1), N: new Int32Array(maxTicker + 1) };
  // Queries sharing an envelope radius form a group: the candidate envelope is computed at most once per
  // ticker and group, and the short lengths of the first group give a threshold cheaply before the longer,
  // costlier ones run.
  const envR = p.queries.map((Q) => (isDtw ? envelopeRadius(Q.r) : 0));
  const order = Array.from({ length: p.queries.length }, (_, i) => i).sort((x, y) => envR[x] - envR[y] || p.queries[x].m - p.queries[y].m);
  // A DTW scan for the best k first scans every 32nd start of its grid (a subset of the windows the full pass
  // scans again): on a long window a match region is wider than that, so this pass finds many of the places the
  // answer lies in, and the full pass prunes against their threshold from its first window (a scan over 150..300
  // took half the time; 30..80 the same). Windows it kept stay candidates (one scanned twice is selected once);
  // its counts are left out of the stats. A scan given its own bound (initialWorst: the threshold scan) goes
  // straight to the full pass, so stats[6] still counts the windows within that bound.
  const step = p.startStep !== undefined && p.startStep > 1 ? p.startStep : 1;
  const seeded: KernelParams = { ...p, startStep: 32 * step };
  const seedStats = new Float64Array(7);
  let seedCandidates = 0;
  for (let pass = isDtw && p.initialWorst === undefined ? 0 : 1; pass < 2; pass++) {
    const pp = pass === 0 ? seeded : p, ps = pass === 0 ? seedStats : stats;
    seedCandidates = cand.n;
    for (let g0 = 0; g0 < order.length; ) {
      let g1 = g0 + 1;
      while (g1 < order.length && envR[order[g1]] === envR[order[g0]]) g1++;
      env.r = envR[order[g0]];
      for (let next = 0; ; next++) {
        const ti = p.claim === undefined ? next : Atomics.add(p.claim, pass * order.length + g0, 1);
        if (ti >= p.tickers.length) break;
        if (p.cancel !== undefined && Atomics.load(p.cancel, 0) !== 0) break; // the client went away
        const t = p.tickers[ti];
        const lo = p.lo[ti], hi = p.hi[ti];
        env.stamp++;
        env.base = offsets[t];
        env.n = offsets[t + 1] - offsets[t];
        let filled = false;
        for (let gi = g0; gi < g1; gi++) {
          const Q = p.queries[order[gi]];
          if (hi - lo < Q.m) continue;
          if (!filled) {
            fillPrefix(p.values, p.blockSum, p.blockSumSq, p.blockNan, lo, hi, pre.S, pre.S2, pre.N);
            filled = true;
          }
          if (isDtw) scanDtw(pp, Q, st, cand, t, lo, hi, env, work, surv, pre, ps);
          else scanZned(pp, Q, st, cand, t, lo, hi, pre, ps);
        }
      }
      g0 = g1;
    }
  }
  stats[6] = cand.n - seedCandidates;
  if (p.claim !== undefined) {
    // only a window within the final threshold can be selected (the k-th match is at most that far): the calling
    // thread then sorts a few hundred candidates, not every one kept on the way
    const limit = Math.min(st.n === st.k ? st.worst : Infinity, readSharedWorst(p));
    const kept: Candidates = { n: 0, dist: new Float64Array(16), ticker: new Int32Array(16), start: new Int32Array(16), len: new Int32Array(16) };
    for (let i = 0; i < cand.n; i++) if (cand.dist[i] <= limit) pushCandidate(kept, cand.dist[i], cand.ticker[i], cand.start[i], cand.len[i]);
    return { count: kept.n, dist: kept.dist.subarray(0, kept.n), ticker: kept.ticker.subarray(0, kept.n), start: kept.start.subarray(0, kept.n), len: kept.len.subarray(0, kept.n), stats };
  }
  const result = selectMatches(cand, K);
  result.stats = stats;
  return result;
}

/**
 * One kernel scan of a chain: its regions are the kernel's tickers (virtual ones: offsets per region), `ticker`
 * maps each back to the real ticker, and its distances are multiplied by `rescale` to the chain's weighting.
 */
export type ChainScan = { params: KernelParams; ticker: Int32Array; rescale: number };

/**
 * Scans after one another, each seeded by the ones before (the k-th best of all their matches so far bounds the
 * answer), then the greedy selection of up to k non-overlapping matches over all of them, with real tickers.
 * With `seedScans`, those run first (z-normalised Euclidean scans of the same windows: DTW never exceeds the
 * Euclidean distance of a window, so their k-th best seeds the chain), and when the seeded chain finds fewer than
 * k matches (a seed can in rare overlap cases prune a window the greedy selection needed) it runs again unseeded.
 * The model search's exact re-rank (lib/model/rerank-exact.ts) in one call on a search thread instead of a
 * message per scan.
 */
export function scanChain(p: { scans: ChainScan[]; seedScans?: ChainScan[]; k: number }): KernelResult {
  const k = p.k;
  const run = (scans: ChainScan[], seed: number): Candidates => {
    const all: Candidates = { n: 0, dist: new Float64Array(64), ticker: new Int32Array(64), start: new Int32Array(64), len: new Int32Array(64) };
    for (let g = 0; g < scans.length; g++) {
      const scan = scans[g];
      scan.params.initialWorst = seed / scan.rescale;
      const result = scanKernel(scan.params);
      for (let i = 0; i < result.count; i++) pushCandidate(all, result.dist[i] * scan.rescale, scan.ticker[result.ticker[i] >> 1], result.start[i], result.len[i]);
      if (all.n >= k) {
        const best = selectMatches(all, k);
        if (best.count === k && best.dist[k - 1] * (1 + 1e-9) < seed) seed = best.dist[k - 1] * (1 + 1e-9);
      }
    }
    return all;
  };
  if (!p.seedScans) return selectMatches(run(p.scans, Infinity), k);
  const euclid = selectMatches(run(p.seedScans, Infinity), k);
  const seed = euclid.count === k ? euclid.dist[k - 1] * (1 + 1e-9) : Infinity;
  const seeded = selectMatches(run(p.scans, seed), k);
  return seeded.count === k || !Number.isFinite(seed) ? seeded : selectMatches(run(p.scans, Infinity), k);
}

/** Everything the worker threads need, in dependency order. */
export const KERNEL_FUNCTIONS = [fillPrefix, pushCandidate, selectMatches, offerCandidate, boundOf, readSharedWorst, publishWorst, scanZned, kimPass, scanDtw, envelopeCover, tickerEnvelope, envelopeRadius, scanKernel, scanChain];
