/**
 * Search engine benchmark (in-process engine time, no HTTP, no database):
 *   npm run bench:search [-- --runs 15 --copies 1,4 --threads 1,2 --only dtw --compare segRerank=false,true --set key=value,...]
 * Loads ../shared/data/all_stocks_5yr.csv.gz (619k candles) and the same data repeated 4x with shifted dates
 * and renamed symbols (~2.5M candles), then prints p50/p95 for zned m=64, DTW m=64 (band 10%) and a sketch
 * over lengths 30..80 with both engines (DTW with its warp-fit ranking; also a shaky, jagged drawing, where the
 * bounds prune least), and the DTW scan alone ("dtw-only").
 * --compare key=v1,v2 runs every scenario under each value of one tuning key, alternating run by run (so the
 * machine's load hits the variants alike), and prints a line per value with the load average.
 */
import os from "node:os";
import { buildIndex } from "@/lib/search/build-index";
import { PRESET_NAMES, samplePreset } from "@/lib/search/presets";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import type { SearchTuning } from "@/lib/search/tuning";
import { loadLongCsv } from "@/lib/search/testing/load-long-csv";
import { rng } from "@/lib/search/testing/random";
import { searchThreads } from "@/lib/search/worker-pool";
import { option, parseTuningValue, requireSharedData, tuningVariant } from "./bench-options";

// Engine speed, not scheduling: the search threads run at the web thread's priority here (the server lowers it).
process.env.PATTERNSCOPE_SEARCH_NICE ??= "0";
const file = requireSharedData();
const runs = Number(option("runs", "15"));
const copiesList = option("copies", "1,4").split(",").map(Number);
const threadList = option("threads", String(searchThreads())).split(",").map(Number);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

for (const copies of copiesList) {
  const t0 = performance.now();
  const index = buildIndex({ tickers: loadLongCsv({ file, copies }) });
  console.log(`\nindex: ${index.symbols.length} series, ${index.candles.toLocaleString("en")} candles (loaded in ${Math.round(performance.now() - t0)} ms)`);
  const r = rng(99);
  // real 64-candle windows as queries, so every run asks something different
  const randomWindow = (m: number) => {
    for (;;) {
      const t = Math.floor(r() * index.symbols.length);
      const a = index.offsets[t], n = index.offsets[t + 1] - a;
      if (n < m + 1) continue;
      const s = a + Math.floor(r() * (n - m));
      const pts = Array.from(index.fields.close.subarray(s, s + m));
      if (pts.every((v) => v > 0)) return pts;
    }
  };
  const jaggedSketch = (n: number, i: number) =>
    Array.from({ length: n }, (_, k) => Math.sin((k / n) * Math.PI * (1 + (i % 3))) + (k % 2 ? 1 : -1) * (0.3 + 0.4 * r()));
  const scenarios: { name: string; tuning?: SearchTuning; body: (i: number) => object }[] = [
    { name: "zned m=64", body: () => ({ query: { type: "sketch", points: randomWindow(64) }, method: "zned", minLength: 64, maxLength: 64 }) },
    { name: "dtw m=64 R=10%", body: () => ({ query: { type: "sketch", points: randomWindow(64) }, method: "dtw", minLength: 64, maxLength: 64, band: 0.1 }) },
    { name: "zned sketch 30..80", body: (i: number) => ({ query: { type: "sketch", points: samplePreset({ name: PRESET_NAMES[i % 8] }) }, method: "zned", minLength: 30, maxLength: 80 }) },
    { name: "dtw sketch 30..80", body: (i: number) => ({ query: { type: "sketch", points: samplePreset({ name: PRESET_NAMES[i % 8] }) }, method: "dtw", minLength: 30, maxLength: 80 }) },
    // a year-long shape (windows over 127 candles draw their DTW candidates from averages of candles)
    // A shaky hand: every point alternates up and down around a slow wave (no two runs alike), where bounds prune least.
    { name: "dtw jagged sketch 30..80", body: (i: number) => ({ query: { type: "sketch", points: jaggedSketch(48, i) }, method: "dtw", minLength: 30, maxLength: 80 }) },
    { name: "dtw sketch 150..300", body: (i: number) => ({ query: { type: "sketch", points: samplePreset({ name: PRESET_NAMES[i % 8] }) }, method: "dtw", minLength: 150, maxLength: 300 }) },
    // the DTW scan alone, ranked by DTW (no warp fit): the figure to hold against the UCR Suite's
    { name: "dtw-only m=64 R=10%", tuning: { warpFit: false }, body: () => ({ query: { type: "sketch", points: randomWindow(64) }, method: "dtw", minLength: 64, maxLength: 64, band: 0.1 }) },
    { name: "dtw-only sketch 30..80", tuning: { warpFit: false }, body: (i: number) => ({ query: { type: "sketch", points: samplePreset({ name: PRESET_NAMES[i % 8] }) }, method: "dtw", minLength: 30, maxLength: 80 }) },
    { name: "dtw-only sketch 150..300", tuning: { warpFit: false }, body: (i: number) => ({ query: { type: "sketch", points: samplePreset({ name: PRESET_NAMES[i % 8] }) }, method: "dtw", minLength: 150, maxLength: 300 }) },
    { name: "sequence GGGR", body: () => ({ query: { type: "sequence", pattern: "GGGR" } }) },
  ];
  const only = option("only", "");
  const [compareKey, compareList] = option("compare", "").split("=");
  // --compare combo=k1:v1+k2:v2,k1:v3+k2:v4 compares settings of several keys together
  const variants: (SearchTuning | null)[] = compareList ? compareList.split(",").map((v) => tuningVariant(compareKey, v)) : [null];
  // --set: tuning under every variant (e.g. the settings of a key the comparison leaves alone)
  const fixed: SearchTuning = Object.fromEntries(option("set", "").split(",").filter(Boolean).map((kv) => [kv.split("=")[0], parseTuningValue(kv.split("=")[1] ?? "")]));
  for (const threads of threadList) {
    for (const sc of scenarios.filter((x) => !only || x.name.startsWith(only))) {
      const times = variants.map((): number[] => []);
      const cpu = variants.map((): number[] => []);
      for (let i = -3; i < runs; i++) {
        const request = searchRequestSchema.parse(sc.body(i + 3));
        for (const [k, variant] of variants.entries()) {
          const c0 = process.cpuUsage();
          const w0 = performance.now();
          await searchPatterns({ index, request, tuning: { ...sc.tuning, ...fixed, ...variant, threads } });
          const ms = performance.now() - w0;
          if (i >= 0) {
            times[k].push(ms);
            cpu[k].push(process.cpuUsage(c0).user / 1000);
          }
        }
      }
      for (const [k, variant] of variants.entries()) {
        console.log(
          `${(copies === 1 ? "619k" : `${(index.candles / 1e6).toFixed(2)}M`).padEnd(6)} threads=${threads} ${sc.name.padEnd(20)}${variant ? ` ${JSON.stringify(variant)}` : ""} p50=${pct(times[k], 0.5).toFixed(1)} ms  p95=${pct(times[k], 0.95).toFixed(1)} ms  (process cpu, all threads, p50 ${pct(cpu[k], 0.5).toFixed(1)} ms)  load ${os.loadavg().map((v) => v.toFixed(1)).join(" ")}`,
        );
      }
    }
  }
}
process.exit(0);
