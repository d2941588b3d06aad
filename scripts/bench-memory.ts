/**
 * Memory of the in-memory indexes, step by step:  npm run bench:memory [-- --copies 1,4,40 --embedding 1]
 *
 * Each size runs in a fresh child process (node --expose-gc), so one size's heap does not flatter the next.
 * A size is ../shared/data/all_stocks_5yr.csv.gz repeated `copies` times (1: 0.62M candles, 4: 2.48M,
 * 40: 24.8M) under new symbols and shifted dates. What one child measures, as the web server holds it:
 *   1. chunk texts   the yearly JSONB chunks as the loader's query returns them (rows::text), made from the data
 *   2. index         loadSearchIndex over those chunks (the real loader; the database replaced by the texts):
 *                    JSON parsing and the columns; "peak" is the highest RSS during the step (VmHWM)
 *   3. zned series   the prepared close series of the Euclidean engine (values + prefix sums)
 *   4. dtw series    the smoothed close series of the DTW engine, and its averages (long sketches)
 *   5. searches      one zned, one DTW sketch and one long DTW sketch on the search threads (their isolates,
 *                    scratch buffers and any copies)
 *   6. embedding     the model search's embedding index assembled from stored int8 parts (random vectors of
 *                    the real layout: the memory is the layout's, not the model's): int8 vectors in shared
 *                    arrays the search threads score in place
 * After each step the chunk texts or other temporaries are dropped and the heap collected before RSS is read.
 * Bytes per candle = (RSS after the step - RSS of the empty process) / candles.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const file = path.resolve(process.env.PATTERNSCOPE_SHARED ?? "/work/shared", "data/all_stocks_5yr.csv.gz");
const MB = 1024 * 1024;
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");

type Step = { step: string; rssMb: number; peakMb: number; heapMb: number; externalMb: number; arrayBuffersMb: number; wasmMb: number; bytesPerCandle: number; ms: number };

if (argv.includes("--child")) {
  await runChild(Number(opt("copies", "1")), opt("embedding", "1") !== "0");
  process.exit(0);
}

if (!fs.existsSync(file)) {
  console.log(`skipped: ${file} not found`);
  process.exit(0);
}
const self = fileURLToPath(import.meta.url);
for (const copies of opt("copies", "1,4,40").split(",").map(Number)) {
  const before = load();
  const child = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=16384", "--import", "tsx", self, "--child", "--copies", String(copies), "--embedding", opt("embedding", "1")], {
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

  // 1. The chunk texts, as PostgreSQL hands them to the loader (one row per ticker and year).
  type ChunkRow = { symbol: string; name: string; kind: "ohlcv" | "scalar"; rows: string };
  let chunks: ChunkRow[] | undefined = await step("1 chunk texts (the query result)", () => {
    const out: ChunkRow[] = [];
    const cell = (v: number) => (Number.isFinite(v) ? v : null);
    for (const t of loadLongCsv({ file, copies })) {
      let year = "", rows: unknown[][] = [];
      const flush = () => rows.length && out.push({ symbol: t.symbol, name: "daily", kind: "ohlcv", rows: JSON.stringify(rows) });
      for (let i = 0; i < t.days.length; i++) {
        const date = fromDayNumber(t.days[i]!);
        if (date.slice(0, 4) !== year) {
          flush();
          year = date.slice(0, 4);
          rows = [];
        }
        rows.push([date, cell(t.open[i]!), cell(t.high[i]!), cell(t.low[i]!), cell(t.close[i]!), cell(t.volume[i]!)]);
      }
      flush();
    }
    out.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    return out;
  });
  const total = chunks.reduce((n, c) => n + c.rows.length, 0);
  // The loader's two queries answered from the texts: the ticker list with candle counts, then a batch's chunks.
  const ids = new Map<string, number>();
  const counts = new Map<number, number>();
  for (const c of chunks) {
    if (!ids.has(c.symbol)) ids.set(c.symbol, ids.size + 1);
    const id = ids.get(c.symbol)!;
    counts.set(id, (counts.get(id) ?? 0) + (JSON.parse(c.rows) as unknown[]).length);
  }
  const fakeDb = {
    $queryRaw: async (sql: TemplateStringsArray, ...values: { values?: unknown[] }[]) => {
      if (sql.join("?").includes("GROUP BY")) return [...ids].map(([symbol, id]) => ({ id, symbol, candles: counts.get(id) }));
      const wanted = new Set(values[0]?.values as number[]);
      return chunks!.filter((c) => wanted.has(ids.get(c.symbol)!)).map((c) => ({ ticker_id: ids.get(c.symbol), name: c.name, kind: c.kind, rows: c.rows }));
    },
  } as unknown as Db;
  const index = await step("2 index (parse + columns)", () => loadSearchIndex(fakeDb));
  chunks = undefined;
  candles = index.candles;
  steps.forEach((s) => (s.bytesPerCandle = Math.round(((s.rssMb - steps[0]!.rssMb) * MB) / candles)));
  process.stderr.write(`[bench:memory] ${index.candles} candles, chunk texts ${Math.round(total / MB)} MB\n`);
  await step("2b chunk texts dropped", () => undefined);
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
