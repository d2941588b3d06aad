import os from "node:os";
import { Worker } from "node:worker_threads";
import { getEnv } from "@/lib/env";
import { KERNEL_FUNCTIONS, scanChain, scanKernel, selectMatches, type Candidates, type ChainScan, type KernelParams, type KernelResult } from "@/lib/search/scan-kernel";
import { SEQUENCE_FUNCTIONS, sequenceKernel, type SequenceKernelParams, type SequenceKernelResult } from "@/lib/search/sequence-kernel";
import { WARP_FIT_FUNCTIONS, warpFitCandidates, type WarpFitParams, type WarpFitResult } from "@/lib/search/warp-fit";
import { SEGMENT_FUNCTIONS, segmentScores, type SegmentScoreParams } from "@/lib/search/segment-score";
import { mergeSimilarity, SIMILARITY_FUNCTIONS, similarityTopK, type SimilarityParams, type SimilarityResult } from "@/lib/search/similarity-topk";

/*
 * Worker threads built from source text (`eval: true`), so no worker file has to be found next to a bundle.
 * `__name` is defined because esbuild (tsx, Vitest) may wrap functions in it to keep their names. The entry point
 * is called by its runtime name: a production bundle minifies every name (scanKernel becomes "z"), consistently
 * inside the kernel's own sources.
 */
/** Nice value of the search threads (0 = as the web thread; PATTERNSCOPE_SEARCH_NICE overrides). */
const searchWorkerNice = () => getEnv().PATTERNSCOPE_SEARCH_NICE;

const workerSource = () => `
const { parentPort } = require("node:worker_threads");
// Lower this thread's priority (on Linux a nice value is per thread): chart reads and pages on the event loop
// come first when the cores are busy, and searches take the CPU that is left.
try { require("node:os").setPriority(${searchWorkerNice()}); } catch {}
var __name = (f) => f;
${[...KERNEL_FUNCTIONS, ...WARP_FIT_FUNCTIONS, ...SEQUENCE_FUNCTIONS, ...SIMILARITY_FUNCTIONS, ...SEGMENT_FUNCTIONS].map((f) => `const ${f.name} = (${f.toString()});`).join("\n")}
parentPort.on("message", (msg) => {
  try {
    const result = msg.task === "chain" ? ${scanChain.name}(msg.params) : msg.task === "warpFit" ? ${warpFitCandidates.name}(msg.params) : msg.task === "sequence" ? ${sequenceKernel.name}(msg.params) : msg.task === "similarity" ? ${similarityTopK.name}(msg.params) : msg.task === "segments" ? ${segmentScores.name}(msg.params) : ${scanKernel.name}(msg.params);
    parentPort.postMessage({ id: msg.id, result });
  } catch (error) {
    parentPort.postMessage({ id: msg.id, error: String((error && error.stack) || error) });
  }
});
`;

type ChainParams = Parameters<typeof scanChain>[0];
type Task = { task: "scan"; params: KernelParams } | { task: "chain"; params: ChainParams } | { task: "warpFit"; params: WarpFitParams } | { task: "sequence"; params: SequenceKernelParams } | { task: "similarity"; params: SimilarityParams } | { task: "segments"; params: SegmentScoreParams };
type Pending = { resolve: (r: never) => void; reject: (e: Error) => void; worker: Worker };
type Pool = { workers: Worker[]; pending: Map<number, Pending>; nextId: number; busy: Map<Worker, number> };

const g = globalThis as unknown as { patternscopeSearchPool?: Pool };
let warned = false;
let answered = false;

