import { lengthsBetween, prepareQueries, sameShape, smoothPickedRange, tiltedQuery } from "@/lib/search/prepare-queries";
import { prepareSeries, prepareSeriesAveraged } from "@/lib/search/prepare-series";
import { pushCandidate, scanKernel, selectMatches, type Candidates, type KernelParams, type KernelResult } from "@/lib/search/scan-kernel";
import type { ParsedSearchRequest } from "@/lib/search/request-schema";
import { segmentQuery, segmentScores } from "@/lib/search/segment-score";
import { warpFitCandidates } from "@/lib/search/warp-fit";
import { extraLengths, extraScanPlan, newCandidates } from "@/lib/search/candidate-pool";
import { warpFitParams } from "@/lib/search/warp-fit-params";
import { fusedResult, fuseRankings } from "@/lib/search/query-fusion";
import { lowerBound, resolveQuery, selectTickers, type ShapeQuery } from "@/lib/search/resolve-query";
import { rerankPickedRange, type RangeCandidate } from "@/lib/search/range-rerank";
import { toDayNumber } from "@/lib/search/dates";
import { mergeWithin, withinParams, withinWindows, type WithinRequest, type WithinWindows } from "@/lib/search/scan-within";
import { SearchCancelledError, SearchInputError } from "@/lib/search/search-input-error";
import { SEQUENCE_OFFLOAD_MIN, searchSequence, sequenceCandles } from "@/lib/search/search-sequence";
import { shapeMatches } from "@/lib/search/shape-result";
import type { AveragedSeries, EngineChoice, Match, PreparedSeries, SearchIndex, SearchResult } from "@/lib/search/types";
import { DEFAULT_TUNING, type SearchTuning } from "@/lib/search/tuning";
import { runScan, runSegmentScores, runWarpFit, searchThreads } from "@/lib/search/worker-pool";

const DESCRIBED = {
  zned: "z-normalised Euclidean distance over every window length",
  dtw: "banded DTW, each candidate re-fitted under a time warp (and, for a drawn shape, a drift across it) and re-ranked by rising and falling sections",
  "dtw+zned": "the DTW and z-normalised rankings fused (reciprocal rank)",
  "dtw+zned rerank": "the DTW and z-normalised candidates pooled, each compared again with the picked range, both averaged to take out day-to-day noise",
  "dtw+model": "the learned model's nearest windows added to DTW's candidates, all re-fitted and re-ranked by DTW's sections",
} as const;

/** Windows (global positions into the index's columns) that join the DTW engine's pool before its warp fit. */
export type PoolCandidates = { ticker: number[]; start: number[]; len: number[] };

/** Whether the model search can join "auto": a model active and its embedding index in memory, still loading, or none active. */
export type ModelState = "ready" | "loading" | "none";

/**
 * The engine of a shape search, with the reason in words: the one asked for, or for "auto" the engine with the best
 * measured recall for that kind of query (docs/recall.md: `npm run bench:recall`, and planted.mjs's hard setting):
 * DTW for sketches and presets, fused with the model search while a model is ready (unless tuned off); for a
 * picked range DTW's and zned's candidates pooled and re-ranked against it (unless tuned off: their rankings fused,
 * or DTW alone).
 */
