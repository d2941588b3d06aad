/**
 * npm run bench:recall -- [options]
 *
 * Recall of pattern search over the suite's generator families (lib/search/testing/recall/families.ts): plants
 * written into copies of ../shared/data (skipped with a message when it is absent), each family under several
 * seeds, scored as planted.mjs does (topK = R, IoU >= 0.5). Prints recall per family and method, the macro mean,
 * and the macro means of the families settings may be tuned on ("tune") and of those only reported ("held-out").
 *
 *   --families knots,smooth,...   families to run (default: all)
 *   --seeds 1,2,3,4,5             seeds (default 1,2,3,4,5)
 *   --method zned,dtw             methods, comma-separated: zned, dtw, auto, model (default zned,dtw)
 *   --model-id N                  model: this stored model version instead of the active one
 *   --with-model                  auto sees the model as ready (the server with an active model): sketches fuse DTW with it
 *   --index-lengths 36,54,81 --index-strides 5,7,10   model: the embedding index's layout (default: the product's)
 *   --set key=value,...           engine tuning overrides (SearchTuning keys of lib/search/search-patterns.ts; for the model
 *                                 search modelCandidates, modelMinCandidates, modelSpread, modelWarpPool: ModelSearchTuning), in-process only
 *   --sweep key=v1,v2,...         in-process: run every value of one tuning key on the same data (interleaved), then
 *                                 choose by leave-one-family-out: per family, the value best on the others, and its recall there;
 *                                 --sweep combo=k1:v1+k2:v2,k1:v3+k2:v4 sweeps settings of several keys together
 *   --tune-on a,b                 the families counted as "tune" in the report (default: each family's role)
 *   --tickers 120 --per-shape 10  data-set size (range family: --range-queries 6 --copies 8, and --range-copy-smooth 0.0625:
 *                                 the half-width of the smoothing that keeps the picked window's own noise out of its copies)
 *   --experiment NAME             bench-side experiments, not engine changes: one-per-ticker, range-smooth
 *   --smooth-width F              range-smooth: the moving average's width as a share of the window (0 = none)
 *   --depth K                     diagnostic: ask for K x R matches and count plants found anywhere among them
 *   --pool                        diagnostic (dtw): count plants anywhere in the engine's whole re-ranked candidate pool
 *   --verbose                     one line per query
 *   --write DIR                   write DIR/recall.csv and DIR/truth.json (for a server) and stop
 *   --base URL --truth FILE       score a running server over POST /api/search (import DIR/recall.csv into it first:
 *                                 npm run import -- DIR/recall.csv); --token T sends a bearer token
 */
import os from "node:os";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { buildIndex } from "@/lib/search/build-index";
import { fromDayNumber } from "@/lib/search/dates";
import { searchRequestSchema, type SearchRequest } from "@/lib/search/request-schema";
import { chooseEngine, searchPatterns } from "@/lib/search/search-patterns";
import type { SearchTuning } from "@/lib/search/tuning";
import { parseTuningValue, tuningVariant } from "./bench-options";
import { DEFAULT_SIZE, FAMILIES, familyByName, generateDataset, type RecallDataset } from "@/lib/search/testing/recall/families";
import { familyRecall, httpSearch, leaveOneFamilyOut, macroMean, scoreDataset, writeDatasets, type MatchLike, type QueryScore, type SearchFn } from "@/lib/search/testing/recall/score";
import { loadRealSource, sharedDataFile } from "@/lib/search/testing/recall/source";
import type { SearchIndex } from "@/lib/search/types";
import type { ModelIndex } from "@/lib/search-server/get-model-index";
import type { ModelSearchTuning } from "@/lib/search-server/run-model-search";

const { values } = parseArgs({
  options: {
    families: { type: "string" },
    seeds: { type: "string", default: "1,2,3,4,5" },
    method: { type: "string", default: "zned,dtw" },
    set: { type: "string" },
    sweep: { type: "string" },
    "tune-on": { type: "string" },
    tickers: { type: "string" },
    "per-shape": { type: "string" },
    "range-queries": { type: "string" },
    copies: { type: "string" },
    "range-copy-smooth": { type: "string" },
    experiment: { type: "string" },
    depth: { type: "string", default: "1" },
    pool: { type: "boolean", default: false },
    "smooth-width": { type: "string", default: "0.083" },
    verbose: { type: "boolean", default: false },
    write: { type: "string" },
    base: { type: "string" },
    truth: { type: "string" },
    token: { type: "string" },
    "model-id": { type: "string" },
    "with-model": { type: "boolean", default: false },
    "index-lengths": { type: "string" },
    "index-strides": { type: "string" },
  },
});

