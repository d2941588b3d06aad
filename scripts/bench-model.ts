// Measures the pattern model's training step and inference on each tfjs backend, and the ways to supply the
// Conv2DBackpropFilter kernel that wasm lacks. Prints figures; asserts nothing.
// Usage: npm run bench:model -- [--batches N] [--infer N]            training step + inference per backend
//        npm run bench:model -- --mode index [--repeat 4] [--queries 20] [--warmup 8]  model search p50/p95 on
//                                                                         ../shared/data repeated (4: ~2.5M candles)
//        npm run bench:model -- --mode service [--queries 20]              POST /api/search method "model" server
//                                                                         time through lib/search-server (index
//                                                                         loaded from / stored in the database)
//        --compare key=v1,v2 (index mode): each query under every value of one ModelSearchTuning key in turn (so load hits
//        them alike), wall and process CPU p50 per value; combo=k1:v1+k2:v2,k1:v3 compares settings of several keys
//        --query sketch (index and service modes): fresh random-walk sketches of 48 points, as bench:http sends, instead
//        of the presets (well-formed shapes, which the DTW re-rank and warp fit settle faster: at 0.62M candles
//        presets p50 33-35 ms, sketches 48-58 ms, interleaved runs at load 3.3-4.7). Session 14, --repeat 4 --query sketch
//        --queries 30 (2.48M candles), old code / new interleaved: p50 64 / 37 and 67 / 43 ms (top-k 32 / 11, 23 / 17;
//        re-rank 41 / 29, 46 / 34), load 3.5-5.5
// index/service modes use the active model version of DATABASE_URL (or the embedded database). Planted-pattern
// recall of the model search: scripts/recall-model.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { registerFilterGrad, tf, switchBackend, type BackendName, type FilterGradKernel } from "@/ml/backend";
import { batchHardTripletLoss } from "@/ml/losses";
import { buildModel, DEFAULT_MODEL_CONFIG, embedWindows, l2Normalise } from "@/ml/model";
import { generateDataset } from "@/ml/synthetic";
import { DEFAULT_TRAIN_OPTIONS } from "@/ml/train-model";
import { openCliDatabase } from "@/lib/db/cli-database";
import { buildEmbeddingIndex } from "@/lib/model/build-embedding-index";
import { buildIndex } from "@/lib/search/build-index";
import { loadLongCsv } from "@/lib/search/testing/load-long-csv";
import { loadModelVersion } from "@/lib/model/load-model-version";
import { tuningVariant } from "./bench-options";

const { values } = parseArgs({
  options: {
    mode: { type: "string", default: "backends" },
    batches: { type: "string", default: "15" },
    infer: { type: "string", default: "10000" },
    repeat: { type: "string", default: "1" },
    queries: { type: "string", default: "20" },
    warmup: { type: "string", default: "8" },
    candidates: { type: "string" },
    compare: { type: "string" },
    query: { type: "string", default: "preset" },
    data: { type: "string", default: path.resolve("../shared/data/all_stocks_5yr.csv.gz") },
  },
});
if (values.query !== "preset" && values.query !== "sketch") {
  console.error(`--query takes preset or sketch, not ${values.query}`);
  process.exit(2);
}
let sketchState = 7;
/** Query i: a preset (by name, in turn) or, with --query sketch, a fresh random walk of 48 points as bench:http draws them. */
async function benchQuery(i: number): Promise<{ body: Record<string, unknown>; points: number[] }> {
  if (values.query === "sketch") {
    const points: number[] = [];
    let v = 0;
    for (let j = 0; j < 48; j++) points.push((v += (sketchState = (sketchState * 16807) % 2147483647) / 2147483647 - 0.5));
    return { body: { type: "sketch", points }, points };
  }
  const { PRESET_NAMES, samplePreset } = await import("@/lib/search/presets");
  const name = PRESET_NAMES[i % PRESET_NAMES.length];
  return { body: { type: "preset", name }, points: Array.from(samplePreset({ name, n: 64 })) };
}

if (values.mode === "service") {
  await benchService();
  process.exit(0);
}
if (values.mode !== "backends") {
  await benchIndex();
  process.exit(0);
}
const BATCHES = Number(values.batches);
const INFER = Number(values.infer);
const B = DEFAULT_TRAIN_OPTIONS.batchSize;
const L = DEFAULT_MODEL_CONFIG.length;
const data = generateDataset({ samples: B * BATCHES, seed: 1 });
const inferData = generateDataset({ samples: INFER, seed: 2 });