export function chooseEngine(method: ParsedSearchRequest["method"], kind: ShapeQuery["type"] = "sketch", { fuseRanges = DEFAULT_TUNING.dtw.rangeFusion, rerankRanges = DEFAULT_TUNING.dtw.rangeRerank, model = "none", fuseModel = DEFAULT_TUNING.dtw.modelFusion }: { fuseRanges?: boolean; rerankRanges?: boolean; model?: ModelState; fuseModel?: boolean } = {}): { method: "zned" | "dtw" | "dtw+zned" | "dtw+model"; reason: string } {
  if (method === "model") throw new SearchInputError("method", "the model search is not available in this engine");
  if (method === "zned" || method === "dtw") return { method, reason: `asked for: ${DESCRIBED[method]}` };
  if (kind === "range" && fuseRanges && rerankRanges) return { method: "dtw+zned", reason: `auto: a picked range: ${DESCRIBED["dtw+zned rerank"]}; it finds more look-alikes than either engine alone or their fused rankings (recall suite ${AUTO_FIGURES.rangeRerank})` };
  if (kind === "range" && fuseRanges) return { method: "dtw+zned", reason: `auto: a picked range: ${DESCRIBED["dtw+zned"]}, listed in fused order, each match with its own engine's similarity; it finds more look-alikes than either alone (recall suite ${AUTO_FIGURES.range})` };
  if (kind !== "range" && fuseModel && model === "ready") return { method: "dtw+model", reason: `auto: a drawn shape with a model active: ${DESCRIBED["dtw+model"]} (recall suite ${AUTO_FIGURES.sketchModel})` };
  const alone = kind !== "range" && fuseModel && model === "loading" ? "; the model search joins once the active model has loaded" : "";
  return { method: "dtw", reason: `auto: ${DESCRIBED.dtw}; the best measured recall on drawn shapes (recall suite ${AUTO_FIGURES.sketch})${alone}` };
}

/** The recall figures behind auto's choice (bench:recall, topK = R; docs/recall.md). */
const AUTO_FIGURES = {
  sketch: "macro 0.79 against zned's 0.73",
  sketchModel: "with the model's windows: tune families 0.80 against DTW alone's 0.79, held-out drawn-shape families 0.74 against 0.71-0.73",
  range: "0.80 against DTW's 0.76 and zned's 0.74; a family never tuned on: 0.83 against 0.73 and 0.77",
  rangeRerank: "0.91 against the fused rankings' 0.78, 0.83 against 0.72 when look-alikes share the range's own noise; a second family: 0.89 against 0.84",
};

/**
 * Answers a parsed search request from the in-memory index. With `within`, a second scan of the same queries also
 * collects every window within `within.maxDistance` (on the scale of the matches' own distances: the DTW engine's
 * are re-scored by the warp fit and the segment re-rank), at most `within.limit`, for the outcome statistics (lib/search/scan-within.ts).
 */
