/**
 * npm run bench:http -- [--base http://127.0.0.1:3000] [--queries 25] [--seed 7] [--only model]
 *
 * Search latency as a user gets it: POST /api/search against a running production server (loopback only), one
 * request at a time, every query a fresh random sketch so the result cache never answers. The scenarios run
 * interleaved (so the machine's load hits them alike): the model search with its default lengths, DTW and
 * automatic sketches over 30..80 candles, a drawing as the Search page sends it (auto, default lengths, one match per
 * ticker), zned and DTW at m = 64. Each request comes from its own loopback source
 * address, so the per-client rate limit does not throttle the run. Prints p50/p95 of the round trip and of the
 * server's own tookMs (and of the round trip less tookMs, per request), with the load average; asserts nothing. `--only` runs the scenarios whose name contains it
 * (--only model: the model search alone); `--base` may be given twice or more (comma-separated) to interleave
 * servers, one request to each in turn with the same sketch, for a before/after on one machine.
 * Session 14, 2.48M candles (the shared data four times), the model search old / new code interleaved, --queries 60:
 * p50 103 / 85 ms (tookMs 88 / 77), 69 / 65 and 76 / 65 ms at load 3-5; outside tookMs 6-9 ms of each.
 */
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import { quantileSorted, sortedCopy } from "@/lib/outcomes/quantile";

function readArgs() {
  try {
    return parseArgs({ options: { base: { type: "string", default: "http://127.0.0.1:3000" }, queries: { type: "string", default: "25" }, seed: { type: "string", default: "7" }, only: { type: "string" } } }).values;
  } catch (error) {
    console.error(`bench:http: ${error instanceof Error ? error.message : String(error)} (options: --base URL[,URL...] --queries N --seed N --only NAME)`);
    process.exit(2);
  }
}
const args = readArgs();
const bases = args.base.split(",").map((b) => new URL(b));
const queries = Number(args.queries);
let state = Number(args.seed);
for (const base of bases) {
  if (base.hostname !== "127.0.0.1" && !/^127\./.test(base.hostname)) {
    console.error(`bench:http only targets IPv4 loopback addresses (it spreads requests over 127.0.0.x), not ${base.hostname}`);
    process.exit(2);
  }
}
if (!(Number.isInteger(queries) && queries >= 1 && queries <= 1000) || !(state >= 1)) {
  console.error("--queries must be an integer within 1..1000 and --seed a positive number");
  process.exit(2);
}

const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
/** a random walk of 48 points: a shape nobody searched before */
function freshSketch(): number[] {
  const points: number[] = [];
  let v = 0;
  for (let i = 0; i < 48; i++) points.push((v += random() - 0.5));
  return points;
}

const SCENARIOS: Record<string, (points: number[]) => Record<string, unknown>> = {
  "model, default lengths": (points) => ({ query: { type: "sketch", points }, method: "model" }),
  "dtw sketch 30..80": (points) => ({ query: { type: "sketch", points }, method: "dtw", minLength: 30, maxLength: 80 }),
  "auto sketch 30..80": (points) => ({ query: { type: "sketch", points }, method: "auto", minLength: 30, maxLength: 80 }),
  // what the Search page sends for a drawing by default (lib/chart/search-url.ts toSearchRequest)
  "search page drawing": (points) => ({ query: { type: "sketch", points }, method: "auto", horizon: 20, topK: 20, onePerTicker: true }),
  "zned m=64": (points) => ({ query: { type: "sketch", points }, method: "zned", minLength: 64, maxLength: 64 }),
  "dtw m=64": (points) => ({ query: { type: "sketch", points }, method: "dtw", minLength: 64, maxLength: 64 }),
};

let nextAddress = 0;
type Answer = { status: number; ms: number; tookMs?: number; error?: string };

function search(base: URL, body: Record<string, unknown>): Promise<Answer> {
  const data = JSON.stringify(body);
  const started = performance.now();
  const localAddress = `127.0.0.${10 + (nextAddress++ % 200)}`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port || 80, path: "/api/search", method: "POST", localAddress, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data) }, timeout: 60_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            const json = JSON.parse(text) as { tookMs?: number; error?: { message?: string } };
            resolve({ status: res.statusCode ?? 0, ms, tookMs: json.tookMs, error: json.error?.message });
          } catch {
            resolve({ status: res.statusCode ?? 0, ms, error: text.slice(0, 200) });
          }
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(data);
  });
}

const load = () => os.loadavg().map((x) => x.toFixed(1)).join(" ");

const scenarios = Object.entries(SCENARIOS).filter(([name]) => !args.only || name.includes(args.only));
if (scenarios.length === 0) {
  console.error(`--only ${args.only} names no scenario (${Object.keys(SCENARIOS).join(", ")})`);
  process.exit(2);
}
// one list per scenario and server, keyed "scenario @ origin" when several servers are compared
const keyOf = (name: string, base: URL) => (bases.length > 1 ? `${name} @ ${base.origin}` : name);
const answers = new Map<string, Answer[]>(scenarios.flatMap(([name]) => bases.map((base) => [keyOf(name, base), []] as [string, Answer[]])));
console.log(`bench:http ${bases.map((b) => b.origin).join(", ")}: ${queries} fresh sketches per scenario, interleaved; load average before ${load()}`);
let current = bases[0];
try {
  // warm-up: the first search of each kind pays for lazily loaded indexes
  for (const base of bases) for (const [, build] of scenarios) await search((current = base), build(freshSketch()));
  for (let i = 0; i < queries; i++) {
    for (const [name, build] of scenarios) {
      const body = build(freshSketch());
      // the servers take turns going first, so neither always meets the machine as the other left it
      for (let b = 0; b < bases.length; b++) {
        const base = (current = bases[(b + i) % bases.length]);
        const answer = await search(base, body);
        if (answer.status !== 200) console.log(`${keyOf(name, base)}: HTTP ${answer.status} ${answer.error ?? ""}`);
        else answers.get(keyOf(name, base))!.push(answer);
      }
    }
  }
} catch (error) {
  console.error(`bench:http: ${current.origin} did not answer (${error instanceof Error ? error.message : String(error)}); start it with npm run build && npm start`);
  process.exit(1);
}
const width = Math.max(24, ...[...answers.keys()].map((k) => k.length));
for (const [name, list] of answers) {
  const round = sortedCopy(list.map((a) => a.ms));
  const server = sortedCopy(list.flatMap((a) => (a.tookMs === undefined ? [] : [a.tookMs])));
  // per request, the round trip less the server's own tookMs: routing, body, admission, JSON and the socket
  const outside = sortedCopy(list.flatMap((a) => (a.tookMs === undefined ? [] : [a.ms - a.tookMs])));
  console.log(`${name.padEnd(width)} HTTP p50 ${quantileSorted(round, 0.5).toFixed(1)} ms  p95 ${quantileSorted(round, 0.95).toFixed(1)} ms  (server tookMs p50 ${quantileSorted(server, 0.5).toFixed(0)} ms, outside it p50 ${quantileSorted(outside, 0.5).toFixed(1)} ms; ${list.length} answered)  load ${load()}`);
}
