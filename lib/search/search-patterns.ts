import { fromDayNumber } from "@/lib/search/dates";
import { computeBaseline, forwardReturn, summariseOutcomes } from "@/lib/search/outcomes";
import { lengthsBetween, prepareQueries } from "@/lib/search/prepare-queries";
import { prepareSeries } from "@/lib/search/prepare-series";
import type { ParsedSearchRequest } from "@/lib/search/request-schema";
import { scanKernel, type KernelParams, type KernelResult } from "@/lib/search/scan-kernel";
import { resolveQuery, selectTickers } from "@/lib/search/resolve-query";
import { SearchCancelledError, SearchInputError } from "@/lib/search/search-input-error";
import { searchSequence } from "@/lib/search/search-sequence";
import type { Match, SearchIndex, SearchResult } from "@/lib/search/types";
import { runScan, searchThreads } from "@/lib/search/worker-pool";

/** Engine settings that are not part of the public request. */
export type SearchTuning = {
  /** relative step between scanned lengths */
  lengthStep?: number;
  /** default DTW band (fraction of the length) */
  band?: number;
  /** penalty exponent for short windows */
  lengthPrior?: number;
  /** threads for the scan (1 = the calling thread only) */
  threads?: number;
  /** DTW: weight of the Euclidean distance blended into DTW (0 = plain DTW) */
  euclidWeight?: number;
  /** centred moving-average width over the series and the query (1 = none) */
  smooth?: number;
  smoothKind?: "ma" | "sg";
  bandPoints?: number;
  /** prominence penalty: windows moving less than promRef * daily volatility * sqrt(length) get up to promWeight more distance */
  promRef?: number;
  promWeight?: number;
  /** shape source for price searches on the close: "close" or "typical" ((high + low + close) / 3) */
  priceSource?: "close" | "typical";
  /** scans of at least this many window-lengths are split over every search thread */
  parallelMin?: number;
  /** scans of at least this many window-lengths run on a worker thread, never on the calling one (the server's event loop) */
  offloadMin?: number;
};

/**
 * Defaults per engine, chosen on the planted benchmark (hard, seeds 7 and 11; see scripts/recall-search.ts):
 * DTW gains from a light Savitzky-Golay smoothing (width 5) of series and query, and its band absorbs a 10%
 * length step; a short true pattern carries more day-to-day noise per point than a long one, so DTW
 * distances are scaled by (m / maxLength) ** 0.1 (a mild allowance for short lengths, +1 hit on each of
 * seeds 3, 7, 11). The Euclidean scan is not smoothed (smoothing lowered its recall).
 */
export const DEFAULT_TUNING: Record<"zned" | "dtw", Required<Omit<SearchTuning, "threads" | "bandPoints">>> = {
  zned: { lengthStep: 0.1, band: 0.1, lengthPrior: 0, euclidWeight: 0, smooth: 1, smoothKind: "ma", priceSource: "close", promRef: 0, promWeight: 0, parallelMin: 2_000_000, offloadMin: 200_000 },
  dtw: { lengthStep: 0.1, band: 0.1, lengthPrior: -0.1, euclidWeight: 0, smooth: 5, smoothKind: "sg", priceSource: "close", promRef: 0, promWeight: 0, parallelMin: 2_000_000, offloadMin: 200_000 },
};


/** Resolves "auto": banded DTW, the engine with the better recall on the planted benchmark. */
export function resolveMethod(method: ParsedSearchRequest["method"]): "zned" | "dtw" {
  if (method === "model") throw new SearchInputError("method", "the model search is not available in this engine");
  return method === "zned" ? "zned" : "dtw";
}