function fail(message: string): never {
  console.error(`bench:recall: ${message}`);
  process.exit(2);
}

const families = values.families ? values.families.split(",").map((f) => familyByName(f.trim()).name) : FAMILIES.map((f) => f.name);
const seeds = values.seeds.split(",").map((s) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) fail(`--seeds takes whole numbers, not ${s}`);
  return n;
});
const methods = values.method.split(",").map((m) => m.trim());
for (const m of methods) if (!["zned", "dtw", "auto", "model"].includes(m)) fail(`unknown method ${m} (zned, dtw, auto, model)`);
const tuneOn = values["tune-on"] ? values["tune-on"].split(",") : FAMILIES.filter((f) => f.role === "tune").map((f) => f.name);
const size = {
  tickers: Number(values.tickers ?? DEFAULT_SIZE.tickers),
  perShape: Number(values["per-shape"] ?? DEFAULT_SIZE.perShape),
  rangeQueries: Number(values["range-queries"] ?? DEFAULT_SIZE.rangeQueries),
  copies: Number(values.copies ?? DEFAULT_SIZE.copies),
  rangeCopySmoothing: Number(values["range-copy-smooth"] ?? DEFAULT_SIZE.rangeCopySmoothing),
};
const experiment = values.experiment;
const depth = Number(values.depth);
if (!Number.isInteger(depth) || depth < 1) fail(`--depth takes a whole number >= 1, not ${values.depth}`);
if (experiment && !["one-per-ticker", "range-smooth"].includes(experiment)) fail(`unknown experiment ${experiment} (one-per-ticker, range-smooth)`);

const tuning: SearchTuning & ModelSearchTuning = Object.fromEntries((values.set ?? "").split(",").filter(Boolean).map((kv) => {
  const [k, v] = kv.split("=");
  if (v === undefined) fail(`--set takes key=value pairs, not ${kv}`);
  return [k, parseTuningValue(v)];
}));
const pool = values.pool;
if (pool) tuning.keepPool = true;
const sweep = values.sweep ? (() => {
  const [key, list] = values.sweep.split("=");
  if (!list) fail("--sweep takes key=v1,v2,...");
  return { key, values: list.split(",") };
})() : null;

const load = () => os.loadavg().map((v) => v.toFixed(1)).join(" ");
const t0 = performance.now();

if (values.base) {
  if (!values.truth) fail("--base needs --truth FILE (written by --write DIR)");
  const truth = JSON.parse(fs.readFileSync(values.truth, "utf8")) as Pick<RecallDataset, "family" | "seed" | "symbols" | "queries">[];
  const search = httpSearch(values.base, values.token ? { authorization: `Bearer ${values.token}` } : {});
  const scores: QueryScore[] = [];
  for (const d of truth.filter((x) => families.includes(x.family) && seeds.includes(x.seed))) {
    for (const method of methods) scores.push(...(await scoreDataset(d, method, search, depth)));
  }
  report(scores, `HTTP ${values.base}`);
  process.exit(0);
}

const file = sharedDataFile();
if (!file) {
  console.log("skipped: ../shared/data/all_stocks_5yr.csv.gz not found (set PATTERNSCOPE_SHARED to the folder holding data/)");
  process.exit(0);
}
const source = loadRealSource(file);
console.log(`bench:recall source=${file} (${source.tickers.length} eligible tickers) families=${families.join(",")} seeds=${seeds.join(",")} methods=${methods.join(",")} size=${JSON.stringify(size)}${experiment ? ` experiment=${experiment}` : ""} load=${load()}`);

if (values.write) {
  const datasets = families.flatMap((f) => seeds.map((s) => generateDataset(familyByName(f), s, source, size)));
  const { csv, truth } = writeDatasets(values.write, datasets);
  console.log(`wrote ${csv} (${datasets.reduce((n, d) => n + d.tickers.length, 0)} series) and ${truth}\nnext: npm run import -- ${csv}   then: npm run bench:recall -- --base http://localhost:3000 --truth ${truth}`);
  process.exit(0);
}

