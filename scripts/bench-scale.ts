/**
 * Ten times the data on one machine:  npm run bench:scale [-- --copies 40 --runs 9 --model --keep]
 *
 * 1. builds a large set from ../shared/data/all_stocks_5yr.csv.gz: `copies` copies (40: 24.8M candles, 20,200
 *    tickers) under new symbols (AAPL.S3), each ticker of each copy with its own price level (x e^N(0, 0.5)), its
 *    own random-walk drift on the closes (0.4% a day) and its dates moved by 7 x copy days, so no two copies are
 *    alike and pruning is not flattered by repeats; streamed to one .csv.gz per copy in a temporary folder
 * 2. imports them through the real importer (lib/import, node-postgres writes, concurrency 2) into a fresh
 *    PostgreSQL database at 127.0.0.1:5432, and prints rows/s
 * 3. loads the search index from PostgreSQL as the server does at start (lib/search-server/load-search-index),
 *    while a chart-read loop (GET candles' own code, lib/candles) runs on the same event loop: load time, chart
 *    reads p50/p95 during the load, event-loop delay p99/max during it, RSS; then a restart on unchanged data:
 *    the index snapshot (SEARCH_INDEX_SNAPSHOT_DIR) written, read back and its series prepared
 * 4. p50/p95 over `runs` fresh queries of zned m=64, DTW m=64, sketch 30..80 (both engines), in-process engine
 *    time (no HTTP) with the server's thread count; the first query of each kind (preparing its series) apart
 * 5. with --model: trains a small model, builds its embedding index over every window, and times model search
 * Prints the load average beside every figure: the machine is shared, figures are noisy.
 * --database URL reuses an imported database (skips 1-2); --keep leaves the new database in place. With --model, a
 * child process then loads both indexes from the database as a web server does and prints its RSS (--web-process).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { parseArgs } from "node:util";
import pg from "pg";

const { values: args } = parseArgs({
  options: {
    copies: { type: "string", default: "40" },
    runs: { type: "string", default: "9" },
    model: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    database: { type: "string" },
    "web-process": { type: "boolean", default: false },
    file: { type: "string", default: path.resolve(process.env.PATTERNSCOPE_SHARED ?? "/work/shared", "data/all_stocks_5yr.csv.gz") },
  },
});
const copies = Number(args.copies);
const runs = Number(args.runs);
if (!(Number.isInteger(copies) && copies >= 1) || !(Number.isInteger(runs) && runs >= 1)) {
  console.error("--copies and --runs must be positive integers");
  process.exit(2);
}
if (!args.database && !fs.existsSync(args.file)) {
  console.log(`skipped: ${args.file} not found`);
  process.exit(0);
}
process.env.PATTERNSCOPE_WARMUP = "false";
process.env.SEARCH_RATE_LIMIT = "0";

const { createPostgresDatabase } = await import("@/tests/helpers/databases");
const { createDb } = await import("@/lib/db/client");
const load = () => `load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`;
const MB = 1024 * 1024;
const rss = () => `${Math.round(process.memoryUsage().rss / MB)} MB`;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
};
const count = (n: number) => n.toLocaleString("en-US");

// --web-process (run by --model in a child): what a web server holds, which loads the stored embedding index that
// the worker built instead of embedding every window itself (the embedding's memory stays with the process doing it)
if (args["web-process"] && args.database) {
  const db = createDb(args.database);
  const { getSearchIndex } = await import("@/lib/search-server/get-search-index");
  const { getModelIndex } = await import("@/lib/search-server/get-model-index");
  process.env.SEARCH_INDEX_SNAPSHOT_DIR = "off";
  await getSearchIndex(db, { wait: true });
  globalThis.gc?.();
  const withIndex = rss();
  const t = performance.now();
  const mi = await getModelIndex(db);
  globalThis.gc?.();
  console.log(`web process: RSS ${withIndex} with the search index, ${rss()} once the stored embedding index (${count(mi.index.windows)} windows) is loaded in ${((performance.now() - t) / 1000).toFixed(1)} s; ${load()}`);
  process.exit(0);
}
console.log(`bench:scale: ${copies} copies, ${os.cpus().length} cores, ${load()}`);

/** Deterministic normal deviates (Box-Muller over a 32-bit LCG). */
function gaussian(seed: number) {
  let s = seed >>> 0 || 1;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

type Row = { date: string; o: string; h: string; l: string; c: string; v: string };
async function readSource(file: string): Promise<Map<string, Row[]>> {
  const byTicker = new Map<string, Row[]>();
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header || !line) {
      header = false;
      continue;
    }
    const [date, o, h, l, c, v, name] = line.split(",");
    if (!name || !date) continue;
    if (!byTicker.has(name)) byTicker.set(name, []);
    byTicker.get(name)!.push({ date, o: o!, h: h!, l: l!, c: c!, v: v! });
  }
  for (const rows of byTicker.values()) rows.sort((a, b) => (a.date < b.date ? -1 : 1));
  return byTicker;
}

