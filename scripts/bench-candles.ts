/**
 * `npm run bench:candles`: p50/p95 of reading 5,000 candles, the work behind GET /api/tickers/{symbol}/candles.
 * Default: a temporary database on the local PostgreSQL, measured in-process (server time), a first read and a
 * repeat read (its chunks' text cached) interleaved.
 * `-- --base http://localhost:3000 --symbol SPX`: measures the HTTP API of a running instance instead.
 */
import { performance } from "node:perf_hooks";
import { createPostgresDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(arg("runs") ?? 300);

function report(label: string, times: number[], count: number) {
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  console.log(`${label}: candles=${count} runs=${times.length} p50=${q(0.5)} ms p95=${q(0.95)} ms max=${q(1)} ms`);
}

async function benchHttp(base: string, symbol: string) {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < runs + 20; i++) {
    const t0 = performance.now();
    const response = await fetch(`${base}/api/tickers/${symbol}/candles`);
    const body = (await response.json()) as { candles: unknown[] };
    const took = performance.now() - t0;
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    count = body.candles.length;
    if (i >= 20) times.push(took);
  }
  report(`HTTP ${base} ${symbol}`, times, count);
}

async function benchInProcess() {
  const t = await createPostgresDatabase("ps_bench");
  try {
    await insertDailySeries(t.db, "BENCH", makeDailyRows("1998-01-01", 5000, 5));
    const { getCandlesJson } = await import("@/lib/candles/get-candles-json");
    const { createCandleTextCache } = await import("@/lib/candles/candle-chunk-text");
    // interleaved: a first read (empty cache: every chunk printed by PostgreSQL and rewritten) and a repeat read
    const warmCache = createCandleTextCache();
    const times = { first: [] as number[], repeat: [] as number[] };
    let count = 0;
    for (let i = 0; i < runs + 20; i++) {
      for (const kind of ["first", "repeat"] as const) {
        const t0 = performance.now();
        const { body } = await getCandlesJson(t.db, { symbol: "BENCH" }, kind === "first" ? createCandleTextCache() : warmCache);
        const took = performance.now() - t0;
        count = (JSON.parse(body.toString("utf8")) as { candles: unknown[] }).candles.length;
        if (i >= 20) times[kind].push(took);
      }
    }
    report("candles API body, first read (PostgreSQL, in-process)", times.first, count);
    report("candles API body, repeat read (chunks cached)", times.repeat, count);
  } finally {
    await t.drop();
  }
}

const base = arg("base");
(base ? benchHttp(base, arg("symbol") ?? "SPX") : benchInProcess()).catch((error) => {
  console.error(error);
  process.exit(1);
});