function getPool(size: number): Pool {
  let pool = g.patternscopeSearchPool;
  if (!pool) {
    pool = { workers: [], pending: new Map(), nextId: 1, busy: new Map() };
    g.patternscopeSearchPool = pool;
  }
  while (pool.workers.length < size) {
    const worker = new Worker(workerSource(), { eval: true });
    const p = pool;
    worker.unref();
    worker.on("message", (msg: { id: number; result?: never; error?: string }) => {
      const job = p.pending.get(msg.id);
      if (!job) return;
      p.pending.delete(msg.id);
      const left = (p.busy.get(job.worker) ?? 1) - 1;
      p.busy.set(job.worker, left);
      if (left === 0) job.worker.unref(); // an idle pool never keeps a CLI or a test alive
      if (msg.error) job.reject(new Error(msg.error));
      else {
        // once per process: the standalone test looks for this line to prove the bundled kernel runs off-thread
        if (!answered) console.log(`[search] worker threads answering (${p.workers.length})`);
        answered = true;
        job.resolve(msg.result!);
      }
    });
    worker.on("error", (error) => {
      for (const [id, job] of p.pending) {
        if (job.worker === worker) {
          p.pending.delete(id);
          job.reject(error);
        }
      }
      p.workers = p.workers.filter((w) => w !== worker);
    });
    pool.workers.push(worker);
  }
  return pool;
}

function runOnWorker(pool: Pool, worker: Worker, job: { task: "scan"; params: KernelParams }): Promise<KernelResult>;
function runOnWorker(pool: Pool, worker: Worker, job: { task: "chain"; params: ChainParams }): Promise<KernelResult>;
function runOnWorker(pool: Pool, worker: Worker, job: { task: "warpFit"; params: WarpFitParams }): Promise<WarpFitResult>;
function runOnWorker(pool: Pool, worker: Worker, job: { task: "sequence"; params: SequenceKernelParams }): Promise<SequenceKernelResult>;
function runOnWorker(pool: Pool, worker: Worker, job: { task: "similarity"; params: SimilarityParams }): Promise<SimilarityResult>;
function runOnWorker(pool: Pool, worker: Worker, job: { task: "segments"; params: SegmentScoreParams }): Promise<Float64Array>;
function runOnWorker(pool: Pool, worker: Worker, job: Task): Promise<unknown> {
  const id = pool.nextId++;
  return new Promise((resolve, reject) => {
    pool.pending.set(id, { resolve, reject, worker });
    pool.busy.set(worker, (pool.busy.get(worker) ?? 0) + 1);
    worker.ref();
    worker.postMessage({ id, ...job });
  });
}

/** How many threads a scan may use: the cores, unless PATTERNSCOPE_SEARCH_THREADS says otherwise. */
export function searchThreads(): number {
  const threads = getEnv().PATTERNSCOPE_SEARCH_THREADS;
  if (threads) return threads;
  return Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
}

/**
 * Runs the kernel on `threads` worker threads that share the tickers: each thread takes its next ticker from a shared
 * cursor (KernelParams.claim), so the work stays even when one core is busy with something else, and the calling
 * thread (the web server's event loop) stays free to answer chart reads while a search runs. The threads prune
 * against each other's k-th best distance too, and the answer is the selection over every thread's candidates.
 */
export async function runScan({ params, threads }: { params: KernelParams; threads: number }): Promise<KernelResult> {
  const partCount = Math.max(1, Math.min(threads, params.tickers.length));
  if (partCount === 1) return runKernel({ params });
  const shared: KernelParams = {
    ...params,
    sharedWorst: params.sharedWorst ?? new Int32Array(new SharedArrayBuffer(4)).fill(2147483647),
    claim: new Int32Array(new SharedArrayBuffer(8 * Math.max(1, params.queries.length))),
  };
  const pool = getPool(partCount);
  // A worker that fails (for example a bundler that rewrote the kernel's source) must not fail the search: the
  // tickers it took would be lost, so the whole scan then runs on the calling thread.
  let failed = false;
  const results = await Promise.all(
    Array.from({ length: partCount }, (_, i) =>
      runOnWorker(pool, leastBusy(pool, i), { task: "scan", params: shared }).catch((error: unknown) => {
        if (!warned) console.warn("[search] worker thread failed; scanning on the main thread", error);
        warned = true;
        failed = true;
        return null;
      }),
    ),
  );
  if (failed) return scanKernel({ ...params, sharedWorst: shared.sharedWorst });
  return selectCandidates(results as KernelResult[], params.k);
}