const withModel = values["with-model"];
const model = methods.includes("model") || withModel ? await loadModel() : null;
// tfjs loads only when a model is asked for
const { modelSearchOnIndex } = model ? await import("@/lib/search-server/run-model-search") : {};
const { searchWithModel } = model ? await import("@/lib/search-server/search-with-model") : {};
const scores: QueryScore[] = [];
const sweepScores = new Map<string, QueryScore[]>();
for (const family of families) {
  for (const seed of seeds) {
    const dataset = generateDataset(familyByName(family), seed, source, size);
    const index = buildIndex({ tickers: dataset.tickers });
    // the embedding index of this data set, built once for the model method and for auto with the model ready
    const modelIndex = model && (withModel || methods.includes("model")) ? await modelIndexOf(index) : undefined;
    const autoModel = withModel ? modelIndex : undefined;
    if (sweep) {
      // every value on the same data set, one after another: the machine's load hits them alike
      for (const v of sweep.values) {
        const key = `${sweep.key}=${String(v)}`;
        const tune = { ...tuning, ...tuningVariant(sweep.key, v) };
        const search = methods[0] === "model" ? modelSearch(modelIndex!, tune) : inProcess(index, tune, autoModel);
        const got = await scoreDataset(dataset, methods[0], withExperiment(search, dataset), depth, pool || depth > 1);
        sweepScores.set(key, [...(sweepScores.get(key) ?? []), ...got]);
      }
      continue;
    }
    // auto answers with one engine per query kind: reported under both names when that engine is asked for too
    const autoIs = chooseEngine("auto", dataset.queries[0]?.query.type, { fuseRanges: tuning.rangeFusion, fuseModel: tuning.modelFusion, model: autoModel ? "ready" : "none" }).method;
    for (const method of methods) {
      if (method === "auto" && methods.includes(autoIs)) continue;
      const search = method === "model" ? modelSearch(modelIndex!) : inProcess(index, tuning, autoModel);
      const got = await scoreDataset(dataset, method, withExperiment(search, dataset), depth, pool || depth > 1);
      scores.push(...got);
      if (methods.includes("auto") && method === autoIs) scores.push(...got.map((s) => ({ ...s, method: "auto" })));
    }
  }
}
if (sweep) reportSweep();
else report(scores, "in-process");

/** The exact engines; with `modelIndex`, auto as the server answers while that model is ready (searchWithModel). */
function inProcess(index: SearchIndex, tune: SearchTuning, modelIndex?: ModelIndex): SearchFn {
  return async (body) => {
    const request = searchRequestSchema.parse(body);
    if (modelIndex && request.query.type !== "sequence") {
      const engine = chooseEngine(request.method, request.query.type, { fuseRanges: tune.rangeFusion, fuseModel: tune.modelFusion, model: "ready" });
      if (engine.method === "dtw+model") return (await searchWithModel!({ modelIndex, request, tuning: tune, engine })).matches;
    }
    return (await searchPatterns({ index, request, tuning: tune })).matches;
  };
}

/**
 * Bench-side experiments (measurements for the engine work, not engine changes):
 * one-per-ticker keeps only each ticker's best match (asking for 4x the matches first); range-smooth sends a
 * range query as a sketch of its window's log closes smoothed by a centred moving average (--smooth-width of the length), with
 * the range's own length bounds and its own window removed from the answer.
 */
function withExperiment(search: SearchFn, dataset: RecallDataset): SearchFn {
  if (experiment === "one-per-ticker") {
    return async (body) => {
      const matches = await search({ ...body, topK: Math.min(500, (body.topK ?? 20) * 4) });
      const seen = new Set<string>();
      return matches.filter((m) => !seen.has(m.symbol) && seen.add(m.symbol)).slice(0, body.topK);
    };
  }
  if (experiment === "range-smooth") {
    return async (body) => {
      const q = body.query;
      if (q.type !== "range") return search(body);
      const t = dataset.tickers.find((x) => x.symbol === q.symbol)!;
      const days = Array.from(t.days, fromDayNumber);
      const a = days.indexOf(q.from), b = days.indexOf(q.to);
      const window = Array.from(t.close.subarray(a, b + 1), (c) => Math.log(c));
      const h = Math.round((window.length * Number(values["smooth-width"])) / 2);
      const points = window.map((_, i) => {
        const lo = Math.max(0, i - h), hi = Math.min(window.length - 1, i + h);
        let s = 0;
        for (let j = lo; j <= hi; j++) s += window[j];
        return s / (hi - lo + 1);
      });
      const L = window.length;
      const matches = await search({ ...body, query: { type: "sketch", points }, minLength: Math.max(5, Math.round(L * 0.5)), maxLength: Math.round(L * 1.5), topK: (body.topK ?? 20) + 3 });
      const own = (m: MatchLike) => m.symbol === q.symbol && m.start <= q.to && m.end >= q.from;
      return matches.filter((m) => !own(m)).slice(0, body.topK);
    };
  }
  return search;
}

async function loadModel() {
  const { openCliDatabase } = await import("@/lib/db/cli-database");
  const { loadModelVersion } = await import("@/lib/model/load-model-version");
  const { db, close } = await openCliDatabase();
  const m = await loadModelVersion(db, { id: values["model-id"] ? Number(values["model-id"]) : undefined });
  await close();
  if (!m) fail("--method model: no active model version in this database (npm run train first; DATABASE_URL picks the database)");
  return m;
}