/** Answers a parsed search request from the in-memory index. */
export async function searchPatterns({ index, request, tuning = {}, signal }: { index: SearchIndex; request: ParsedSearchRequest; tuning?: SearchTuning; signal?: AbortSignal }): Promise<SearchResult> {
  const t0 = performance.now();
  const req = request;
  const q = req.query;
  if (q.type === "sequence") {
    const { tickers, lo, hi } = selectTickers(index, index.offsets, index.days, req);
    const r = searchSequence({ index, pattern: q.pattern, colorBy: q.colorBy, threshold: q.threshold, doji: q.doji, tickers, lo, hi, topK: req.topK, horizon: req.horizon });
    return { ...r, tookMs: Math.round(performance.now() - t0), method: "sequence" };
  }
  const method = resolveMethod(req.method);
  const isOhlcv = ["open", "high", "low", "close", "volume"].includes(req.series);
  if (!isOhlcv && !index.scalars.has(req.series)) throw new SearchInputError("series", `unknown series ${req.series}`);
  const tune = { ...DEFAULT_TUNING[method], ...tuning };
  const series = req.series === "close" && tune.priceSource === "typical" ? "typical" : req.series;
  const prepared = prepareSeries({ index, series, smooth: tune.smooth, smoothKind: tune.smoothKind });
  const { tickers, lo, hi } = selectTickers(index, prepared.offsets, prepared.days, req);

  // A range query's own values unsmoothed: the query is smoothed once, like every other query.
  const { points, minLength, maxLength, exclude } = resolveQuery({
    query: q,
    minLength: req.minLength,
    maxLength: req.maxLength,
    bySymbol: index.bySymbol,
    days: prepared.days,
    offsets: prepared.offsets,
    rangeValues: () => prepareSeries({ index, series }).values,
  });

  const lengths = lengthsBetween({ minLength, maxLength, step: tune.lengthStep });
  const queries = prepareQueries({ points, lengths, method, band: req.band ?? tune.band, lengthPrior: tune.lengthPrior, smooth: tune.smooth, smoothKind: tune.smoothKind, bandPoints: tuning.bandPoints });
  const params: KernelParams = {
    values: prepared.values,
    sum: prepared.sum,
    sumSq: prepared.sumSq,
    nanCount: prepared.nanCount,
    offsets: prepared.offsets,
    tickers,
    lo,
    hi,
    queries,
    method: method === "dtw" ? 1 : 0,
    k: req.topK,
    excludeTicker: exclude.ticker,
    excludeStart: exclude.start,
    excludeEnd: exclude.end,
    euclidWeight: tune.euclidWeight,
    vol: prepared.vol,
    promRef: tune.promRef,
    promWeight: isOhlcv && req.series !== "volume" ? tune.promWeight : 0,
    cancel: new Int32Array(new SharedArrayBuffer(4)),
  };
  // An aborted client stops the scan on every thread at its next ticker.
  if (signal?.aborted) throw new SearchCancelledError();
  const onAbort = () => Atomics.store(params.cancel!, 0, 1);
  signal?.addEventListener("abort", onAbort, { once: true });
  let candles = 0;
  for (let i = 0; i < tickers.length; i++) candles += hi[i] - lo[i];
  const work = candles * lengths.length;
  // threads given: exactly that many parts, 1 meaning the calling thread (benchmarks compare the two)
  const threads = tuning.threads ?? (work >= tune.parallelMin ? searchThreads() : 1);
  const offload = tuning.threads === undefined ? work >= tune.offloadMin : threads > 1;
  let result: KernelResult;
  try {
    result = offload ? await runScan({ params, threads, candlesOf: (t) => prepared.offsets[t + 1] - prepared.offsets[t] }) : scanKernel(params);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  if (signal?.aborted) throw new SearchCancelledError();

  const order = Array.from({ length: result.count }, (_, i) => i).sort((x, y) => result.dist[x] - result.dist[y]);
  const ohlcvDays = isOhlcv; // forward returns come from the daily closes
  const matches: Match[] = order.map((i) => {
    const t = result.ticker[i], s = result.start[i], m = result.len[i];
    const endPos = s + m - 1;
    const d = result.dist[i];
    let fwd: number | null = null;
    if (ohlcvDays) fwd = forwardReturn({ index, ticker: t, end: endPos, horizon: req.horizon });
    return {
      symbol: index.symbols[t],
      start: fromDayNumber(prepared.days[s]),
      end: fromDayNumber(prepared.days[endPos]),
      length: m,
      distance: round(d, 6),
      score: round(Math.max(0, 1 - (d * d) / 2), 4),
      forward: { days: req.horizon, return: fwd === null ? null : round(fwd, 6) },
    };
  });
  const returns = matches.map((m) => m.forward.return).filter((r): r is number => r !== null);
  const baseline = ohlcvDays ? computeBaseline({ index, tickers, lo, hi, horizon: req.horizon }) : { mean: null, winRate: null };
  return {
    matches,
    outcomes: summariseOutcomes({ returns, horizon: req.horizon, baseline }),
    total: matches.length,
    tookMs: Math.round(performance.now() - t0),
    method,
    searched: { series: tickers.length, candles },
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
