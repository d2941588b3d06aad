/**
 * npm run bench:load -- [--base http://127.0.0.1:3000] [--duration 60] [--clients 50] [--sketches 0.5] [--addresses distinct|one]
 *
 * Load test of a running production server, on your own machine only (loopback targets). `clients` users, each
 * on its own loopback source address (127.0.0.2, 127.0.0.3, ...: the server sees 50 client addresses, as its
 * per-client limit would in production; `--addresses one` puts everyone on 127.0.0.1) and its own keep-alive
 * connection, loop for `duration` seconds: three chart reads (candles of a random ticker), a ticker list every
 * other round, then one search: a preset (repeats, so the result cache answers most) or, for the share
 * `--sketches`, a fresh random sketch no cache can answer (a full scan of every ticker).
 * Prints per kind p50/p95/p99 of the answered requests, errors apart, searches shed with 503 + Retry-After,
 * searches that ran past the server's deadline (503 naming it) and 429s counted separately, admitted searches on
 * their own line; and, when the server runs with
 * PATTERNSCOPE_LOOP_STATS=true, its event-loop delay p99/max over the run and its garbage collector's pauses (from /api/health).
 */
import http from "node:http";
import os from "node:os";
import { PRESET_NAMES } from "@/lib/search/presets";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const base = new URL(arg("base", "http://127.0.0.1:3000"));
const duration = Number(arg("duration", "60"));
const clients = Number(arg("clients", arg("connections", "50")));
const sketchShare = Number(arg("sketches", "0.5"));
const distinct = arg("addresses", "distinct") !== "one";
if (!["localhost", "127.0.0.1", "[::1]", "::1"].includes(base.hostname) && !/^127\./.test(base.hostname)) {
  console.error(`bench:load only targets loopback addresses, not ${base.hostname}`);
  process.exit(2);
}
if (distinct && base.hostname !== "127.0.0.1" && !/^127\./.test(base.hostname)) {
  console.error("distinct source addresses need an IPv4 loopback target: use --base http://127.0.0.1:PORT");
  process.exit(2);
}
if (!(duration > 0) || !(clients >= 1 && clients <= 250) || !(sketchShare >= 0 && sketchShare <= 1)) {
  console.error("--duration must be > 0, --clients within 1..250 and --sketches within [0, 1]");
  process.exit(2);
}

type Kind = "candles" | "tickers" | "search";
type Answer = { status: number; ms: number; retryAfter: string | null; body: string };
/** deadline: a 503 for a search admitted (or queued) that then ran past SEARCH_DEADLINE_MS, not one refused at the door */
type Sample = { kind: Kind; status: number; ms: number; retryAfter: boolean; cached: boolean; deadline: boolean };

function request(agent: http.Agent | undefined, localAddress: string | undefined, method: string, path: string, body?: string): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port || 80, method, path, agent, localAddress, headers: body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, retryAfter: (res.headers["retry-after"] as string | undefined) ?? null, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