async function trainSteps(backend: BackendName, batches: number): Promise<number> {
  await switchBackend(backend);
  const model = buildModel(DEFAULT_MODEL_CONFIG);
  const optimizer = tf.train.adam(0.003);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const step = (b: number) =>
    tf.tidy(() => {
      const x = tf.tensor3d(data.inputs.subarray(b * B * L, (b + 1) * B * L), [B, L, 1]);
      const y = tf.tensor1d(data.labels.subarray(b * B, (b + 1) * B), "int32");
      const onehot = tf.oneHot(y, DEFAULT_MODEL_CONFIG.classes.length);
      const loss = optimizer.minimize(() => {
        const [e, logits] = model.apply(x, { training: true }) as tf.Tensor2D[];
        return tf.add(tf.losses.softmaxCrossEntropy(onehot, logits), batchHardTripletLoss(l2Normalise(e), y, 0.2)) as tf.Scalar;
      }, true, vars);
      loss!.dataSync();
    });
  step(0); // warm-up (kernel setup, wasm heap growth)
  const t = performance.now();
  for (let b = 1; b <= batches; b++) step(b % BATCHES);
  const ms = (performance.now() - t) / batches;
  optimizer.dispose();
  model.dispose();
  return ms;
}

async function inferMs(backend: BackendName): Promise<number> {
  await switchBackend(backend);
  const model = { model: buildModel(DEFAULT_MODEL_CONFIG), config: DEFAULT_MODEL_CONFIG };
  embedWindows({ model, inputs: inferData.inputs.subarray(0, 1024 * L), samples: 1024 });
  const t = performance.now();
  embedWindows({ model, inputs: inferData.inputs, samples: INFER });
  const ms = performance.now() - t;
  model.model.dispose();
  return ms;
}

