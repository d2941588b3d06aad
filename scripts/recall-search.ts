/**
 * Planted-pattern recall of the search engine, in-process (no server, no database): generates the plants with
 * ../shared/bench/planted.mjs, loads planted.csv into the index and scores it exactly as `planted.mjs score`.
 *
 *   npx tsx scripts/recall-search.ts [--seed 7] [--difficulty hard] [--method zned|dtw|both] [--step 0.1] [--band 0.1] [--prior 0]
 *        [--warpfit 0|1] [--warpstep 0.2] [--maxwarp 0.1] [--warpsteps 5] [--shift 0.06] [--stretch 0.15] [--pool 3] [--startstep 2] [--rerank 0|1] [--segw 0.5] [--segprior 0.2] [--extra zcoarse --extrapool 3] [--tilt 0.15 --tiltcost 0.1] [--verbose] [--misses]
 * (--warpfit 0: the DTW engine ranked by DTW alone, as before the warp fit)
 */
import { buildIndex } from "@/lib/search/build-index";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import type { SearchTuning } from "@/lib/search/tuning";
import { loadLongCsv } from "@/lib/search/testing/load-long-csv";
import { dateIou as iou, loadPlanted, plantedBenchmark, plantsFound } from "@/lib/search/testing/planted";

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const planted = plantedBenchmark();
if (!planted) process.exit(0);
const { bench } = planted;
const seed = opt("seed", "7"), difficulty = opt("difficulty", "hard");
const { csv, truth } = loadPlanted({ ...planted, seed, difficulty });
const { sketch } = (await import(bench)) as { sketch: (name: string, n?: number) => number[] };
const index = buildIndex({ tickers: loadLongCsv({ file: csv }) });
// only the options given on the command line override the engine's defaults
const flags: [string, keyof SearchTuning, (v: string) => unknown][] = [
  ["step", "lengthStep", Number],
  ["band", "band", Number],
  ["prior", "lengthPrior", Number],
  ["ew", "euclidWeight", Number],
  ["smooth", "smooth", Number],
  ["kind", "smoothKind", String],
  ["bandpts", "bandPoints", Number],
  ["source", "priceSource", String],
  ["promref", "promRef", Number],
  ["promw", "promWeight", Number],
  ["warpfit", "warpFit", (v) => v !== "0" && v !== "false"],
  ["maxwarp", "maxWarp", Number],
  ["warpsteps", "warpSteps", Number],
  ["shift", "warpShift", Number],
  ["stretch", "warpStretch", Number],
  ["pool", "warpPool", Number],
  ["startstep", "warpStartStep", Number],
  ["warpstep", "warpLengthStep", Number],
  ["rerank", "segRerank", (v) => v !== "0" && v !== "false"],
  ["segw", "segWeight", Number],
  ["segprior", "segPrior", Number],
  ["extra", "extraSource", String],
  ["extrapool", "extraPool", Number],
  ["tilt", "driftTilt", Number],
  ["tiltcost", "driftCost", Number],
];
const tuning = Object.fromEntries(flags.filter(([f]) => argv.includes(`--${f}`)).map(([f, key, parse]) => [key, parse(opt(f, ""))])) as SearchTuning;
const shapes = [...new Set(truth.instances.map((t) => t.shape))];
const methods = opt("method", "both") === "both" ? ["zned", "dtw"] : [opt("method", "both")];
for (const method of methods) {
  const recalls: number[] = [];
  const times: number[] = [];
  for (const shape of shapes) {
    const inst = truth.instances.filter((t) => t.shape === shape);
    const R = inst.length;
    const request = searchRequestSchema.parse({
      query: { type: "sketch", points: sketch(shape) },
      method,
      topK: R,
      minLength: 30,
      maxLength: 80,
      symbols: truth.symbols,
    });
    const t0 = performance.now();
    const res = await searchPatterns({ index, request, tuning });
    times.push(performance.now() - t0);
    const found = plantsFound(res.matches, inst);
    recalls.push(found.size / R);
    if (argv.includes("--misses")) {
      for (const [i, t] of inst.entries()) {
        if (found.has(i)) continue;
        const pad = (d: string, k: number) => new Date(Date.parse(d) + k * 864e5).toISOString().slice(0, 10);
        const req2 = searchRequestSchema.parse({ ...request, topK: 1, symbols: [t.symbol], from: pad(t.start, -10), to: pad(t.end, 10) });
        const r2 = await searchPatterns({ index, request: req2, tuning });
        const b = r2.matches[0];
        console.log(`    MISS ${t.symbol} ${t.start} len=${(t as { length?: number }).length} best: ${b?.start} len=${b?.length} d=${b?.distance.toFixed(3)} iou=${b ? iou(b.start, b.end, t.start, t.end).toFixed(2) : "-"} kth=${res.matches.at(-1)?.distance.toFixed(3)}`);
      }
    }
    if (argv.includes("--verbose")) {
      for (const m of res.matches.slice(0, R)) {
        const hit = truth.instances.find((t) => m.symbol === t.symbol && iou(m.start, m.end, t.start, t.end) > 0);
        const tag = hit ? `${hit.shape === shape ? "HIT " : "OTHER " + hit.shape} iou=${iou(m.start, m.end, hit.start, hit.end).toFixed(2)} plantLen=${(hit as { length?: number }).length}` : "random";
        console.log(`    ${m.symbol} ${m.start} len=${m.length} d=${m.distance.toFixed(3)} ${tag}`);
      }
    }
    console.log(`${method.padEnd(5)} ${shape.padEnd(28)} R=${R} hits=${found.size} recall=${(found.size / R).toFixed(2)} ${Math.round(times.at(-1)!)}ms`);
  }
  const mean = recalls.reduce((a, b) => a + b, 0) / recalls.length;
  console.log(`method=${method} seed=${seed} difficulty=${difficulty} mean_recall=${mean.toFixed(3)} median_ms=${Math.round(times.sort((a, b) => a - b)[times.length >> 1])} tuning=${JSON.stringify(tuning)}`);
}
