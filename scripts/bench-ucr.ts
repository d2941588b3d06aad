/**
 * The engine beside a second system: a C baseline of the UCR Suite's method (scripts/ucr-baseline/ucr-dtw.c), over
 * the very series the engine searches, one thread, 1-NN, data in memory, its search time alone.
 *   npm run bench:ucr [-- --runs 15 --copies 1,4 --only dtw --queries window,preset]
 * Loads ../shared/data/all_stocks_5yr.csv.gz (619k candles; 4 copies: 2.48M), compiles the baseline with gcc -O3
 * -march=native (skips without gcc), and for each run draws a query, a real 64-candle window as bench:search does
 * (the data holds it, so the nearest distance is about 0) or with `--queries preset` a preset sketch (not in the
 * data), asks the baseline, then the engine (threads 1 and 2, topK 20 and 1; DTW both as served, with its warp fit, and as the
 * plain DTW scan that matches the baseline's distance), all on the same query, so the machine's load hits them
 * alike. Prints p50/p95 wall and process CPU per search, ours / baseline at p50, and the load average.
 */
import os from "node:os";
import { buildIndex } from "@/lib/search/build-index";
import { prepareQueries } from "@/lib/search/prepare-queries";
import { prepareSeries } from "@/lib/search/prepare-series";
import { PRESET_NAMES, samplePreset } from "@/lib/search/presets";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import { loadLongCsv } from "@/lib/search/testing/load-long-csv";
import { rng } from "@/lib/search/testing/random";
import { DEFAULT_TUNING, type SearchTuning } from "@/lib/search/tuning";
import { compileBaseline, startBaseline } from "./ucr-baseline/ucr-baseline";
import { option, requireSharedData } from "./bench-options";

process.env.PATTERNSCOPE_SEARCH_NICE ??= "0";
const file = requireSharedData();
const built = compileBaseline();
if ("skipped" in built) {
  console.log(`skipped: the C baseline could not be built (${built.skipped})`);
  process.exit(0);
}
const runs = Number(option("runs", "15"));
const only = option("only", "");
const m = 64;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const load = () => os.loadavg().map((v) => v.toFixed(1)).join(" ");

type Variant = { name: string; threads: number; topK: number; tuning: SearchTuning; plain: boolean };
const variantsOf = (method: "zned" | "dtw"): Variant[] => {
  const kinds = method === "zned" ? [{ name: "zned", tuning: {}, plain: true }] : [{ name: "dtw-only", tuning: { warpFit: false }, plain: true }, { name: "dtw served", tuning: {}, plain: false }];
  return kinds.flatMap((k) => [1, 2].flatMap((threads) => [20, 1].map((topK) => ({ ...k, threads, topK }))));
};

for (const copies of option("copies", "1,4").split(",").map(Number)) {
  const index = buildIndex({ tickers: loadLongCsv({ file, copies }) });
  const size = copies === 1 ? "619k" : `${(index.candles / 1e6).toFixed(2)}M`;
  console.log(`\nindex: ${index.symbols.length} series, ${index.candles.toLocaleString("en")} candles`);
  const r = rng(99);
  const randomWindow = () => {
    for (;;) {
      const t = Math.floor(r() * index.symbols.length);
      const a = index.offsets[t], n = index.offsets[t + 1] - a;
      if (n < m + 1) continue;
      const s = a + Math.floor(r() * (n - m));
      const pts = Array.from(index.fields.close.subarray(s, s + m));
      if (pts.every((v) => v > 0)) return pts;
    }
  };
  const methods = (["zned", "dtw"] as const).filter((x) => !only || x === only);
  for (const { queries, method } of option("queries", "window").split(",").flatMap((queries) => methods.map((method) => ({ queries, method })))) {
    const tune = DEFAULT_TUNING[method];
    // the engine's own series for this method (DTW's is lightly smoothed), as the baseline's data
    const prepared = prepareSeries({ index, series: "close", smooth: tune.smooth, smoothKind: tune.smoothKind });
    const baseline = startBaseline({ binary: built.binary, values: prepared.values, offsets: prepared.offsets });
    const variants = variantsOf(method);
    const base = { ms: [] as number[], cpu: [] as number[] };
    const ours = variants.map(() => ({ ms: [] as number[], cpu: [] as number[] }));
    let agree = 0;
    for (let i = -3; i < runs; i++) {
      const points = queries === "preset" ? samplePreset({ name: PRESET_NAMES[(i + 3) % PRESET_NAMES.length] }) : randomWindow();
      // the query exactly as the engine prepares it (resampled, smoothed like the series, z-normalised)
      const [query] = prepareQueries({ points, lengths: [m], method, band: 0.1, smooth: tune.smooth, smoothKind: tune.smoothKind });
      const theirs = await baseline.search(method === "dtw" ? "dtw" : "ed", query.q, query.r);
      if (i >= 0) {
        base.ms.push(theirs.ms);
        base.cpu.push(theirs.cpuMs);
      }
      for (const [k, v] of variants.entries()) {
        const request = searchRequestSchema.parse({ query: { type: "sketch", points }, method, minLength: m, maxLength: m, band: 0.1, topK: v.topK });
        const c0 = process.cpuUsage();
        const w0 = performance.now();
        const result = await searchPatterns({ index, request, tuning: { ...v.tuning, threads: v.threads } });
        const ms = performance.now() - w0;
        if (i < 0) continue;
        ours[k].ms.push(ms);
        ours[k].cpu.push(process.cpuUsage(c0).user / 1000);
        if (v.plain && v.topK === 1 && v.threads === 1 && Math.abs(result.matches[0].distance - theirs.distance) < 1e-5) agree++;
      }
    }
    baseline.close();
    const b50 = pct(base.ms, 0.5), bc50 = pct(base.cpu, 0.5);
    console.log(`${size.padEnd(6)} ${method} m=${m}${method === "dtw" ? " R=10%" : ""} (${queries} queries): UCR-method C baseline (1 thread, 1-NN) p50=${b50.toFixed(1)} ms  p95=${pct(base.ms, 0.95).toFixed(1)} ms  cpu p50 ${bc50.toFixed(1)} ms; same nearest distance as ours in ${agree}/${runs} runs  load ${load()}`);
    for (const [k, v] of variants.entries()) {
      const w50 = pct(ours[k].ms, 0.5), c50 = pct(ours[k].cpu, 0.5);
      console.log(`${size.padEnd(6)}   ${v.name.padEnd(10)} threads=${v.threads} topK=${String(v.topK).padEnd(2)} p50=${w50.toFixed(1)} ms  p95=${pct(ours[k].ms, 0.95).toFixed(1)} ms  cpu p50 ${c50.toFixed(1)} ms  ours/baseline: wall ${(w50 / b50).toFixed(2)}x  cpu ${(c50 / bc50).toFixed(2)}x  load ${load()}`);
    }
  }
}
built.remove();
process.exit(0);