const row = (label: string, ms: number, extra = "") => console.log(`${label.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms${extra}`);
console.log(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((v) => v.toFixed(1)).join(" ")}`);
console.log(`training step: batch ${B} windows x ${L}, model ${JSON.stringify({ filters: DEFAULT_MODEL_CONFIG.filters, kernels: DEFAULT_MODEL_CONFIG.kernelSizes, hidden: DEFAULT_MODEL_CONFIG.hidden, embedding: DEFAULT_MODEL_CONFIG.embeddingSize })}`);

// Order matters: the cpu backend's stock kernel cannot be restored once replaced, so it is measured first.
const few = 1; // the stock cpu filter gradient takes seconds per batch
const configs: [string, BackendName, FilterGradKernel, number][] = [
  ["cpu, stock kernels", "cpu", "cpu", few],
  ["wasm, filter grad delegated to cpu stock", "wasm", "cpu", few],
  ["wasm, filter grad by our typed-array loop", "wasm", "fast", BATCHES],
  ["cpu, filter grad by our typed-array loop", "cpu", "fast", BATCHES],
];
const results: Record<string, number> = {};
for (const [label, backend, kernel, n] of configs) {
  registerFilterGrad(backend, kernel);
  const ms = await trainSteps(backend, n);
  results[label] = ms;
  row(`train step ${label}`, ms, `  (${n} batches; ${((ms * (DEFAULT_TRAIN_OPTIONS.samples / B)) / 1000).toFixed(1)} s per epoch of ${DEFAULT_TRAIN_OPTIONS.samples})`);
}
for (const backend of ["wasm", "cpu"] as const) {
  const ms = await inferMs(backend);
  row(`embed ${INFER} windows on ${backend}`, ms, `  (${((ms / INFER) * 1000).toFixed(1)} us per window)`);
}
registerFilterGrad("wasm", "fast");
await switchBackend("wasm");

function percentile(xs: number[], p: number): number {
  return [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
}

/**
 * Model search over ../shared/data repeated `--repeat` times (like bench:search, ~2.5M candles at 4), in process:
 * the one-copy embedding index is built, then mapped onto every copy (the copies' windows embed identically),
 * and each query runs what POST /api/search does after the indexes are loaded (modelSearchOnIndex: embed,
 * matMul + topk, exact DTW re-rank; then, in the second figure, the alignments and outcome statistics).
 */
async function benchIndex() {
  const { modelSearchOnIndex } = await import("@/lib/search-server/run-model-search");
  const { withOutcomeStats } = await import("@/lib/search-server/with-outcome-stats");
  const { alignMatches } = await import("@/lib/search/alignment");
  const { searchRequestSchema } = await import("@/lib/search/request-schema");
  const { db, close } = await openCliDatabase();
  const model = await loadModelVersion(db);
  await close();
  if (!model) {
    console.log("no active model version: run `npm run train` first");
    return;
  }
  const file = values.data;
  if (!fs.existsSync(file)) {
    console.log(`${file} not found: skipping`);
    return;
  }
  const t0 = performance.now();
  const repeat = Number(values.repeat);
  const once = buildIndex({ tickers: loadLongCsv({ file }) });
  const columns = repeat > 1 ? buildIndex({ tickers: loadLongCsv({ file, copies: repeat }) }) : once;
  console.log(`loaded ${columns.symbols.length} series, ${columns.candles} candles in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const rss0 = process.memoryUsage().rss;
  let index = buildEmbeddingIndex({ model, columns: once });
  const built = index.windows;
  if (repeat > 1) {
    // Copy r of ticker SYM is SYM.r (SYM for r = 0) with the same closes: same windows, same embeddings. The
    // rows are laid out ticker by ticker in the columns' order, as the index keeps them.
    const n = index.windows, d = index.embeddingSize;
    const source = once.bySymbol;
    const rowOffsets = new Int32Array(new SharedArrayBuffer((columns.symbols.length + 1) * 4));
    const start = new Int32Array(new SharedArrayBuffer(n * repeat * 4)), length = new Int16Array(new SharedArrayBuffer(n * repeat * 2));
    const vectors = new Int8Array(new SharedArrayBuffer(n * repeat * d));
    const scale = new Float32Array(new SharedArrayBuffer(n * repeat * 4));
    let o = 0;
    columns.symbols.forEach((sym, tr) => {
      rowOffsets[tr] = o;
      const t = source.get(sym.replace(/\.\d+$/, ""))!;
      for (let i = index.rowOffsets[t]; i < index.rowOffsets[t + 1]; i++, o++) {
        start[o] = columns.offsets[tr] + (index.start[i] - once.offsets[t]);
        length[o] = index.length[i];
        scale[o] = index.scale[i];
        vectors.set(index.vectors.subarray(i * d, (i + 1) * d), o * d);
      }
    });
    rowOffsets[columns.symbols.length] = o;
    index = { ...index, vectors, scale, rowOffsets, start, length, windows: o };
  }
  console.log(
    `index: ${index.windows} windows (lengths ${index.lengths.join("/")}, strides ${index.strides.join("/")}) built in ${(index.buildMs / 1000).toFixed(1)} s ` +
      `(${((index.buildMs / built) * 1000).toFixed(0)} us per window embedded${repeat > 1 ? `, ${built} embedded then mapped onto ${repeat} copies` : ""}), RSS +${((process.memoryUsage().rss - rss0) / 2 ** 20).toFixed(0)} MB`,
  );
  const n = Number(values.queries);
  const warm = Number(values.warmup);
  if (values.compare) {
    await compareIndex({ columns, index, model, n, warm });
    return;
  }
  const times: number[] = [];
  const full: number[] = [];
  const parts: Record<"embed" | "topk" | "rerank" | "fit", number[]> = { embed: [], topk: [], rerank: [], fit: [] };
  const { searchEmbeddingIndex, SHAPE_WARP_POOL } = await import("@/lib/model/search-embedding-index");
  for (let i = 0; i < n + warm; i++) {
    const { body, points } = await benchQuery(i);
    const request = searchRequestSchema.parse({ method: "model", query: body, topK: 20 });
    const t = performance.now();
    const result = await modelSearchOnIndex({ model: { ...model, name: "bench" }, searchIndex: columns, index, request });
    const ms = performance.now() - t;
    // what runModelSearch adds once the indexes are in memory: the alignments and the outcome statistics
    withOutcomeStats({ index: columns, result: { ...result, matches: alignMatches({ index: columns, request, matches: result.matches }) }, request });
    const withStats = performance.now() - t;
    const core = await searchEmbeddingIndex({ index, model, columns, points, topK: 20, minLength: 20, maxLength: 120, candidates: values.candidates ? Number(values.candidates) : undefined, warpPool: SHAPE_WARP_POOL });
    if (i < warm) continue; // warm-up: V8 compiles the DTW kernel, wasm grows its heap (a running server is warm)
    times.push(ms);
    full.push(withStats);
    for (const k of ["embed", "topk", "rerank", "fit"] as const) parts[k].push(core.timings[k]);
  }
  const load = os.loadavg().map((v) => v.toFixed(1)).join(" ");
  console.log(`  searchEmbeddingIndex p50: embed ${percentile(parts.embed, 0.5).toFixed(1)} ms, matMul + topk ${percentile(parts.topk, 0.5).toFixed(1)} ms, exact re-rank (DTW + warp fit) ${percentile(parts.rerank, 0.5).toFixed(1)} ms, of which warp fit ${percentile(parts.fit, 0.5).toFixed(1)} ms`);
  console.log(`model search (server side after the index is loaded, topK 20, ${values.query === "sketch" ? "fresh sketches" : "presets"}, lengths 20..120) over ${columns.candles} candles: p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms; with alignments and outcome statistics p50 ${percentile(full, 0.5).toFixed(1)} ms (${n} queries; load average ${load})`);
}

