/**
 * npm run bench:load -- [--base http://localhost:3000] [--duration 60] [--connections 50] [--sketches 0.5]
 *
 * Searches are presets (which repeat, so the server's result cache answers most of them) and, for the fraction
 * `--sketches`, fresh random sketches that no cache can answer: each of those is a full scan of every ticker.
 *
 * Load test of a running production server: 50 connections (each its own client address, as 50 users would be)
 * mixing ticker lists, chart candles and zned searches for `duration` seconds. Prints throughput, p50/p95/p99 and
 * errors / non-2xx per kind and in total. Refuses non-loopback targets: this is for your own machine only.
 */
import autocannon from "autocannon";
import { PRESET_NAMES } from "@/lib/search/presets";

type Kind = "tickers" | "candles" | "search";
type Sample = { latency: number; status: number };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const base = new URL(arg("base", "http://localhost:3000"));
const duration = Number(arg("duration", "60"));
const connections = Number(arg("connections", "50"));
const sketchShare = Number(arg("sketches", "0.5"));
if (!["localhost", "127.0.0.1", "[::1]", "::1"].includes(base.hostname) && !/^127\./.test(base.hostname)) {
  console.error(`bench:load only targets loopback addresses, not ${base.hostname}`);
  process.exit(2);
}
if (!(duration > 0) || !(connections >= 3) || !(sketchShare >= 0 && sketchShare <= 1)) {
  console.error("--duration must be > 0, --connections >= 3 and --sketches within [0, 1]");
  process.exit(2);
}

const tickersResponse = await fetch(new URL("/api/tickers", base));
if (!tickersResponse.ok) {
  console.error(`GET /api/tickers answered ${tickersResponse.status}; is the server running with data?`);
  process.exit(1);
}
const symbols = ((await tickersResponse.json()) as { symbol: string }[]).map((t) => t.symbol);
if (symbols.length === 0) {
  console.error("no tickers on the server; import data first");
  process.exit(1);
}
// One search before the load: proves the route answers JSON matches, so the figures below are searches.
const probe = await fetch(new URL("/api/search", base), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: { type: "preset", name: "double-bottom" }, method: "zned", topK: 3 }) });
const probeBody = (await probe.json().catch(() => null)) as { matches?: unknown[] } | null;
if (!probe.ok || !Array.isArray(probeBody?.matches)) {
  console.error(`POST /api/search answered ${probe.status} without matches; cannot measure searches`);
  process.exit(1);
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
/** A random-walk sketch of 40 points: never the same twice. */
function randomSketch() {
  let y = 0;
  return { type: "sketch" as const, points: Array.from({ length: 40 }, () => (y += Math.random() - 0.5)) };
}

// Mix: half the clients read charts, a fifth list tickers, the rest search.
const split: Record<Kind, number> = {
  candles: Math.round(connections * 0.5),
  tickers: Math.round(connections * 0.2),
  search: 0,
};
split.search = connections - split.candles - split.tickers;

const samples: Record<Kind, Sample[]> = { tickers: [], candles: [], search: [] };
const errors: Record<Kind, number> = { tickers: 0, candles: 0, search: 0 };
let clientNo = 0;

function runKind(kind: Kind): Promise<autocannon.Result> {
  const request: autocannon.Request =
    kind === "tickers"
      ? { method: "GET", path: "/api/tickers" }
      : kind === "candles"
        ? { method: "GET", setupRequest: (req) => ({ ...req, path: `/api/tickers/${encodeURIComponent(pick(symbols))}/candles` }) }
        : {
            method: "POST",
            // without a path autocannon posts to the base URL, "/", and measures page renders instead of searches
            path: "/api/search",
            headers: { "content-type": "application/json" },
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({ query: Math.random() < sketchShare ? randomSketch() : { type: "preset", name: pick(PRESET_NAMES) }, method: "zned", topK: 20 }),
            }),
          };
  let finish!: (result: autocannon.Result) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const instance = autocannon({
    url: base.origin,
    connections: split[kind],
    duration,
    timeout: 30,
    requests: [request],
    // Each connection is one client with its own address, so the per-client search limit sees 50 users, not one.
    setupClient: (client) => {
      clientNo++;
      client.setHeaders({ ...(kind === "search" ? { "content-type": "application/json" } : {}), "x-forwarded-for": `10.77.${clientNo >> 8}.${clientNo & 255}` });
    },
  }, (error, result) => (error ? fail(error) : finish(result)));
  instance.on("response", (_client, statusCode, _bytes, responseTime) => samples[kind].push({ latency: responseTime, status: statusCode }));
  instance.on("reqError", () => errors[kind]++);
  return done;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function row(name: string, list: Sample[], errorCount: number) {
  const sorted = list.map((s) => s.latency).sort((a, b) => a - b);
  const non2xx = list.filter((s) => s.status < 200 || s.status > 299);
  const byStatus = new Map<number, number>();
  for (const s of non2xx) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  return {
    kind: name,
    requests: list.length,
    "req/s": Number((list.length / duration).toFixed(1)),
    "p50 ms": Math.round(percentile(sorted, 50)),
    "p95 ms": Math.round(percentile(sorted, 95)),
    "p99 ms": Math.round(percentile(sorted, 99)),
    "max ms": Math.round(sorted.at(-1) ?? NaN),
    errors: errorCount,
    non2xx: non2xx.length,
    statuses: [...byStatus].map(([s, n]) => `${s}x${n}`).join(" ") || "-",
  };
}

console.log(`bench:load ${base.origin}: ${connections} connections (${split.candles} candles, ${split.tickers} tickers, ${split.search} search, ${Math.round(sketchShare * 100)}% of searches fresh sketches) for ${duration} s, ${symbols.length} symbols`);
const results = await Promise.all((["candles", "tickers", "search"] as const).map(runKind));
const timeouts = results.reduce((n, r) => n + r.timeouts, 0);
const all = [...samples.tickers, ...samples.candles, ...samples.search];
const totalErrors = errors.tickers + errors.candles + errors.search;
console.table([
  row("GET /api/tickers", samples.tickers, errors.tickers),
  row("GET candles", samples.candles, errors.candles),
  row("POST /api/search", samples.search, errors.search),
  row("total", all, totalErrors),
]);
console.log(`timeouts: ${timeouts}; goal: 0 errors and p95 <= 500 ms`);