const health = async (query = "") => JSON.parse((await request(undefined, undefined, "GET", `/api/health${query}`)).body) as { searchIndex?: { state: string }; eventLoop?: { p99Ms: number; maxMs: number; p50Ms: number; gc?: { count: number; totalMs: number; maxMs: number; over20Ms: number } } };
const tickers = await request(undefined, undefined, "GET", "/api/tickers");
if (tickers.status !== 200) {
  console.error(`GET /api/tickers answered ${tickers.status}; is the server running with data?`);
  process.exit(1);
}
const symbols = (JSON.parse(tickers.body) as { symbol: string }[]).map((t) => t.symbol);
if (symbols.length === 0) {
  console.error("no tickers on the server; import data first");
  process.exit(1);
}
const probe = await request(undefined, undefined, "POST", "/api/search", JSON.stringify({ query: { type: "preset", name: "double-bottom" }, method: "zned", topK: 3 }));
if (probe.status !== 200 || !Array.isArray((JSON.parse(probe.body) as { matches?: unknown }).matches)) {
  console.error(`POST /api/search answered ${probe.status} without matches; cannot measure searches`);
  process.exit(1);
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
/** A random-walk sketch of 40 points: never the same twice. */
function randomSketch() {
  let y = 0;
  return { type: "sketch" as const, points: Array.from({ length: 40 }, () => (y += Math.random() - 0.5)) };
}

const samples: Sample[] = [];
let errors = 0;
const errorKinds = new Map<string, number>();
const loadBefore = os.loadavg();
await health("?loopStats=reset");
const end = Date.now() + duration * 1000;

async function client(i: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const localAddress = distinct ? `127.0.${(i + 2) >> 8}.${(i + 2) & 255}` : undefined;
  const run = async (kind: Kind, method: string, path: string, body?: string) => {
    try {
      const a = await request(agent, localAddress, method, path, body);
      samples.push({ kind, status: a.status, ms: a.ms, retryAfter: a.retryAfter !== null, cached: body !== undefined && !body.includes('"sketch"'), deadline: a.status === 503 && a.body.includes("deadline") });
    } catch (error) {
      errors++;
      const key = `${kind}: ${(error as Error).message}`;
      errorKinds.set(key, (errorKinds.get(key) ?? 0) + 1);
    }
  };
  for (let round = 0; Date.now() < end; round++) {
    for (let j = 0; j < 3 && Date.now() < end; j++) await run("candles", "GET", `/api/tickers/${encodeURIComponent(pick(symbols))}/candles`);
    if (round % 2 === 1 && Date.now() < end) await run("tickers", "GET", "/api/tickers");
    if (Date.now() >= end) break;
    const query = Math.random() < sketchShare ? randomSketch() : { type: "preset" as const, name: pick(PRESET_NAMES) };
    await run("search", "POST", "/api/search", JSON.stringify({ query, method: "zned", topK: 20 }));
  }
  agent.destroy();
}

console.log(`bench:load ${base.origin}: ${clients} clients on ${distinct ? `${clients} distinct loopback addresses` : "one address"}, ${duration} s, ${Math.round(sketchShare * 100)}% of searches fresh sketches, ${symbols.length} symbols; load average before ${loadBefore.map((x) => x.toFixed(2)).join(" ")}`);
await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
const loop = (await health()).eventLoop;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
function row(name: string, list: Sample[]) {
  const shed = list.filter((s) => s.status === 503 && s.retryAfter && !s.deadline);
  const late = list.filter((s) => s.deadline);
  const limited = list.filter((s) => s.status === 429);
  const failed = list.filter((s) => s.status >= 500 && !(s.status === 503 && s.retryAfter) && !s.deadline);
  const sorted = list.map((s) => s.ms).sort((a, b) => a - b);
  return {
    kind: name,
    answers: list.length,
    "req/s": Number((list.length / duration).toFixed(1)),
    "p50 ms": Math.round(percentile(sorted, 50)),
    "p95 ms": Math.round(percentile(sorted, 95)),
    "p99 ms": Math.round(percentile(sorted, 99)),
    "max ms": Math.round(sorted.at(-1) ?? NaN),
    "503+Retry-After": shed.length,
    "shed p95 ms": shed.length ? Math.round(percentile(shed.map((s) => s.ms).sort((a, b) => a - b), 95)) : "-",
    "503 deadline": late.length,
    "429s": limited.length,
    "other 5xx/4xx": failed.length + list.filter((s) => s.status >= 400 && s.status < 500 && s.status !== 429).length,
  };
}
const of = (kind: Kind) => samples.filter((s) => s.kind === kind);
const admitted = of("search").filter((s) => s.status === 200);
console.table([
  row("GET candles", of("candles")),
  row("GET /api/tickers", of("tickers")),
  row("POST /api/search (all)", of("search")),
  row("  search 200, cached-able presets", admitted.filter((s) => s.cached)),
  row("  search 200, fresh sketches", admitted.filter((s) => !s.cached)),
  row("total", samples),
]);
console.log(`network errors: ${errors}${errorKinds.size ? ` (${[...errorKinds].map(([k, n]) => `${k} x${n}`).join(", ")})` : ""}`);
console.log(loop ? `server event-loop delay over the run: p50 ${loop.p50Ms} ms, p99 ${loop.p99Ms} ms, max ${loop.maxMs} ms${loop.gc ? `; GC pauses: ${loop.gc.count}, ${loop.gc.totalMs} ms in all, max ${loop.gc.maxMs} ms, ${loop.gc.over20Ms} of 20 ms or more` : ""}` : "server event-loop delay: not exposed (start the server with PATTERNSCOPE_LOOP_STATS=true)");
console.log(`load average after ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} (machine shared: figures are noisy); goals: 0 errors, p95 <= 500 ms overall and for chart reads, admitted searches p95 <= 1 s, event loop never held > 50 ms`);
process.exit(0);