/** One copy as CSV lines: every ticker re-levelled, drifted and moved in time on its own. */
function* copyLines(source: Map<string, Row[]>, copy: number): Generator<string> {
  yield "date,open,high,low,close,volume,Name\n";
  let t = 0;
  const shift = 7 * copy * 86_400_000;
  const money = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : "");
  for (const [name, rows] of source) {
    const g = gaussian(copy * 100_003 + ++t);
    const level = Math.exp(0.5 * g());
    let drift = 0;
    let out = "";
    for (const r of rows) {
      drift += 0.004 * g();
      const m = level * Math.exp(drift);
      const date = new Date(Date.parse(`${r.date}T00:00:00Z`) + shift).toISOString().slice(0, 10);
      const num = (s: string) => (s === "" ? NaN : Number(s) * m);
      const vol = r.v === "" ? "" : String(Math.round(Number(r.v) * (0.5 + ((t * 7919 + out.length) % 1000) / 1000)));
      out += `${date},${money(num(r.o))},${money(num(r.h))},${money(num(r.l))},${money(num(r.c))},${vol},${name}.S${copy}\n`;
    }
    yield out;
  }
}

let databaseUrl = args.database;
let drop: (() => Promise<void>) | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-scale-"));
try {
  if (!databaseUrl) {
    const source = await readSource(args.file);
    const t0 = performance.now();
    const files: string[] = [];
    for (let k = 0; k < copies; k++) {
      const file = path.join(dir, `scale-${k}.csv.gz`);
      await pipeline(Readable.from(copyLines(source, k)), zlib.createGzip({ level: 1 }), fs.createWriteStream(file));
      files.push(file);
    }
    const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    console.log(`generated ${copies} files (${Math.round(bytes / MB)} MB gzip) in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${load()}`);

    const database = await createPostgresDatabase("ps_scale");
    databaseUrl = database.url;
    drop = args.keep ? undefined : () => database.drop();
    const { importFiles } = await import("@/lib/import/import-files");
    const pool = new pg.Pool({ connectionString: database.url, max: 2, idleTimeoutMillis: 0 });
    const t1 = performance.now();
    let rows = 0;
    for (const [k, file] of files.entries()) {
      const summary = await importFiles(database.db, { pool, paths: [file], concurrency: 2 });
      rows += summary.rows.kept;
      fs.rmSync(file);
      if (k % 5 === 4 || k === files.length - 1) console.log(`  imported ${k + 1}/${copies}: ${count(rows)} rows, ${count(Math.round(rows / ((performance.now() - t1) / 1000)))} rows/s so far; ${load()}`);
    }
    const seconds = (performance.now() - t1) / 1000;
    console.log(`import: ${count(rows)} rows in ${seconds.toFixed(1)} s = ${count(Math.round(rows / seconds))} rows/s (real importer, pg, concurrency 2); ${load()}`);
    await pool.end();
    await database.db.$disconnect();
    if (args.keep) console.log(`kept database: --database ${database.url}`);
  }

  // The server's own code from here on, each function handed this client (4 connections).
  const db = createDb(databaseUrl, 4);
  const { getSearchIndex, searchIndexStatus } = await import("@/lib/search-server/get-search-index");
  const { getCandlesJson } = await import("@/lib/candles/get-candles-json");
  const symbols = (await db.$queryRaw<{ symbol: string }[]>`SELECT symbol FROM ticker ORDER BY random() LIMIT 200`).map((r) => r.symbol);

  // 3. The load at start, with chart reads on the same event loop.
  const rss0 = process.memoryUsage().rss;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const chartMs: number[] = [];
  let loading = true;
  const charts = (async () => {
    for (let i = 0; loading; i++) {
      const t = performance.now();
      await getCandlesJson(db, { symbol: symbols[i % symbols.length]! });
      chartMs.push(performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  delay.enable();
  const t2 = performance.now();
  const index = await getSearchIndex(db, { wait: true });
  const loadSeconds = (performance.now() - t2) / 1000;
  delay.disable();
  loading = false;
  await charts;
  clearInterval(sampler);
  console.log(`index load from PostgreSQL: ${count(index.candles)} candles, ${count(index.symbols.length)} tickers in ${loadSeconds.toFixed(1)} s; state after: ${searchIndexStatus(db).state}; ${load()}`);
  console.log(`  chart reads during the load: ${chartMs.length} reads, p50 ${pct(chartMs, 0.5).toFixed(0)} ms, p95 ${pct(chartMs, 0.95).toFixed(0)} ms; event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms, max ${(delay.max / 1e6).toFixed(0)} ms`);
  console.log(`  RSS ${rss()} (peak during the load ${Math.round(Math.max(peakRss, process.memoryUsage().rss) / MB)} MB; ${Math.round((process.memoryUsage().rss - rss0) / index.candles)} bytes per candle above the process before the load)`);

  // 3b. A restart on unchanged data: the snapshot SEARCH_INDEX_SNAPSHOT_DIR keeps, read back, then the engines' series
  //     prepared; in a function of its own, so nothing keeps the restart's copy of the index alive afterwards
  const rssBeforeRestart = rss();
  await (async () => {
    const { readDataVersion, writeIndexSnapshot, loadSearchIndexWithSnapshot } = await import("@/lib/search-server/index-snapshot");
    const { prepareSeriesInSlices } = await import("@/lib/search/prepare-series");
    const { DEFAULT_TUNING } = await import("@/lib/search/tuning");
    const snapshotDir = path.join(dir, "snapshot");
    const w = performance.now();
    await writeIndexSnapshot(snapshotDir, await readDataVersion(db), index);
    const bytes = fs.statSync(path.join(snapshotDir, "search-index.bin")).size;
    console.log(`index snapshot written: ${Math.round(bytes / MB)} MB in ${((performance.now() - w) / 1000).toFixed(1)} s; ${load()}`);
    const restartDelay = monitorEventLoopDelay({ resolution: 10 });
    restartDelay.enable();
    const r = performance.now();
    const again = await loadSearchIndexWithSnapshot(db, { dir: snapshotDir });
    const readMs = performance.now() - r;
    for (const tune of [DEFAULT_TUNING.zned, DEFAULT_TUNING.dtw]) await prepareSeriesInSlices({ index: again.index, series: tune.priceSource, smooth: tune.smooth, smoothKind: tune.smoothKind });
    restartDelay.disable();
    console.log(`index load at a restart (from the ${again.from}): ${count(again.index.candles)} candles read in ${(readMs / 1000).toFixed(1)} s, ready (series prepared) in ${((performance.now() - r) / 1000).toFixed(1)} s; event-loop delay max ${(restartDelay.max / 1e6).toFixed(0)} ms; ${load()}`);
    fs.rmSync(snapshotDir, { recursive: true, force: true });
  })();
  // A server holds one index; the restart's copy is garbage V8 may keep for minutes (the searches allocate too
  // little to start a full collection), so it is collected here, and its buffers' release awaited, before RSS is read.
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 500));
  console.log(`  RSS ${rss()} with the restart's copy collected (${rssBeforeRestart} before it)`);

  // 4. Engine searches on the loaded index, as the server runs them (its threads and defaults).
  const { searchPatterns } = await import("@/lib/search/search-patterns");
  const { searchRequestSchema } = await import("@/lib/search/request-schema");
  const { PRESET_NAMES, samplePreset } = await import("@/lib/search/presets");
  const g = gaussian(99);
  const randomWindow = (m: number) => {
    for (;;) {
      const t = Math.floor(((g() + 4) / 8) * index.symbols.length) % index.symbols.length;
      const a = index.offsets[Math.abs(t)]!, n = index.offsets[Math.abs(t) + 1]! - a;
      if (n < m + 1) continue;
      const s = a + Math.floor(Math.random() * (n - m));
      const pts = Array.from(index.fields.close.subarray(s, s + m));
      if (pts.every((v) => v > 0)) return pts;
    }
  };
  const scenarios: { name: string; body: (i: number) => object }[] = [
    { name: "zned m=64", body: () => ({ query: { type: "sketch", points: randomWindow(64) }, method: "zned", minLength: 64, maxLength: 64 }) },
    { name: "dtw m=64", body: () => ({ query: { type: "sketch", points: randomWindow(64) }, method: "dtw", minLength: 64, maxLength: 64, band: 0.1 }) },
    { name: "zned sketch 30..80", body: (i) => ({ query: { type: "sketch", points: samplePreset({ name: PRESET_NAMES[i % PRESET_NAMES.length]! }) }, method: "zned", minLength: 30, maxLength: 80 }) },
    { name: "dtw sketch 30..80", body: (i) => ({ query: { type: "sketch", points: samplePreset({ name: PRESET_NAMES[i % PRESET_NAMES.length]! }) }, method: "dtw", minLength: 30, maxLength: 80 }) },
  ];
  for (const sc of scenarios) {
    const t = performance.now();
    await searchPatterns({ index, request: searchRequestSchema.parse(sc.body(0)) });
    const first = performance.now() - t;
    const times: number[] = [];
    for (let i = 1; i <= runs; i++) {
      const request = searchRequestSchema.parse(sc.body(i));
      const w = performance.now();
      await searchPatterns({ index, request });
      times.push(performance.now() - w);
    }
    console.log(`${sc.name.padEnd(20)} p50 ${pct(times, 0.5).toFixed(0)} ms  p95 ${pct(times, 0.95).toFixed(0)} ms  (first, preparing its series: ${first.toFixed(0)} ms; ${runs} runs); RSS ${rss()}; ${load()}`);
  }

  // 5. The model search over the same index.
  if (args.model) {
    const { trainAndStoreModel } = await import("@/lib/model/train-and-store-model");
    const { getModelIndex } = await import("@/lib/search-server/get-model-index");
    const { runModelSearch } = await import("@/lib/search-server/run-model-search");
    const trained = await trainAndStoreModel(db, { training: { epochs: 1, samples: 400, holdoutSamples: 100, batchSize: 50, seed: 3 }, activate: true });
    trained.model.model.dispose();
    const t3 = performance.now();
    const mi = await getModelIndex(db);
    console.log(`model index: ${count(mi.index.windows)} windows embedded in ${((performance.now() - t3) / 1000).toFixed(1)} s; RSS ${rss()}; ${load()}`);
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const request = searchRequestSchema.parse({ query: { type: "sketch", points: samplePreset({ name: PRESET_NAMES[i % PRESET_NAMES.length]! }) }, method: "model" });
      const w = performance.now();
      await runModelSearch(db, { request });
      if (i > 0) times.push(performance.now() - w);
    }
    console.log(`${"model (default lengths)".padEnd(20)} p50 ${pct(times, 0.5).toFixed(0)} ms  p95 ${pct(times, 0.95).toFixed(0)} ms; RSS ${rss()} (this process embedded every window: the worker's job); ${load()}`);
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, "--web-process", "--database", databaseUrl], { encoding: "utf8", env: process.env });
    process.stdout.write(child.stdout || child.stderr);
  } else console.log("model search: not run (add --model: trains a small model and embeds every window, minutes at 25M candles)");
  await db.$disconnect();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  await drop?.();
}
process.exit(0);