/** --compare: modelSearchOnIndex (topK 20, the request's default lengths) under each tuning in turn, query by query. */
async function compareIndex({ columns, index, model, n, warm }: { columns: ReturnType<typeof buildIndex>; index: ReturnType<typeof buildEmbeddingIndex>; model: NonNullable<Awaited<ReturnType<typeof loadModelVersion>>>; n: number; warm: number }) {
  const { modelSearchOnIndex } = await import("@/lib/search-server/run-model-search");
  const { searchRequestSchema } = await import("@/lib/search/request-schema");
  const [key, list] = values.compare!.split("=");
  if (!list) throw new Error("--compare takes key=v1,v2,...");
  const variants = list.split(",").map((v) => ({ label: `${key}=${v}`, tuning: tuningVariant(key, v) }));
  const wall = variants.map((): number[] => []), cpu = variants.map((): number[] => []);
  const loads: number[] = [];
  for (let i = 0; i < n + warm; i++) {
    const { body } = await benchQuery(i);
    const request = searchRequestSchema.parse({ method: "model", query: body, topK: 20 });
    for (let v = 0; v < variants.length; v++) {
      // rotate the order so no variant always runs first after a query change
      const k = (v + i) % variants.length;
      const c0 = process.cpuUsage(), t = performance.now();
      await modelSearchOnIndex({ model: { ...model, name: "bench" }, searchIndex: columns, index, request, tuning: variants[k].tuning });
      const ms = performance.now() - t, c = process.cpuUsage(c0);
      if (i < warm) continue;
      wall[k].push(ms);
      cpu[k].push((c.user + c.system) / 1000);
    }
    if (i >= warm) loads.push(os.loadavg()[0]);
  }
  console.log(`model search (topK 20, ${values.query === "sketch" ? "fresh sketches" : "presets"}, default lengths) over ${columns.candles} candles, ${n} queries, variants alternating; load average (1 min) ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`);
  variants.forEach((x, k) => console.log(`  ${x.label.padEnd(48)} wall p50 ${percentile(wall[k], 0.5).toFixed(1)} ms, p95 ${percentile(wall[k], 0.95).toFixed(1)} ms; process CPU p50 ${percentile(cpu[k], 0.5).toFixed(1)} ms`));
}

/** Model search as the server runs it: the database's search index, the cached embedding index, outcomes and all. */
async function benchService() {
  const { runModelSearch } = await import("@/lib/search-server/run-model-search");
  const { getModelIndex } = await import("@/lib/search-server/get-model-index");
  const { searchRequestSchema } = await import("@/lib/search/request-schema");
  const { db, close } = await openCliDatabase();
  try {
    const t0 = performance.now();
    const rss0 = process.memoryUsage().rss;
    const { model, searchIndex, index } = await getModelIndex(db, { log: (line) => console.log(line) });
    console.log(
      `model version ${model.id}, backend ${tf.getBackend()}; ${searchIndex.symbols.length} series, ${searchIndex.candles} candles; ` +
        `search + embedding index ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (${index.windows} windows, embedding ${(index.buildMs / 1000).toFixed(1)} s), RSS +${((process.memoryUsage().rss - rss0) / 2 ** 20).toFixed(0)} MB`,
    );
    const n = Number(values.queries);
    const times: number[] = [];
    const warm = Number(values.warmup);
  for (let i = 0; i < n + warm; i++) {
      const request = searchRequestSchema.parse({ method: "model", query: (await benchQuery(i)).body, topK: 20 });
      const t = performance.now();
      await runModelSearch(db, { request });
      if (i >= warm) times.push(performance.now() - t); // after the warm-up (a running server is warm)
    }
    const { searchEmbeddingIndex, SHAPE_WARP_POOL } = await import("@/lib/model/search-embedding-index");
    const core: number[] = [];
    for (let i = 0; i < n; i++) {
      const { points } = await benchQuery(i);
      core.push((await searchEmbeddingIndex({ index, model, columns: searchIndex, points, topK: 20, minLength: 20, maxLength: 120, warpPool: SHAPE_WARP_POOL })).tookMs);
    }
    console.log(`  of which searchEmbeddingIndex (embed, matMul + topk, exact re-rank): p50 ${percentile(core, 0.5).toFixed(1)} ms`);
    console.log(`POST /api/search method "model" (server side, topK 20, ${values.query === "sketch" ? "fresh sketches" : "presets"}): p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms (${n} queries; load average ${os.loadavg().map((v) => v.toFixed(1)).join(" ")})`);
  } finally {
    await close();
  }
}
