/*
 * The candle-sequence count as one self-contained kernel (no imports, no outer variables), so the worker pool can
 * ship its source to a worker thread like the scan kernel's (see scan-kernel.ts).
 *
 * Its memory is bounded whatever the pattern: a one-letter pattern matches about every other candle, so the kernel
 * keeps no list of occurrences. It counts them, keeps a uniform sample of at most `sampleCap` of their end positions
 * (every one while they fit) for the outcome statistics, and keeps only the `topK` latest non-overlapping
 * occurrences per ticker, merged into the overall latest `topK` as it goes.
 */

export type SequenceKernelParams = {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  offsets: Int32Array;
  days: Int32Array;
  tickers: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
  /** the pattern as char codes of G R D O */
  pattern: Uint8Array;
  /** 0: close vs open; 1: close vs the previous close */
  colorBy: 0 | 1;
  threshold: number;
  doji: number;
  topK: number;
  sampleCap: number;
  /** cancellation flag on shared memory: once cancel[0] is not 0 the count stops at the next ticker */
  cancel?: Int32Array;
};

export type SequenceKernelResult = {
  /** occurrences, overlapping ones included */
  total: number;
  /** a uniform sample of the occurrences (all of them while total <= sampleCap): ticker and end position */
  sampleTicker: Int32Array;
  sampleEnd: Int32Array;
  /** the latest topK non-overlapping occurrences, latest first: ticker and start position */
  count: number;
  matchTicker: Int32Array;
  matchStart: Int32Array;
};

/** Colours candles a..b of one ticker into `out` (char codes G R D O, ? where a value is missing). */
export function colourSequence(p: SequenceKernelParams, first: number, a: number, b: number, out: Uint8Array): void {
  const open = p.open, high = p.high, low = p.low, close = p.close;
  for (let i = a; i < b; i++) {
    const c = close[i];
    let code = 63;
    if (p.colorBy === 1) {
      const prev = i > first ? close[i - 1] : NaN;
      if (c > 0 && prev > 0) {
        const chg = c / prev - 1;
        code = chg > 0 ? 71 : chg === 0 ? 68 : -chg > p.threshold ? 82 : 79;
      }
    } else {
      const o = open[i];
      if (o > 0 && c > 0) code = p.doji > 0 && Math.abs(c - o) <= p.doji * (high[i] - low[i]) ? 68 : c > o ? 71 : c < o ? 82 : 68;
    }
    out[i - a] = code;
  }
}

export function sequenceKernel(p: SequenceKernelParams): SequenceKernelResult {
  const pat = p.pattern, m = pat.length, k = p.topK, days = p.days;
  let total = 0;
  const cap = Math.max(0, p.sampleCap);
  const sampleTicker = new Int32Array(cap), sampleEnd = new Int32Array(cap);
  // deterministic reservoir sampling (a fixed LCG), so a repeated search gives the same statistics
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  let longest = 0;
  for (let i = 0; i < p.tickers.length; i++) longest = Math.max(longest, p.hi[i] - p.lo[i]);
  const colours = new Uint8Array(longest);
  let count = 0;
  let bestT = new Int32Array(k), bestS = new Int32Array(k);
  let nextT = new Int32Array(k), nextS = new Int32Array(k);
  const pickS = new Int32Array(k);
  for (let ti = 0; ti < p.tickers.length; ti++) {
    if (p.cancel !== undefined && Atomics.load(p.cancel, 0) !== 0) break;
    const t = p.tickers[ti], lo = p.lo[ti], hi = p.hi[ti];
    if (hi - lo < m) continue;
    colourSequence(p, p.offsets[t], lo, hi, colours);
    let picks = 0, lastStart = Infinity;
    // latest first: the greedy pick of non-overlapping occurrences lists the latest ones
    for (let s = hi - m; s >= lo; s--) {
      let j = 0;
      while (j < m && colours[s - lo + j] === pat[j]) j++;
      if (j < m) continue;
      const slot = total < cap ? total : Math.floor(random() * (total + 1));
      if (slot < cap) {
        sampleTicker[slot] = t;
        sampleEnd[slot] = s + m - 1;
      }
      total++;
      if (picks < k && s + m <= lastStart) {
        pickS[picks++] = s;
        lastStart = s;
      }
    }
    // merge this ticker's picks (latest first) into the overall latest k: later day first, then lower ticker
    let a = 0, b = 0, out = 0;
    while (out < k && (a < count || b < picks)) {
      const takeA = b >= picks || (a < count && (days[bestS[a]] > days[pickS[b]] || (days[bestS[a]] === days[pickS[b]] && bestT[a] < t)));
      if (takeA) {
        nextT[out] = bestT[a];
        nextS[out++] = bestS[a++];
      } else {
        nextT[out] = t;
        nextS[out++] = pickS[b++];
      }
    }
    count = out;
    const swapT = bestT, swapS = bestS;
    bestT = nextT;
    bestS = nextS;
    nextT = swapT;
    nextS = swapS;
  }
  const sampled = Math.min(total, cap);
  return { total, sampleTicker: sampleTicker.slice(0, sampled), sampleEnd: sampleEnd.slice(0, sampled), count, matchTicker: bestT.slice(0, count), matchStart: bestS.slice(0, count) };
}

export const SEQUENCE_FUNCTIONS = [colourSequence, sequenceKernel];
