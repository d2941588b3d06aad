import { forwardReturn } from "@/lib/search/forward-return";
import { fromDayNumber } from "@/lib/search/dates";
import { sequenceKernel, type SequenceKernelParams, type SequenceKernelResult } from "@/lib/search/sequence-kernel";
import type { Match, SearchIndex, SearchResult } from "@/lib/search/types";
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
 * Occurrences the outcome statistics read: beyond this many, a uniform sample of them (the count stays exact), so
 * no pattern allocates per candle and the cluster bootstrap stays within the threshold scan's budget.
 */
export const SEQUENCE_SAMPLE_CAP = 2000;

/** Counts over at least this many candles run on a worker thread (below it the count takes about a millisecond). */
export const SEQUENCE_OFFLOAD_MIN = 100_000;

export function sequenceCandles(lo: Int32Array, hi: Int32Array): number {
  let candles = 0;
  for (let i = 0; i < lo.length; i++) candles += hi[i] - lo[i];
  return candles;
}

/**
 * Exact count of a colour sequence (every occurrence, overlapping ones included), the latest occurrences as
 * matches (non-overlapping within a ticker), and a uniform sample of the occurrences for the outcome statistics.
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
  return { matches, total: counted.total, searched: { series: tickers.length, candles }, occurrences: { ticker: counted.sampleTicker, end: counted.sampleEnd, total: counted.total } };
}
