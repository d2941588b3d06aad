// Measures the pattern model's training step and inference on each tfjs backend, and the ways to supply the
// Conv2DBackpropFilter kernel that wasm lacks. Prints figures; asserts nothing.
// Usage: npm run bench:model -- [--batches N] [--infer N]            training step + inference per backend
//        npm run bench:model -- --mode index [--repeat 4] [--queries 20]  index build + model search time on
//                                                                         ../shared/data (active model version)
//        npm run bench:model -- --mode planted --planted DIR              planted-pattern recall of model search
//                                                                         (DIR from planted.mjs generate)
//        npm run bench:model -- --mode service [--queries 20]              POST /api/search method "model" server
//                                                                         time through lib/model-service (index from
//                                                                         the database's series, active version)
// index/planted modes load the active model version from DATABASE_URL (or the embedded database).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { parseArgs } from "node:util";
import { registerFilterGrad, tf, switchBackend, type BackendName, type FilterGradKernel } from "@/ml/backend";
import { batchHardTripletLoss } from "@/ml/losses";
import { buildModel, DEFAULT_MODEL_CONFIG, embedWindows, l2Normalise } from "@/ml/model";
import { generateDataset } from "@/ml/synthetic";
import { DEFAULT_TRAIN_OPTIONS } from "@/ml/train-model";
import { PATTERN_SHAPES, patternSketch, type PatternName } from "@/ml/shapes";
import { openCliDatabase } from "@/lib/db/cli-database";
import { buildEmbeddingIndex, type CloseColumns } from "@/lib/models/build-embedding-index";
import { loadModelVersion } from "@/lib/models/load-model-version";
import { searchEmbeddingIndex } from "@/lib/models/search-embedding-index";

const { values } = parseArgs({
  options: {
    mode: { type: "string", default: "backends" },
    batches: { type: "string", default: "15" },
    infer: { type: "string", default: "10000" },
    repeat: { type: "string", default: "1" },
    queries: { type: "string", default: "20" },
    candidates: { type: "string" },
    "rank-by": { type: "string", default: "distance" },
    "no-refine": { type: "boolean", default: false },
    planted: { type: "string", default: "/tmp/planted" },
    data: { type: "string", default: path.resolve("../shared/data/all_stocks_5yr.csv.gz") },
  },
});
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

/** Long CSV (date,open,high,low,close,volume,Name) -> close columns per ticker, `repeat` copies of each. */
function loadCloses(file: string, repeat: number): CloseColumns & { dates: string[] } {
  const text = file.endsWith(".gz") ? zlib.gunzipSync(fs.readFileSync(file)).toString("utf8") : fs.readFileSync(file, "utf8");
  const bySymbol = new Map<string, { date: string; close: number }[]>();
  const lines = text.split("\n");
  const header = lines[0].split(",");
  const ci = header.indexOf("close");
  const ni = header.indexOf("Name");
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const f = lines[i].split(",");
    const rows = bySymbol.get(f[ni]) ?? [];
    rows.push({ date: f[0], close: f[ci] === "" ? NaN : Number(f[ci]) });
    bySymbol.set(f[ni], rows);
  }
  const symbols: string[] = [];
  const series: { date: string; close: number }[][] = [];
  for (let r = 0; r < repeat; r++) {
    for (const [sym, rows] of bySymbol) {
      rows.sort((a, b) => (a.date < b.date ? -1 : 1));
      symbols.push(r ? `${sym}.${r}` : sym);
      series.push(rows);
    }
  }
  const offsets = new Int32Array(series.length + 1);
  series.forEach((rows, t) => (offsets[t + 1] = offsets[t] + rows.length));
  const close = new Float64Array(offsets[series.length]);
  const dates: string[] = new Array(close.length);
  series.forEach((rows, t) => rows.forEach((row, i) => {
    close[offsets[t] + i] = row.close;
    dates[offsets[t] + i] = row.date;
  }));
  return { symbols, offsets, days: new Int32Array(close.length), fields: { close }, dates };
}