/**
 * Runs the warp fit of every candidate on worker threads, in `threads` parts of about equal size. Each part takes
 * a run of lengths (a part builds the templates of its lengths only); each candidate is scored on its own, so
 * the answer does not depend on the split.
 */
export async function runWarpFit({ params, threads }: { params: WarpFitParams; threads: number }): Promise<WarpFitResult> {
  const count = params.ticker.length;
  const partCount = Math.max(1, Math.min(threads, count));
  const byLength = Array.from({ length: count }, (_, c) => c).sort((x, y) => params.len[x] - params.len[y] || x - y);
  const parts: number[][] = Array.from({ length: partCount }, (_, i) => byLength.slice(Math.floor((i * count) / partCount), Math.floor(((i + 1) * count) / partCount)));
  const pick = (a: Int32Array, ids: number[]) => Int32Array.from(ids, (i) => a[i]);
  const sub = (ids: number[]): WarpFitParams => ({
    ...params,
    ticker: pick(params.ticker, ids),
    start: pick(params.start, ids),
    len: pick(params.len, ids),
    lo: pick(params.lo, ids),
    hi: pick(params.hi, ids),
  });
  const pool = getPool(partCount);
  const results = await Promise.all(
    parts.map((ids, i) =>
      runOnWorker(pool, leastBusy(pool, i), { task: "warpFit", params: sub(ids) }).catch((error: unknown) => {
        if (!warned) console.warn("[search] worker thread failed; fitting on the main thread", error);
        warned = true;
        return warpFitCandidates(sub(ids));
      }),
    ),
  );
  const out: WarpFitResult = { dist: new Float64Array(count), start: new Int32Array(count), len: new Int32Array(count) };
  parts.forEach((ids, i) =>
    ids.forEach((c, j) => {
      out.dist[c] = results[i].dist[j];
      out.start[c] = results[i].start[j];
      out.len[c] = results[i].len[j];
    }),
  );
  return out;
}

/**
 * The segment scores of a batch of candidates on worker threads, in `threads` runs of about equal candle counts
 * (each candidate is scored on its own, so the answer does not depend on the split): the section-by-section fit
 * costs tens of milliseconds per search that would otherwise hold the web thread.
 */
export async function runSegmentScores({ params, threads }: { params: SegmentScoreParams; threads: number }): Promise<Float64Array> {
  const count = params.start.length;
  const partCount = Math.max(1, Math.min(threads, count));
  let total = 0;
  for (let c = 0; c < count; c++) total += params.len[c];
  const cuts = [0];
  for (let c = 0, acc = 0; c < count && cuts.length < partCount; c++) {
    acc += params.len[c];
    if (acc * partCount >= total * cuts.length) cuts.push(c + 1);
  }
  cuts.push(count);
  const pool = getPool(partCount);
  const parts = await Promise.all(
    cuts.slice(1).map((end, i) => {
      const sub = { ...params, start: params.start.subarray(cuts[i], end), len: params.len.subarray(cuts[i], end) };
      return runOnWorker(pool, leastBusy(pool, i), { task: "segments", params: sub }).catch((error: unknown) => {
        if (!warned) console.warn("[search] worker thread failed; scoring sections on the main thread", error);
        warned = true;
        return segmentScores(sub);
      });
    }),
  );
  const out = new Float64Array(count);
  parts.forEach((part, i) => out.set(part, cuts[i]));
  return out;
}

/**
 * Counts a candle sequence on one worker thread (the count is a single pass, cheaper than splitting it), so a
 * pattern over every candle never holds the calling thread (the web server's event loop).
 */
