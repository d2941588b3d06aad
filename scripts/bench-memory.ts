/**
 * Memory of the in-memory indexes, step by step:  npm run bench:memory [-- --copies 1,4,40 --embedding 1]
 *
 * Each size runs in a fresh child process (node --expose-gc), so one size's heap does not flatter the next.
 * A size is ../shared/data/all_stocks_5yr.csv.gz repeated `copies` times (1: 0.62M candles, 4: 2.48M,
 * 40: 24.8M) under new symbols and shifted dates. What one child measures, as the web server holds it:
 *   1. source        one copy of the data as columns, from which a stand-in database packs each batch's yearly
 *                    chunks (series_chunk.packed, in base64) when the loader asks for it, as PostgreSQL sends them: copy k of a
 *                    ticker has its dates moved by 7 x k days and its prices scaled by its own factor
 *   2. index         loadSearchIndex over those chunks (the real loader; only its two queries answered here):
 *                    decoding and the columns; "peak" is the highest RSS during the step (VmHWM)
 *   3. zned series   the prepared close series of the Euclidean engine (values + prefix sums)
 *   4. dtw series    the smoothed close series of the DTW engine, and its averages (long sketches)
 *   5. searches      one zned, one DTW sketch and one long DTW sketch on the search threads (their isolates,
 *                    scratch buffers and any copies)
 *   6. embedding     the model search's embedding index assembled from stored int8 parts (random vectors of
 *                    the real layout: the memory is the layout's, not the model's): int8 vectors in shared
 *                    arrays the search threads score in place
 * After each step temporaries are dropped and the heap collected before RSS is read. (Holding every chunk text at
 * once, as this bench did before, left ~1 GB of freed heap in the RSS at 25M that a server never holds.)
 * Bytes per candle = (RSS after the step - RSS of the empty process) / candles.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import type { SeriesRow } from "@/lib/import/merge-series-rows";
import { option, requireSharedData, sharedDataFile } from "./bench-options";

const file = sharedDataFile;
const MB = 1024 * 1024;
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");

type Step = { step: string; rssMb: number; peakMb: number; heapMb: number; externalMb: number; arrayBuffersMb: number; wasmMb: number; bytesPerCandle: number; ms: number };

if (process.argv.includes("--child")) {
  await runChild(Number(option("copies", "1")), option("embedding", "1") !== "0");
  process.exit(0);
}

requireSharedData();
const self = fileURLToPath(import.meta.url);
for (const copies of option("copies", "1,4,40").split(",").map(Number)) {
  const before = load();
  const child = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=16384", "--import", "tsx", self, "--child", "--copies", String(copies), "--embedding", option("embedding", "1")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * MB,
  });
  const lines = child.stdout.split("\n").filter((l) => l.startsWith("{"));
  if (child.status !== 0 || lines.length === 0) {
    console.log(`copies=${copies}: child failed (exit ${child.status}${child.signal ? `, ${child.signal}` : ""})`);
    continue;
  }
  const head = JSON.parse(lines[0]!) as { candles: number; tickers: number; windows?: number };
  console.log(`\n${(head.candles / 1e6).toFixed(2)}M candles, ${head.tickers} tickers (copies=${copies}); load average before ${before}, after ${load()}`);
  console.table(lines.slice(1).map((l) => JSON.parse(l) as Step));
}

async function runChild(copies: number, withEmbedding: boolean): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const { loadLongCsv } = await import("@/lib/search/testing/load-long-csv");
  const { loadSearchIndex } = await import("@/lib/search-server/load-search-index");
  const { prepareSeries, prepareSeriesAveraged } = await import("@/lib/search/prepare-series");
  const { searchPatterns } = await import("@/lib/search/search-patterns");
  const { DEFAULT_TUNING } = await import("@/lib/search/tuning");
  const { searchRequestSchema } = await import("@/lib/search/request-schema");
  const { samplePreset } = await import("@/lib/search/presets");
  const { fromDayNumber } = await import("@/lib/search/dates");
  const { packChunkRows, packedWidth } = await import("@/lib/import/pack-chunk-rows");
  const { tf, initBackend } = await import("@/ml/backend");
  const { assembleIndex } = await import("@/lib/model/embedding-index-store");
  const { DEFAULT_INDEX_LAYOUT, windowsOf } = await import("@/lib/model/build-embedding-index");
  type Db = Parameters<typeof loadSearchIndex>[0];
  await initBackend("wasm");
  const wasmBytes = () => {
    const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
    return backend.wasm?.HEAPU8?.byteLength ?? 0;
  };
  const rssHwm = () => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) * 1024;
  const resetPeak = () => {
    try {
      fs.writeFileSync("/proc/self/clear_refs", "5");
    } catch {
      // an older kernel: the peak is then the process's highest so far
    }
  };
  const settle = () => {
    for (let i = 0; i < 3; i++) gc();
  };
  settle();
  const base = process.memoryUsage().rss;
  let candles = 1;
  const steps: Step[] = [];
  const step = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
    settle();
    resetPeak();
    const t0 = performance.now();
    const out = await run();
    const ms = performance.now() - t0;
    const peak = rssHwm();
    settle();
    const m = process.memoryUsage();
    steps.push({
      step: name,
      rssMb: Math.round(m.rss / MB),
      peakMb: Math.round(Math.max(peak, m.rss) / MB),
      heapMb: Math.round(m.heapUsed / MB),
      externalMb: Math.round(m.external / MB),
      arrayBuffersMb: Math.round(m.arrayBuffers / MB),
      wasmMb: Math.round(wasmBytes() / MB),
      bytesPerCandle: Math.round((m.rss - base) / candles),
      ms: Math.round(ms),
    });
    return out;
  };
  steps.push({ step: "empty process (tfjs wasm ready)", rssMb: Math.round(base / MB), peakMb: Math.round(rssHwm() / MB), heapMb: Math.round(process.memoryUsage().heapUsed / MB), externalMb: Math.round(process.memoryUsage().external / MB), arrayBuffersMb: Math.round(process.memoryUsage().arrayBuffers / MB), wasmMb: Math.round(wasmBytes() / MB), bytesPerCandle: 0, ms: 0 });

  // 1. One copy of the data; the loader's two queries are answered from it: the ticker list with candle counts,
  //    then, per batch, the yearly packed chunks of its tickers, made only when asked for (as PostgreSQL sends them).
  let source: ReturnType<typeof loadLongCsv> | undefined = await step("1 source (one copy as columns)", () => loadLongCsv({ file }));
  const perCopy = source.length;
  const sourceTicker = (id: number) => source![(id - 1) % perCopy]!;
  const cell = (v: number) => (Number.isFinite(v) ? v : null);
  // copy k of ticker b: dates 7 x k days later, prices x its own factor, rounded to cents as a provider sends them
  const factorOf = (id: number) => Math.exp(0.5 * Math.sin(id * 12.9898));
  const packedChunks = (id: number): { name: string; kind: "ohlcv"; year: number; packed: string }[] => {
    const t = sourceTicker(id), copy = Math.floor((id - 1) / perCopy), f = factorOf(id);
    const price = (v: number) => cell(Math.round(v * f * 100) / 100);
    const out: { name: string; kind: "ohlcv"; year: number; packed: string }[] = [];
    let year = "", rows: SeriesRow[] = [];
    const flush = () => rows.length && out.push({ name: "daily", kind: "ohlcv", year: Number(year), packed: Buffer.from(packChunkRows(rows, packedWidth("ohlcv"))).toString("base64") });
    for (let i = 0; i < t.days.length; i++) {
      const date = fromDayNumber(t.days[i]! + 7 * copy);
      if (date.slice(0, 4) !== year) {
        flush();
        year = date.slice(0, 4);
        rows = [];
      }
      rows.push([date, price(t.open[i]!), price(t.high[i]!), price(t.low[i]!), price(t.close[i]!), cell(t.volume[i]!)]);
    }
    flush();
    return out;
  };
  const symbolOf = (id: number) => `${sourceTicker(id).symbol}.${String(Math.floor((id - 1) / perCopy)).padStart(2, "0")}`;
  const ids = Array.from({ length: perCopy * copies }, (_, i) => i + 1);
  const fakeDb = {
    $queryRaw: async (sql: TemplateStringsArray, ...values: { values?: unknown[] }[]) => {
      if (sql.join("?").includes("GROUP BY")) return ids.map((id) => ({ id, symbol: symbolOf(id), candles: sourceTicker(id).days.length }));
      return (values[0]?.values as number[]).flatMap((id) => packedChunks(id).map((c) => ({ ticker_id: id, ...c })));
    },
  } as unknown as Db;
  const index = await step("2 index (decode + columns)", () => loadSearchIndex(fakeDb));
  candles = index.candles;
  steps.forEach((s) => (s.bytesPerCandle = Math.round(((s.rssMb - steps[0]!.rssMb) * MB) / candles)));
  process.stderr.write(`[bench:memory] ${index.candles} candles\n`);
  source = undefined;
  await step("2b source dropped", () => undefined);
  await step("3 zned series (close)", () => prepareSeries({ index, series: "close" }));
  const dtw = DEFAULT_TUNING.dtw;
  await step("4 dtw series (close, sg 5)", () => prepareSeries({ index, series: "close", smooth: dtw.smooth, smoothKind: dtw.smoothKind }));
  await step("4b dtw averages x2..x4", () => {
    for (const factor of [2, 3, 4]) prepareSeriesAveraged({ index, series: "close", smooth: dtw.smooth, smoothKind: dtw.smoothKind, factor });
  });
  await step("5 searches on 2 threads", async () => {
    const points = samplePreset({ name: "double-bottom" });
    for (const body of [
      { query: { type: "sketch", points }, method: "zned", minLength: 30, maxLength: 80 },
      { query: { type: "sketch", points }, method: "dtw", minLength: 30, maxLength: 80 },
      { query: { type: "sketch", points }, method: "dtw", minLength: 150, maxLength: 300 },
    ]) await searchPatterns({ index, request: searchRequestSchema.parse(body), tuning: { threads: 2 } });
  });
  let windows = 0;
  if (withEmbedding) {
    const embedding = await step("6 embedding index (int8, shared)", () => {
      const d = 32;
      let seed = 1;
      const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 254 - 127;
      const parts = index.symbols.map((symbol, t) => {
        const lo = index.offsets[t]!, hi = index.offsets[t + 1]!;
        const starts: number[] = [], lengths: number[] = [];
        windowsOf(index.fields.close, lo, hi, DEFAULT_INDEX_LAYOUT, (a, m) => (starts.push(a - lo), lengths.push(m)));
        return { symbol, dataHash: "", candles: hi - lo, windows: starts.length, embeddingSize: d, starts: Int32Array.from(starts), lengths: Int16Array.from(lengths), vectors: Int8Array.from({ length: starts.length * d }, rand) };
      });
      return assembleIndex({ parts, columns: index, layout: DEFAULT_INDEX_LAYOUT, embeddingSize: d, buildMs: 0 });
    });
    windows = embedding.windows;
  }
  console.log(JSON.stringify({ candles: index.candles, tickers: index.symbols.length, windows }));
  for (const s of steps) console.log(JSON.stringify(s));
}