async function modelIndexOf(index: SearchIndex): Promise<ModelIndex> {
  const { buildEmbeddingIndex, DEFAULT_INDEX_LAYOUT, embedSeriesWindows, toEmbeddingIndex } = await import("@/lib/model/build-embedding-index");
  const list = (v: string) => v.split(",").map(Number);
  const lengths = values["index-lengths"] ? list(values["index-lengths"]) : null;
  const layout = lengths ? { lengths, strides: values["index-strides"] ? list(values["index-strides"]) : lengths.map((m) => Math.max(1, Math.round(m / 7))) } : DEFAULT_INDEX_LAYOUT;
  const embeddings = lengths ? toEmbeddingIndex(embedSeriesWindows({ model: model!, columns: index, layout }), { buildMs: 0 }) : buildEmbeddingIndex({ model: model!, columns: index });
  return { model: { ...model!, name: "bench" }, searchIndex: index, index: embeddings };
}

function modelSearch(modelIndex: ModelIndex, tune: ModelSearchTuning = tuning): SearchFn {
  return async (body: SearchRequest) => (await modelSearchOnIndex!({ ...modelIndex, tuning: tune, request: searchRequestSchema.parse(body) })).matches;
}

function report(all: QueryScore[], where: string) {
  if (values.verbose) {
    for (const s of all) console.log(`  ${s.method.padEnd(5)} ${s.family.padEnd(10)} seed=${s.seed} ${s.id.padEnd(27)} R=${s.R} hits=${s.hits} recall=${s.recall.toFixed(2)} ${Math.round(s.ms)}ms`);
  }
  const table = familyRecall(all);
  const ms = [...table.keys()];
  const col = (s: string) => s.padStart(7);
  console.log(`\nrecall (${where}; ${pool ? "DIAGNOSTIC: plants anywhere in the candidate pool" : depth === 1 ? "topK = R" : `DIAGNOSTIC: plants anywhere in the first ${depth} x R matches`}, IoU >= 0.5; mean over queries and seeds ${seeds.join(",")})`);
  console.log(`${"family".padEnd(11)}${"role".padEnd(10)}${ms.map(col).join("")}`);
  for (const f of families) console.log(`${f.padEnd(11)}${(tuneOn.includes(f) ? "tune" : "held-out").padEnd(10)}${ms.map((m) => col(table.get(m)?.get(f)?.toFixed(3) ?? "-")).join("")}`);
  const row = (label: string, fs?: string[]) => console.log(`${label.padEnd(21)}${ms.map((m) => col(fs && !fs.some((f) => families.includes(f)) ? "-" : macroMean(table.get(m)!, fs).toFixed(3))).join("")}`);
  row("macro mean");
  row("macro tune", tuneOn);
  row("macro held-out", families.filter((f) => !tuneOn.includes(f)));
  const med = (m: string) => {
    const xs = all.filter((s) => s.method === m).map((s) => s.ms).sort((a, b) => a - b);
    return Math.round(xs[xs.length >> 1] ?? 0);
  };
  console.log(`${"median ms per query".padEnd(21)}${ms.map((m) => col(String(med(m)))).join("")}`);
  console.log(`queries=${all.length / Math.max(1, ms.length)} per method, wall ${((performance.now() - t0) / 1000).toFixed(0)} s, load average ${load()}`);
}

function reportSweep() {
  const table = new Map([...sweepScores].map(([k, s]) => [k, familyRecall(s).get(methods[0])!]));
  console.log(`\nsweep of ${sweep!.key} (method ${methods[0]}, seeds ${seeds.join(",")}${Object.keys(tuning).length ? `, with ${JSON.stringify(tuning)}` : ""})`);
  console.log(`${"setting".padEnd(24)}${families.map((f) => f.slice(0, 9).padStart(10)).join("")}${"macro".padStart(8)}`);
  for (const [k, t] of table) console.log(`${k.padEnd(24)}${families.map((f) => t.get(f)!.toFixed(3).padStart(10)).join("")}${macroMean(t).toFixed(3).padStart(8)}`);
  const lofo = leaveOneFamilyOut(table);
  console.log("leave-one-family-out (setting chosen on the other families -> recall on the left-out one):");
  for (const x of lofo) console.log(`  ${x.family.padEnd(11)} ${x.chosen.padEnd(24)} ${x.recall.toFixed(3)}`);
  console.log(`  mean of left-out recalls ${(lofo.reduce((a, x) => a + x.recall, 0) / lofo.length).toFixed(3)}; wall ${((performance.now() - t0) / 1000).toFixed(0)} s, load average ${load()}`);
}
