/**
 * npm run bench:http -- [--base http://127.0.0.1:3000] [--queries 25] [--seed 7]
 *
 * Search latency as a user gets it: POST /api/search against a running production server (loopback only), one
 * request at a time, every query a fresh random sketch so the result cache never answers. The scenarios run
 * interleaved (so the machine's load hits them alike): the model search with its default lengths, DTW and
 * automatic sketches over 30..80 candles, a drawing as the Search page sends it (auto, default lengths, one match per
 * ticker), zned and DTW at m = 64. Each request comes from its own loopback source
 * address, so the per-client rate limit does not throttle the run. Prints p50/p95 of the round trip and of the
 * server's own tookMs, with the load average; asserts nothing.
 */
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import { quantileSorted, sortedCopy } from "@/lib/outcomes/quantile";

function readArgs() {
  try {
    return parseArgs({ options: { base: { type: "string", default: "http://127.0.0.1:3000" }, queries: { type: "string", default: "25" }, seed: { type: "string", default: "7" } } }).values;
  } catch (error) {
    console.error(`bench:http: ${error instanceof Error ? error.message : String(error)} (options: --base URL --queries N --seed N)`);
    process.exit(2);
  }
}
const args = readArgs();
const base = new URL(args.base);
const queries = Number(args.queries);
let state = Number(args.seed);
if (base.hostname !== "127.0.0.1" && !/^127\./.test(base.hostname)) {
  console.error(`bench:http only targets IPv4 loopback addresses (it spreads requests over 127.0.0.x), not ${base.hostname}`);
  process.exit(2);
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

function search(body: Record<string, unknown>): Promise<Answer> {
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

const answers = new Map<string, Answer[]>(Object.keys(SCENARIOS).map((k) => [k, []]));
console.log(`bench:http ${base.origin}: ${queries} fresh sketches per scenario, interleaved; load average before ${load()}`);
try {
  // warm-up: the first search of each kind pays for lazily loaded indexes
  for (const build of Object.values(SCENARIOS)) await search(build(freshSketch()));
  for (let i = 0; i < queries; i++) {
    for (const [name, build] of Object.entries(SCENARIOS)) {
      const answer = await search(build(freshSketch()));
      if (answer.status !== 200) console.log(`${name}: HTTP ${answer.status} ${answer.error ?? ""}`);
      else answers.get(name)!.push(answer);
    }
  }
} catch (error) {
  console.error(`bench:http: ${base.origin} did not answer (${error instanceof Error ? error.message : String(error)}); start it with npm run build && npm start`);
  process.exit(1);
}
for (const [name, list] of answers) {
  const round = sortedCopy(list.map((a) => a.ms));
  const server = sortedCopy(list.flatMap((a) => (a.tookMs === undefined ? [] : [a.tookMs])));
  console.log(`${name.padEnd(24)} HTTP p50 ${quantileSorted(round, 0.5).toFixed(1)} ms  p95 ${quantileSorted(round, 0.95).toFixed(1)} ms  (server tookMs p50 ${quantileSorted(server, 0.5).toFixed(0)} ms; ${list.length} answered)  load ${load()}`);
}
