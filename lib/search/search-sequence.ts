import { computeBaseline, forwardReturn } from "@/lib/search/outcomes";
import { fromDayNumber } from "@/lib/search/dates";
import { sequenceKernel, type SequenceKernelParams, type SequenceKernelResult } from "@/lib/search/sequence-kernel";
import type { Match, Outcomes, SearchIndex, SearchResult } from "@/lib/search/types";
import { runSequence } from "@/lib/search/worker-pool";

export type SequenceOptions = {
  index: SearchIndex;
  pattern: string;
  colorBy?: "candle" | "change";
  threshold?: number;
  doji?: number;
  tickers: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
  topK: number;
  horizon: number;
  /** count on a worker thread (the server's event loop stays free); false counts on the calling thread */
  offload?: boolean;
  signal?: AbortSignal;
};

/**
 * Forward returns kept for the median: beyond this many occurrences the median comes from a uniform sample of
 * them (count, mean, win rate and interval stay exact), so no pattern allocates per candle.
 */
export const SEQUENCE_SAMPLE_CAP = 100_000;

/** Counts over at least this many candles run on a worker thread (below it the count takes about a millisecond). */
export const SEQUENCE_OFFLOAD_MIN = 100_000;

export function sequenceCandles(lo: Int32Array, hi: Int32Array): number {
  let candles = 0;
  for (let i = 0; i < lo.length; i++) candles += hi[i] - lo[i];
  return candles;
}

/**
 * Exact count of a colour sequence (every occurrence, overlapping ones included), the latest occurrences as
 * matches (non-overlapping within a ticker), and the outcomes after all occurrences against the base rate.
 */
export async function searchSequence(o: SequenceOptions): Promise<Omit<SearchResult, "tookMs" | "method">> {
  const { index, tickers, lo, hi, horizon } = o;
  const params: SequenceKernelParams = {
    ...index.fields,
    offsets: index.offsets,
    days: index.days,
    tickers,
    lo,
    hi,
    pattern: Uint8Array.from(o.pattern, (ch) => ch.charCodeAt(0)),
    colorBy: o.colorBy === "change" ? 1 : 0,
    threshold: o.threshold ?? 0.07,
    doji: o.doji ?? 0,
    topK: o.topK,
    horizon,
    sampleCap: SEQUENCE_SAMPLE_CAP,
    cancel: new Int32Array(new SharedArrayBuffer(4)),
  };
  const onAbort = () => Atomics.store(params.cancel!, 0, 1);
  o.signal?.addEventListener("abort", onAbort, { once: true });
  let counted: SequenceKernelResult;
  try {
    counted = o.offload === false ? sequenceKernel(params) : await runSequence({ params });
  } finally {
    o.signal?.removeEventListener("abort", onAbort);
  }
  const p = params.pattern.length;
  const candles = sequenceCandles(lo, hi);
  const matches: Match[] = Array.from(counted.matchStart, (s, i) => {
    const t = counted.matchTicker[i], end = s + p - 1;
    return {
      symbol: index.symbols[t],
      start: fromDayNumber(index.days[s]),
      end: fromDayNumber(index.days[end]),
      length: p,
      distance: 0,
      score: 1,
      forward: { days: horizon, return: forwardReturn({ index, ticker: t, end, horizon }) },
    };
  });
  const baseline = computeBaseline({ index, tickers, lo, hi, horizon });
  return { matches, outcomes: sequenceOutcomes({ counted, horizon, baseline }), total: counted.total, searched: { series: tickers.length, candles } };
}

/** The outcomes from the kernel's sums (mean, win rate, interval exact) and its sample (the median). */
function sequenceOutcomes({ counted, horizon, baseline }: { counted: SequenceKernelResult; horizon: number; baseline: Outcomes["baseline"] }): Outcomes {
  const { n, sum, sumSq, wins } = counted;
  if (n === 0) return { horizon, n, mean: null, median: null, winRate: null, baseline, edge: null, ci95: null };
  const mean = sum / n;
  const sorted = counted.sample.slice().sort();
  const k = sorted.length;
  const median = k % 2 ? sorted[(k - 1) / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
  const sd = n > 1 ? Math.sqrt(Math.max(0, sumSq - n * mean * mean) / (n - 1)) : 0;
  const half = (1.96 * sd) / Math.sqrt(n);
  return { horizon, n, mean, median, winRate: wins / n, baseline, edge: baseline.mean === null ? null : mean - baseline.mean, ci95: [mean - half, mean + half] };
}