export async function runSequence({ params }: { params: SequenceKernelParams }): Promise<SequenceKernelResult> {
  const pool = getPool(1);
  return runOnWorker(pool, leastBusy(pool, 0), { task: "sequence", params }).catch((error: unknown) => {
    if (!warned) console.warn("[search] worker thread failed; counting on the main thread", error);
    warned = true;
    return sequenceKernel(params);
  });
}

/** One kernel scan on one worker thread as it is (no split): for callers that chain scans, each seeded by the last. */
export async function runKernel({ params }: { params: KernelParams }): Promise<KernelResult> {
  const pool = getPool(1);
  return runOnWorker(pool, leastBusy(pool, 0), { task: "scan", params }).catch((error: unknown) => {
    if (!warned) console.warn("[search] worker thread failed; scanning on the main thread", error);
    warned = true;
    return scanKernel(params);
  });
}

/** A chain of kernel scans (scan-kernel.ts scanChain) on one worker thread: one message instead of one per scan. */
export async function runChain({ scans, seedScans, k }: { scans: ChainScan[]; seedScans?: ChainScan[]; k: number }): Promise<KernelResult> {
  const pool = getPool(1);
  return runOnWorker(pool, leastBusy(pool, 0), { task: "chain", params: { scans, seedScans, k } }).catch((error: unknown) => {
    if (!warned) console.warn("[search] worker thread failed; scanning on the main thread", error);
    warned = true;
    return scanChain({ scans, seedScans, k });
  });
}

/**
 * The k rows most similar to the query (lib/search/similarity-topk.ts), the rows split into `threads` ranges,
 * each scored on a search thread straight from the shared matrix: the web thread only waits.
 */
export async function runSimilarity({ params, threads }: { params: SimilarityParams; threads: number }): Promise<SimilarityResult> {
  const rows = params.to - params.from;
  const partCount = Math.max(1, Math.min(threads, Math.ceil(rows / 4096)));
  const pool = getPool(partCount);
  const results = await Promise.all(
    Array.from({ length: partCount }, (_, i) => {
      const sub = { ...params, from: params.from + Math.floor((i * rows) / partCount), to: params.from + Math.floor(((i + 1) * rows) / partCount) };
      return runOnWorker(pool, leastBusy(pool, i), { task: "similarity", params: sub }).catch((error: unknown) => {
        if (!warned) console.warn("[search] worker thread failed; scoring on the main thread", error);
        warned = true;
        return similarityTopK(sub);
      });
    }),
  );
  return results.length === 1 ? results[0] : mergeSimilarity(results, params.k);
}

/** The idle worker if there is one (concurrent searches share the pool), else the i-th. */
function leastBusy(pool: Pool, i: number): Worker {
  let best = pool.workers[i % pool.workers.length];
  for (const w of pool.workers) if ((pool.busy.get(w) ?? 0) < (pool.busy.get(best) ?? 0)) best = w;
  return best;
}

/** The best k non-overlapping matches among every thread's candidates, with the threads' counts summed. */
function selectCandidates(results: KernelResult[], k: number): KernelResult {
  const n = results.reduce((sum, r) => sum + r.count, 0);
  const all: Candidates = { n: 0, dist: new Float64Array(n), ticker: new Int32Array(n), start: new Int32Array(n), len: new Int32Array(n) };
  for (const r of results) {
    all.dist.set(r.dist.subarray(0, r.count), all.n);
    all.ticker.set(r.ticker.subarray(0, r.count), all.n);
    all.start.set(r.start.subarray(0, r.count), all.n);
    all.len.set(r.len.subarray(0, r.count), all.n);
    all.n += r.count;
  }
  const selected = selectMatches(all, Math.max(1, k));
  selected.stats = new Float64Array(results[0]?.stats.length ?? 7);
  for (const r of results) r.stats.forEach((v, i) => (selected.stats[i] += v));
  return selected;
}