function percentile(xs: number[], p: number): number {
  return [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
}

async function benchIndex() {
  const { db, close } = await openCliDatabase();
  const model = await loadModelVersion({ db });
  await close();
  if (!model) {
    console.log("no active model version: run `npm run train` first");
    return;
  }
  console.log(`model version ${model.id}, backend ${tf.getBackend()}, load average ${os.loadavg().map((v) => v.toFixed(1)).join(" ")}`);
  const planted = values.mode === "planted";
  const file = planted ? path.join(values.planted, "planted.csv") : values.data;
  if (!fs.existsSync(file)) {
    console.log(`${file} not found: skipping`);
    return;
  }
  const t0 = performance.now();
  const repeat = planted ? 1 : Number(values.repeat);
  const once = loadCloses(file, 1);
  const columns = repeat > 1 ? loadCloses(file, repeat) : once;
  console.log(`loaded ${columns.symbols.length} series, ${columns.fields.close.length} candles in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const rss0 = process.memoryUsage().rss;
  let index = buildEmbeddingIndex({ model, columns: once });
  const built = index.windows;
  if (repeat > 1) {
    // The copies are identical, so their windows embed identically: tile the one-copy index instead of
    // spending repeat x the build time. Search then scans the full-size matrix.
    const n = index.windows;
    const T = once.symbols.length;
    const C = once.fields.close.length;
    const tile = (a: Int32Array, step: number) => {
      const out = new Int32Array(n * repeat);
      for (let r = 0; r < repeat; r++) for (let i = 0; i < n; i++) out[r * n + i] = a[i] + r * step;
      return out;
    };
    const embeddings = tf.tile(index.embeddings, [repeat, 1]) as tf.Tensor2D;
    index.embeddings.dispose();
    index = { ...index, embeddings, ticker: tile(index.ticker, T), start: tile(index.start, C), length: tile(index.length, 0), windows: n * repeat };
  }
  console.log(
    `index: ${index.windows} windows (lengths ${index.lengths.join("/")}, strides ${index.strides.join("/")}) built in ${(index.buildMs / 1000).toFixed(1)} s ` +
      `(${((index.buildMs / built) * 1000).toFixed(0)} us per window embedded${repeat > 1 ? `, ${built} embedded then tiled x${repeat}` : ""}), RSS +${((process.memoryUsage().rss - rss0) / 2 ** 20).toFixed(0)} MB`,
  );
  const shapes = Object.keys(PATTERN_SHAPES) as PatternName[];
  if (!planted) {
    const times: number[] = [];
    const n = Number(values.queries);
    for (let i = 0; i < n + 2; i++) {
      const { tookMs } = searchEmbeddingIndex({ index, model, columns, points: Array.from(patternSketch(shapes[i % shapes.length])), topK: 20, minLength: 20, maxLength: 120 });
      if (i >= 2) times.push(tookMs); // the first two warm the kernels up
    }
    console.log(`model search, topK 20, over ${columns.fields.close.length} candles: p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms (${n} queries)`);
    return;
  }
  type Instance = { symbol: string; shape: string; start: string; end: string };
  const truth = JSON.parse(fs.readFileSync(path.join(values.planted, "truth.json"), "utf8")) as { symbols: string[]; instances: Instance[] };
  const bySymbol = new Map(columns.symbols.map((s, i) => [s, i]));
  const day = (d: string) => Date.parse(d.slice(0, 10)) / 864e5;
  const iou = (a0: string, a1: string, b0: string, b1: string) => {
    const inter = Math.max(0, Math.min(day(a1), day(b1)) - Math.max(day(a0), day(b0)) + 1);
    return inter / (Math.max(day(a1), day(b1)) - Math.min(day(a0), day(b0)) + 1);
  };
  const tickers = new Set(truth.symbols.map((s) => bySymbol.get(s)!).filter((t) => t !== undefined));
  const recalls: number[] = [];
  const times: number[] = [];
  for (const shape of ["head-and-shoulders", "inverse-head-and-shoulders", "double-top", "double-bottom", "cup-and-handle", "v-reversal"] as const) {
    const inst = truth.instances.filter((t) => t.shape === shape);
    const R = inst.length;
    const { matches, tookMs } = searchEmbeddingIndex({ index, model, columns, points: Array.from(patternSketch(shape)), topK: R, minLength: 30, maxLength: 80, tickers, candidates: values.candidates ? Number(values.candidates) : undefined, rankBy: values["rank-by"] as "distance" | "similarity", refine: !values["no-refine"] });
    times.push(tookMs);
    const found = new Set<number>();
    for (const m of matches.slice(0, R)) {
      const start = columns.dates[m.start];
      const end = columns.dates[m.start + m.length - 1];
      inst.forEach((t, i) => {
        if (m.symbol === t.symbol && iou(start, end, t.start, t.end) >= 0.5) found.add(i);
      });
    }
    recalls.push(found.size / R);
    console.log(`${shape.padEnd(28)} R=${R} hits=${found.size} recall=${(found.size / R).toFixed(2)} ${tookMs.toFixed(0)}ms`);
  }
  console.log(`method=model mean_recall=${(recalls.reduce((a, b) => a + b, 0) / recalls.length).toFixed(3)} median_ms=${percentile(times, 0.5).toFixed(0)}`);
}

/** Model search as the server runs it: the database's search index, the cached embedding index, outcomes and all. */
async function benchService() {
  const { runModelSearch } = await import("@/lib/model-service/run-model-search");
  const { getModelIndex } = await import("@/lib/model-service/get-model-index");
  const { searchRequestSchema } = await import("@/lib/search/request-schema");
  const { PRESET_NAMES, samplePreset } = await import("@/lib/search/presets");
  const samplePresetPoints = (name: (typeof PRESET_NAMES)[number]) => samplePreset({ name, n: 64 });
  const { db, close } = await openCliDatabase();
  try {
    const t0 = performance.now();
    const rss0 = process.memoryUsage().rss;
    const { model, searchIndex, index } = await getModelIndex({ db });
    console.log(
      `model version ${model.id}, backend ${tf.getBackend()}; ${searchIndex.symbols.length} series, ${searchIndex.candles} candles; ` +
        `search + embedding index ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (${index.windows} windows, embedding ${(index.buildMs / 1000).toFixed(1)} s), RSS +${((process.memoryUsage().rss - rss0) / 2 ** 20).toFixed(0)} MB`,
    );
    const n = Number(values.queries);
    const times: number[] = [];
    for (let i = 0; i < n + 2; i++) {
      const request = searchRequestSchema.parse({ method: "model", query: { type: "preset", name: PRESET_NAMES[i % PRESET_NAMES.length] }, topK: 20 });
      const t = performance.now();
      await runModelSearch({ db, request });
      if (i >= 2) times.push(performance.now() - t); // the first two warm the kernels up
    }
    const core: number[] = [];
    for (let i = 0; i < n; i++) {
      const points = samplePresetPoints(PRESET_NAMES[i % PRESET_NAMES.length]);
      core.push(searchEmbeddingIndex({ index, model, columns: searchIndex, points, topK: 20, minLength: 16, maxLength: 144 }).tookMs);
    }
    console.log(`  of which searchEmbeddingIndex (embed, matMul + topk, exact re-rank): p50 ${percentile(core, 0.5).toFixed(1)} ms`);
    console.log(`POST /api/search method "model" (server side, topK 20, presets): p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms (${n} queries)`);
  } finally {
    await close();
  }
}
