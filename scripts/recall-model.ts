/**
 * Planted-pattern recall of the model search, in-process (no server): generates the plants with
 * ../shared/bench/planted.mjs (cached in /tmp/planted-SEED-DIFFICULTY, as scripts/recall-search.ts does), builds the
 * search index and the embedding index over planted.csv with the active model version (DATABASE_URL or the
 * embedded database), and scores each shape exactly as `planted.mjs score --method model` does: the clean
 * sketch as query, topK = R, lengths 30..80, the planted symbols, a hit at intersection over union >= 0.5.
 *
 *   npx tsx scripts/recall-model.ts [--seeds 7,11] [--difficulty hard] [--lengths 32,48,72] [--strides 8,12,18]
 *        [--candidates N] [--pad 0.03] [--spread 1.4] [--blend 0.3] [--warpfit 0|1] [--version ID] [--verbose]
 * Also prints how many plants lie inside a candidate region (what the exact re-rank can find at best).
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { tf } from "@/ml/backend";
import { openCliDatabase } from "@/lib/db/cli-database";
import { DEFAULT_INDEX_LAYOUT, embedSeriesWindows, toEmbeddingIndex, type IndexLayout } from "@/lib/model/build-embedding-index";
import { loadModelVersion } from "@/lib/model/load-model-version";
import { searchEmbeddingIndex } from "@/lib/model/search-embedding-index";
import { fromDayNumber } from "@/lib/search/dates";
import { buildIndex } from "@/lib/search/build-index";
import { loadLongCsv } from "@/lib/search/testing/load-long-csv";
import { dateIou as iou, loadPlanted, plantedBenchmark } from "@/lib/search/testing/planted";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "7,11" },
    difficulty: { type: "string", default: "hard" },
    lengths: { type: "string" },
    strides: { type: "string" },
    candidates: { type: "string" },
    pad: { type: "string" },
    spread: { type: "string" },
    prefilter: { type: "string" },
    blend: { type: "string" },
    warpfit: { type: "string" },
    version: { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});
const planted = plantedBenchmark();
if (!planted) process.exit(0);
const { bench } = planted;
const { db, close } = await openCliDatabase();
const model = await loadModelVersion(db, { id: values.version ? Number(values.version) : undefined });
await close();
if (!model) {
  console.log("no active model version: run `npm run train` first");
  process.exit(0);
}
const lengths = values.lengths ? values.lengths.split(",").map(Number) : DEFAULT_INDEX_LAYOUT.lengths;
const layout: IndexLayout = {
  lengths,
  strides: values.strides ? values.strides.split(",").map(Number) : values.lengths ? lengths.map((m) => Math.max(1, Math.round(m / 4))) : DEFAULT_INDEX_LAYOUT.strides,
};
const { sketch } = (await import(bench)) as { sketch: (name: string, n?: number) => number[] };
console.log(`model version ${model.id}, backend ${tf.getBackend()}, layout ${JSON.stringify(layout)}, load average ${os.loadavg().map((v) => v.toFixed(1)).join(" ")}`);
const means: number[] = [];
for (const seed of values.seeds.split(",")) {
  const { csv, truth } = loadPlanted({ ...planted, seed, difficulty: values.difficulty });
  const columns = buildIndex({ tickers: loadLongCsv({ file: csv }) });
  const t0 = performance.now();
  const index = toEmbeddingIndex(embedSeriesWindows({ model, columns, layout }), { modelId: model.id, buildMs: 0 });
  const buildMs = performance.now() - t0;
  const tickers = new Set(truth.symbols.map((s) => columns.bySymbol.get(s)!));
  const shapes = [...new Set(truth.instances.map((t) => t.shape))];
  const recalls: number[] = [];
  const covers: number[] = [];
  const times: number[] = [];
  for (const shape of shapes) {
    const inst = truth.instances.filter((t) => t.shape === shape);
    const R = inst.length;
    const res = await searchEmbeddingIndex({
      index, model, columns, points: sketch(shape), topK: R, minLength: 30, maxLength: 80, tickers,
      candidates: values.candidates ? Number(values.candidates) : undefined,
      pad: values.pad ? Number(values.pad) : undefined,
      spread: values.spread ? Number(values.spread) : undefined,
      prefilter: values.prefilter ? Number(values.prefilter) : undefined,
      blend: values.blend ? Number(values.blend) : undefined,
      warpFit: values.warpfit ? values.warpfit !== "0" : undefined,
    });
    times.push(res.tookMs);
    const found = new Set<number>();
    const dates = (m: { start: number; length: number }) => [fromDayNumber(columns.days[m.start]), fromDayNumber(columns.days[m.start + m.length - 1])] as const;
    for (const m of res.matches.slice(0, R)) {
      const [a, b] = dates(m);
      inst.forEach((t, i) => m.symbol === t.symbol && iou(a, b, t.start, t.end) >= 0.5 && found.add(i));
    }
    recalls.push(found.size / R);
    // Plants inside a candidate region: the most the exact re-rank can find.
    const covered = inst.filter((t) => res.regions.some((r) => columns.symbols[r.ticker] === t.symbol && fromDayNumber(columns.days[r.start]) <= t.start && t.end <= fromDayNumber(columns.days[r.end - 1]))).length;
    covers.push(covered / R);
    if (values.verbose) {
      for (const m of res.matches) {
        const [a, b] = dates(m);
        const hit = truth.instances.find((t) => m.symbol === t.symbol && iou(a, b, t.start, t.end) > 0);
        console.log(`    ${m.symbol} ${a} len=${m.length} d=${m.distance.toFixed(3)} sim=${m.similarity.toFixed(3)} ${hit ? `${hit.shape === shape ? "HIT" : "OTHER " + hit.shape} iou=${iou(a, b, hit.start, hit.end).toFixed(2)} plantLen=${hit.length}` : "random"}`);
      }
    }
    console.log(`model ${shape.padEnd(28)} R=${R} hits=${found.size} recall=${(found.size / R).toFixed(2)} covered=${covered} ${res.tookMs.toFixed(0)}ms (embed ${res.timings.embed.toFixed(1)}, topk ${res.timings.topk.toFixed(1)}, rerank ${res.timings.rerank.toFixed(1)})`);
  }
  const mean = recalls.reduce((a, b) => a + b, 0) / recalls.length;
  means.push(mean);
  console.log(`method=model seed=${seed} difficulty=${values.difficulty} mean_recall=${mean.toFixed(3)} covered=${(covers.reduce((a, b) => a + b, 0) / covers.length).toFixed(3)} median_ms=${times.sort((a, b) => a - b)[times.length >> 1].toFixed(0)} windows=${index.windows} build_ms=${buildMs.toFixed(0)}`);
}
console.log(`mean over seeds ${values.seeds}: ${(means.reduce((a, b) => a + b, 0) / means.length).toFixed(3)}`);