export async function searchPatterns({ index, request, tuning = {}, signal, within, candidates }: { index: SearchIndex; request: ParsedSearchRequest; tuning?: SearchTuning; signal?: AbortSignal; within?: WithinRequest; candidates?: PoolCandidates }): Promise<SearchResult> {
  const t0 = performance.now();
  const req = request;
  const q = req.query;
  if (q.type === "sequence") {
    const { tickers, lo, hi } = selectTickers(index, index.offsets, index.days, req);
    // a small count (about a millisecond) stays on the calling thread, as does a search tuned to one thread
    const r = await searchSequence({ index, pattern: q.pattern, colorBy: q.colorBy, threshold: q.threshold, doji: q.doji, tickers, lo, hi, topK: req.topK, horizon: req.horizon, offload: tuning.threads !== 1 && sequenceCandles(lo, hi) >= SEQUENCE_OFFLOAD_MIN, signal });
    if (signal?.aborted) throw new SearchCancelledError();
    return { ...r, tookMs: Math.round(performance.now() - t0), method: "sequence", engine: { method: "sequence", reason: "a candle-colour sequence: every occurrence counted exactly" } };
  }
  const engine = chooseEngine(req.method, q.type, { fuseRanges: tuning.rangeFusion, rerankRanges: tuning.rangeRerank });
  if (engine.method === "dtw+zned") return searchFused({ index, request: req, tuning, signal, within, engine, t0 });
  // the model is the server's (lib/search-server/search-with-model.ts): this core is never told one is ready
  if (engine.method === "dtw+model") throw new Error("the model search fuses outside the pure engine");
  const method = engine.method;
  const isOhlcv = ["open", "high", "low", "close", "volume"].includes(req.series);
  if (!isOhlcv && !index.scalars.has(req.series)) throw new SearchInputError("series", `unknown series ${req.series}`);
  const tune = { ...DEFAULT_TUNING[method], ...tuning };
  const series = req.series === "close" && tune.priceSource === "typical" ? "typical" : req.series;
  const prepared = prepareSeries({ index, series, smooth: tune.smooth, smoothKind: tune.smoothKind });
  const { tickers, lo, hi } = selectTickers(index, prepared.offsets, prepared.days, req);

  // A range query's own values unsmoothed (the series' light smoothing comes once, like every other query's),
  // then averaged over rangeSmooth of their length: the picked window's own noise is not part of its shape.
  const resolved = resolveQuery({
    query: q,
    minLength: req.minLength,
    maxLength: req.maxLength,
    bySymbol: index.bySymbol,
    days: prepared.days,
    offsets: prepared.offsets,
    rangeValues: () => prepareSeries({ index, series }).values,
  });
  const { minLength, maxLength, exclude } = resolved;
  const points = q.type === "range" ? smoothPickedRange(resolved.points, tune.rangeSmooth) : resolved.points;
  // a picked range's look-alikes are about its own length: the re-rank's length prior is centred there
  const picked = q.type === "range" ? resolved.points.length : undefined;

  const warpFit = method === "dtw" && tune.warpFit;
  const lengths = lengthsBetween({ minLength, maxLength, step: warpFit ? tune.warpLengthStep : tune.lengthStep });
  // With the warp fit scoring every candidate at full resolution, the DTW scan that draws the candidates of long
  // windows may read the series averaged over f candles: about warpScanPoints averages per window.
  const groups = groupLengths(lengths, warpFit ? tune.warpScanPoints : Infinity);
  const pool = warpFit ? req.topK + Math.min((tune.warpPool - 1) * req.topK, tune.warpExtraMax) : req.topK;
  // with the segment re-rank, the warp fit keeps its whole pool (apart on every ticker) for the re-rank to order
  const fitted = warpFit && tune.segRerank ? pool : req.topK;
  const params: KernelParams = {
    values: prepared.values,
    blockSum: prepared.blockSum,
    blockSumSq: prepared.blockSumSq,
    blockNan: prepared.blockNan,
    offsets: prepared.offsets,
    tickers,
    lo,
    hi,
    queries: [],
    method: method === "dtw" ? 1 : 0,
    // the warp fit re-ranks a larger pool of DTW candidates, shared out over the resolutions scanned
    k: groups.length === 1 ? pool : Math.max(req.topK, Math.ceil(pool / groups.length)),
    startStep: warpFit ? tune.warpStartStep : 1,
    exclude,
    euclidWeight: tune.euclidWeight,
    vol: prepared.vol,
    promRef: tune.promRef,
    promWeight: isOhlcv && req.series !== "volume" ? tune.promWeight : 0,
    cancel: new Int32Array(new SharedArrayBuffer(4)),
  };
  const scanOf = ({ factor, lengths: ms }: { factor: number; lengths: number[] }, base: KernelParams, band: number, shape: ArrayLike<number> = points) => {
    const queries = prepareQueries({ points: shape, lengths: ms, method: base.method === 1 ? "dtw" : "zned", band, lengthPrior: tune.lengthPrior, smooth: tune.smooth, smoothKind: tune.smoothKind, bandPoints: tuning.bandPoints, average: factor });
    if (factor === 1) return { factor, series: prepared, params: { ...base, queries } };
    const averaged = prepareSeriesAveraged({ index, series, smooth: tune.smooth, smoothKind: tune.smoothKind, factor });
    return { factor, series: averaged, params: averagedParams({ params: { ...base, queries }, full: prepared, averaged, factor }) };
  };
  // A drawn shape's copies may drift across it by up to a quarter of its height (issue 15's specification), which
  // z-normalising leaves in: the pool is fitted and re-ranked under the query tilted both ways too (driftScan: the
  // tilted queries also scan for candidates, beside the query as drawn).
  // A tilt that leaves the shape as it is once z-normalised (a straight line, as the trend presets: tilted, the same
  // line) would fit every window again at the same distance, 1 + driftCost worse, and never be kept: not fitted
  // (driftDirect: every tilt fitted, the shapes one after the other, as the reference the tests compare with).
  const tilts = warpFit && tune.segRerank && q.type !== "range" && tune.driftTilt > 0 ? [tiltedQuery(points, tune.driftTilt), tiltedQuery(points, -tune.driftTilt)] : [];
  const shapes = [points, ...tilts.filter((t) => tune.driftDirect || !sameShape(points, t))];
  // with tilts asked for, the pool's final order is the selection over every shape's windows even when none is left
  const tilted = tilts.length > 0;
  const scans = groups.map((g) => {
    const sc = scanOf(g, params, req.band ?? tune.band);
    if (!tune.driftScan || tilts.length === 0) return sc;
    const tiltedQueries = tilts.flatMap((shape) => scanOf(g, params, req.band ?? tune.band, shape).params.queries);
    return { ...sc, params: { ...sc.params, queries: [...sc.params.queries, ...tiltedQueries] } };
  });
  // a second, differently biased scan adds about extraPool x topK candidates to the warp fit's pool (lib/search/candidate-pool.ts)
  const plan = warpFit && tune.extraPool > 0 ? extraScanPlan(tune.extraSource, { coarsen: tune.extraCoarsen, band: tune.extraBand }) : null;
  const extraGroups = plan ? groupLengths(extraLengths(lengths, picked, tune.extraCentred), tune.warpScanPoints, plan.coarsen) : [];
  const extraK = Math.max(1, Math.round(tune.extraPool * req.topK));
  const extraScans = plan ? extraGroups.map((g) => scanOf(g, { ...params, method: plan.method, startStep: plan.startStep, k: Math.max(1, Math.ceil(extraK / extraGroups.length)) }, plan.band)) : [];
  // An aborted client stops the scan on every thread at its next ticker.
  if (signal?.aborted) throw new SearchCancelledError();
  const onAbort = () => Atomics.store(params.cancel!, 0, 1);
  signal?.addEventListener("abort", onAbort, { once: true });
  let candles = 0;
  for (let i = 0; i < tickers.length; i++) candles += hi[i] - lo[i];
  const work = scans.reduce((w, sc) => w + (candles / sc.factor) * sc.params.queries.length, 0);
  // threads given: exactly that many parts, 1 meaning the calling thread (benchmarks compare the two)
  const threads = tuning.threads ?? (work >= tune.parallelMin ? searchThreads() : 1);
  const offload = tuning.threads === undefined ? work >= tune.offloadMin : threads > 1;
  let result: KernelResult;
  let near: WithinWindows | undefined;
  try {
    const parts: KernelResult[] = [];
    for (const sc of scans) {
      const r = offload ? await runScan({ params: sc.params, threads }) : scanKernel(sc.params);
      parts.push(sc.factor === 1 ? r : toFullResolution({ result: r, factor: sc.factor, averaged: sc.series, full: prepared }));
    }
    result = parts.length === 1 ? parts[0] : concatResults(parts);
    let extra = 0;
    if (extraScans.length && !signal?.aborted) {
      const more: KernelResult[] = [];
      for (const sc of extraScans) {
        const r = offload ? await runScan({ params: sc.params, threads }) : scanKernel(sc.params);
        more.push(sc.factor === 1 ? r : toFullResolution({ result: r, factor: sc.factor, averaged: sc.series, full: prepared }));
      }
      const fresh = newCandidates(result, more.length === 1 ? more[0] : concatResults(more));
      extra = fresh.count;
      // the pool's own distances are the warp fit's from here on; the scans' only ordered each source
      result = concatResults([result, fresh]);
    }
    if (warpFit && candidates) {
      // windows another engine found (the model search's) join the pool on the selected tickers
      const selected = new Set(tickers);
      const keep = candidates.ticker.map((t, i) => (selected.has(t) ? i : -1)).filter((i) => i >= 0);
      const given: KernelResult = { count: keep.length, dist: new Float64Array(keep.length).fill(Infinity), ticker: Int32Array.from(keep, (i) => candidates.ticker[i]), start: Int32Array.from(keep, (i) => candidates.start[i]), len: Int32Array.from(keep, (i) => candidates.len[i]), stats: new Float64Array(result.stats.length) };
      const fresh = newCandidates(result, given);
      extra += fresh.count;
      result = concatResults([result, fresh]);
    }
    if (warpFit && result.count > 0 && !signal?.aborted) {
      // the candidates are fitted one by one, so every search thread can take a share even when one scanned
      result = await rankPool({ result, params, raw: () => prepareSeries({ index, series }).values, shapes, tilted, minLength, maxLength, picked, tune, threads: offload ? (tuning.threads ?? searchThreads()) : 0, fitK: fitted + extra, topK: tune.keepPool ? undefined : req.topK, rerank: fitted > req.topK });
    }
    if (within && !signal?.aborted) {
      const parts: KernelResult[] = [];
      for (const sc of scans) {
        const p = withinParams(sc.params, within);
        const r = offload ? await runScan({ params: p, threads }) : scanKernel(p);
        parts.push(sc.factor === 1 ? r : toFullResolution({ result: r, factor: sc.factor, averaged: sc.series, full: prepared }));
      }
      const merged = mergeWithin(parts, within.limit);
      let found = merged.result;
      if (warpFit && found.count > 0 && !signal?.aborted) {
        // on the matches' own scale: the segment re-rank's distance (under the same tilts) when it ranked them
        found = await rankPool({ result: found, params, raw: () => prepareSeries({ index, series }).values, shapes, tilted, minLength, maxLength, picked, tune, threads: offload ? (tuning.threads ?? searchThreads()) : 0, fitK: within.limit, rerank: fitted > req.topK });
      }
      near = withinWindows({ result: found, maxDistance: within.maxDistance, windows: merged.windows, capped: merged.result.count >= within.limit, limit: within.limit });
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  if (signal?.aborted) throw new SearchCancelledError();

  const order = Array.from({ length: result.count }, (_, i) => i).sort((x, y) => result.dist[x] - result.dist[y]);
  // forward returns come from the daily closes
  const matches = shapeMatches({ index, days: prepared.days, found: order.map((i) => ({ ticker: result.ticker[i], start: result.start[i], length: result.len[i], distance: result.dist[i] })), horizon: req.horizon, forward: isOhlcv });
  return {
    matches,
    total: matches.length,
    tookMs: Math.round(performance.now() - t0),
    method,
    engine: { method, reason: engine.reason },
    searched: { series: tickers.length, candles },
    compared: { lengths: lengths.length, windows: result.stats[0] },
    ...(near ? { within: near } : {}),
  };
}

/**
 * A picked range answered by two engines at once: the DTW engine's whole re-ranked pool (about 3 x topK windows) and
 * zned's list as deep (fusionCentred: over 0.8-1.25x of the picked length only). rangeRerank: every place either
 * list holds is compared with the picked range once more, the window averaged over rangeSmooth of the picked
 * length and the range over rangeRerankQuery (lib/search/range-rerank.ts), and listed in that order with that distance; otherwise the two lists are fused by reciprocal rank
 * (lib/search/query-fusion.ts), each match keeping its own engine's distance. The outcome statistics' threshold
 * windows (`within`) are the DTW engine's.
 */
async function searchFused({ index, request, tuning, signal, within, engine, t0 }: { index: SearchIndex; request: ParsedSearchRequest; tuning: SearchTuning; signal?: AbortSignal; within?: WithinRequest; engine: EngineChoice; t0: number }): Promise<SearchResult> {
  const tune = { ...DEFAULT_TUNING.dtw, ...tuning };
  const dtw = await searchPatterns({ index, request: { ...request, method: "dtw" }, tuning: { ...tuning, keepPool: true }, signal, within });
  const range = pickedRange(index, request);
  const zned = await searchPatterns({ index, request: { ...request, method: "zned", topK: Math.max(request.topK, dtw.matches.length), ...(tune.fusionCentred && range ? range.stretched : {}) }, tuning, signal });
  if (!tune.rangeRerank || !range) return fusedResult({ dtw, other: zned, matches: fuseRankings([dtw.matches, zned.matches], { topK: request.topK, k: tune.fusionK }), engine, t0 });
  // one entry per place (same ticker, IoU >= 0.5), the DTW list's window standing for both
  const places = fuseRankings([dtw.matches, zned.matches], { topK: Infinity, sameIou: 0.5, apart: false });
  const zt = { ...DEFAULT_TUNING.zned, ...tuning };
  const { tickers, lo, hi } = selectTickers(index, range.prepared.offsets, range.prepared.days, request);
  const slot = new Map(Array.from(tickers, (t, i) => [t, i]));
  const found = rerankPickedRange({
    values: range.prepared.values,
    bounds: (t) => [lo[slot.get(t)!], hi[slot.get(t)!]],
    exclude: range.exclude,
    points: smoothPickedRange(range.points, tune.rangeRerankQuery || zt.rangeSmooth),
    candidates: places.map((m) => positionOf(index, range.prepared, m)),
    ...range.stretched,
    priorLength: range.maxLength,
    width: zt.rangeSmooth,
    lengthPrior: zt.lengthPrior,
    topK: request.topK,
  });
  const matches = shapeMatches({ index, days: range.prepared.days, found, horizon: request.horizon, forward: ["open", "high", "low", "close", "volume"].includes(request.series) });
  return fusedResult({ dtw, other: zned, matches, engine, t0 });
}

/**
 * A picked range's own values (unsmoothed) and window, the request's length range and, inside it, the lengths its look-alikes
 * take by the specification (stretched 0.8-1.25x): zned's share of the fused answer looks there only (the DTW list
 * covers the rest, at half zned's cost), and the re-rank refines its windows there. Null for other queries.
 */
function pickedRange(index: SearchIndex, request: ParsedSearchRequest) {
  if (request.query.type !== "range") return null;
  const prepared = prepareSeries({ index, series: request.series });
  const { points, minLength, maxLength, exclude } = resolveQuery({ query: request.query, minLength: request.minLength, maxLength: request.maxLength, bySymbol: index.bySymbol, days: prepared.days, offsets: prepared.offsets, rangeValues: () => prepared.values });
  const lo = Math.min(maxLength, Math.max(minLength, Math.round(0.8 * points.length)));
  return { prepared, points, maxLength, exclude, stretched: { minLength: lo, maxLength: Math.max(lo, Math.min(maxLength, Math.round(1.25 * points.length))) } };
}

/** A match as positions into the searched series (its first candle found by date on its ticker). */
function positionOf(index: SearchIndex, prepared: PreparedSeries, m: Match): RangeCandidate {
  const ticker = index.bySymbol.get(m.symbol)!;
  return { ticker, start: lowerBound(prepared.days, prepared.offsets[ticker], prepared.offsets[ticker + 1], toDayNumber(m.start)), length: m.length };
}

/**
 * The scanned lengths by resolution: a window of m candles is scanned on the series averaged over
 * f = coarsen x floor(m / points) candles (coarsen below 2 x points), as about m / f averages. Sorted by f; lengths in averages.
 */
export function groupLengths(lengths: number[], points: number, coarsen = 1): { factor: number; lengths: number[] }[] {
  const byFactor = new Map<number, Set<number>>();
  for (const m of lengths) {
    const factor = coarsen * (Number.isFinite(points) ? Math.max(1, Math.floor(m / points)) : 1);
    if (!byFactor.has(factor)) byFactor.set(factor, new Set());
    byFactor.get(factor)!.add(Math.round(m / factor));
  }
  return [...byFactor.entries()].sort((a, b) => a[0] - b[0]).map(([factor, ms]) => ({ factor, lengths: [...ms].sort((a, b) => a - b) }));
}

/** The scan's parameters on the averaged series: each ticker's range and the excluded window in averages. */
function averagedParams({ params, full, averaged, factor }: { params: KernelParams; full: PreparedSeries; averaged: AveragedSeries; factor: number }): KernelParams {
  const cell = (t: number, pos: number, round: (x: number) => number) => averaged.offsets[t] + round((pos - full.offsets[t]) / factor);
  const lo = Int32Array.from(params.tickers, (t, i) => cell(t, params.lo[i], Math.ceil));
  const hi = Int32Array.from(params.tickers, (t, i) => Math.max(lo[i], cell(t, params.hi[i], Math.floor)));
  const ex = params.exclude;
  return {
    ...params,
    values: averaged.values,
    blockSum: averaged.blockSum,
    blockSumSq: averaged.blockSumSq,
    blockNan: averaged.blockNan,
    offsets: averaged.offsets,
    lo,
    hi,
    vol: averaged.vol,
    // averages are a coarse grid already: every start
    startStep: 1,
    // every average the excluded window touches
    exclude: ex.ticker < 0 ? ex : { ticker: ex.ticker, start: cell(ex.ticker, ex.start, Math.floor), end: cell(ex.ticker, ex.end, Math.ceil) },
  };
}

/** Matches of a scan of the averaged series, as candle positions and lengths. */
function toFullResolution({ result, factor, averaged, full }: { result: KernelResult; factor: number; averaged: AveragedSeries; full: PreparedSeries }): KernelResult {
  const n = result.count;
  return {
    ...result,
    start: Int32Array.from(result.start.subarray(0, n), (s, i) => full.offsets[result.ticker[i]] + (s - averaged.offsets[result.ticker[i]]) * factor),
    len: Int32Array.from(result.len.subarray(0, n), (m) => m * factor),
  };
}

/** Every match of several scans, one list (the warp fit scores them all). */
function concatResults(parts: KernelResult[]): KernelResult {
  const count = parts.reduce((n, r) => n + r.count, 0);
  const out: KernelResult = { count, dist: new Float64Array(count), ticker: new Int32Array(count), start: new Int32Array(count), len: new Int32Array(count), stats: new Float64Array(parts[0]?.stats.length ?? 6) };
  let at = 0;
  for (const r of parts) {
    out.dist.set(r.dist.subarray(0, r.count), at);
    out.ticker.set(r.ticker.subarray(0, r.count), at);
    out.start.set(r.start.subarray(0, r.count), at);
    out.len.set(r.len.subarray(0, r.count), at);
    r.stats.forEach((v, i) => (out.stats[i] += v));
    at += r.count;
  }
  return out;
}

/**
 * The DTW engine's order of its pool: the warp fit (its best fitK windows apart on every ticker), then with `rerank`
 * the segment re-rank, its best topK (all when undefined). With several shapes (the query and its tilts), every
 * window is fitted and re-ranked under each, and the best of all is kept, apart on every ticker (`tilted`: tilts were
 * asked for, so the order is that selection even when every tilt was left out as the shape itself).
 */
async function rankPool({ result, params, raw, shapes, tilted, minLength, maxLength, picked, tune, threads, fitK, topK, rerank }: { result: KernelResult; params: KernelParams; raw: () => Float64Array; shapes: ArrayLike<number>[]; tilted: boolean; minLength: number; maxLength: number; picked?: number; tune: Required<Omit<SearchTuning, "threads" | "bandPoints">>; threads: number; fitK: number; topK?: number; rerank: boolean }): Promise<KernelResult> {
  const rank = async (points: ArrayLike<number>) => {
    const fit = await rankByWarpFit({ result, params, points, minLength, maxLength, tune, threads, topK: fitK });
    return rerank ? await rankBySegments({ result: fit, raw: raw(), points, maxLength, picked, tune, topK: tilted ? fit.count : (topK ?? fit.count), threads }) : fit;
  };
  const scored: KernelResult[] = [];
  // the shapes' fits queue on the search threads together (each candidate is scored on its own, so the answer does
  // not depend on the order): a thread that finishes its share of one shape starts on the next without waiting
  if (tune.driftDirect) for (const points of shapes) scored.push(await rank(points));
  else scored.push(...(await Promise.all(shapes.map(rank))));
  if (!tilted) return scored[0];
  const all = concatResults(scored);
  // a tilted fit pays 1 + driftCost: a window as close under a tilt as level is read level
  for (let i = scored[0].count; i < all.count; i++) all.dist[i] *= 1 + tune.driftCost;
  return { ...selectMatches({ n: all.count, dist: all.dist, ticker: all.ticker, start: all.start, len: all.len }, topK ?? all.count), stats: result.stats };
}

/**
 * Scores the DTW candidates with the warp fit (on worker threads when the scan ran there; threads 0 = the
 * calling thread) and keeps the best topK that do not overlap on a ticker.
 */
async function rankByWarpFit({ result, params, points, minLength, maxLength, tune, threads, topK }: { result: KernelResult; params: KernelParams; points: ArrayLike<number>; minLength: number; maxLength: number; tune: Required<Omit<SearchTuning, "threads" | "bandPoints">>; threads: number; topK: number }): Promise<KernelResult> {
  const slot = new Map<number, number>();
  params.tickers.forEach((t, i) => slot.set(t, i));
  const ticker = result.ticker.slice(0, result.count);
  const lo = Int32Array.from(ticker, (t) => params.lo[slot.get(t)!]);
  const hi = Int32Array.from(ticker, (t) => params.hi[slot.get(t)!]);
  const fitParams = warpFitParams({
    prepared: params,
    points,
    ticker,
    start: result.start.slice(0, result.count),
    len: result.len.slice(0, result.count),
    lo,
    hi,
    minLength,
    maxLength,
    exclude: params.exclude,
    settings: tune,
    cancel: params.cancel,
  });
  const fit = threads > 0 ? await runWarpFit({ params: fitParams, threads }) : warpFitCandidates(fitParams);
  const cand: Candidates = { n: 0, dist: new Float64Array(result.count), ticker: new Int32Array(result.count), start: new Int32Array(result.count), len: new Int32Array(result.count) };
  for (let c = 0; c < result.count; c++) if (Number.isFinite(fit.dist[c])) pushCandidate(cand, fit.dist[c], result.ticker[c], fit.start[c], fit.len[c]);
  return { ...selectMatches(cand, topK), stats: result.stats };
}

/**
 * The final order of the warp fit's best windows: by the segment score (lib/search/segment-score.ts) on the
 * unsmoothed series, times the length prior (maxLength / m) ** segPrior and, for a picked range of L candles,
 * exp(rangeCentre x ln(m / L)^2) (1.05 at the 0.8x and 1.25x stretches its look-alikes may have), as a distance on the warp fit's scale
 * (sqrt of a mean squared residual of z-normalised values). The windows are already apart on every ticker.
 */
async function rankBySegments({ result, raw, points, maxLength, picked, tune, topK, threads }: { result: KernelResult; raw: Float64Array; points: ArrayLike<number>; maxLength: number; picked?: number; tune: Required<Omit<SearchTuning, "threads" | "bandPoints">>; topK: number; threads: number }): Promise<KernelResult> {
  const settings = { points: 64, turn: tune.segTurn, reach: tune.segReach, heightWeight: tune.segHeight, stretchWeight: tune.segStretch, resampleWindow: tune.segResample };
  const n = result.count;
  const params = { values: raw, start: result.start.subarray(0, n), len: result.len.subarray(0, n), query: segmentQuery(points, settings), settings };
  // on the search threads, as the warp fit before it, unless the search runs on the calling thread
  const segments = threads > 0 && n > 0 ? await runSegmentScores({ params, threads }) : segmentScores(params);
  const dist = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const m = result.len[c];
    const seg = segments[c];
    const prior = (maxLength / m) ** tune.segPrior * (picked === undefined ? 1 : Math.exp(tune.rangeCentre * Math.log(m / picked) ** 2));
    dist[c] = Math.sqrt(((1 - tune.segWeight) * result.dist[c] ** 2 + tune.segWeight * seg) * prior);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => dist[x] - dist[y]).slice(0, topK);
  return {
    count: order.length,
    dist: Float64Array.from(order, (i) => dist[i]),
    ticker: Int32Array.from(order, (i) => result.ticker[i]),
    start: Int32Array.from(order, (i) => result.start[i]),
    len: Int32Array.from(order, (i) => result.len[i]),
    stats: result.stats,
  };
}
