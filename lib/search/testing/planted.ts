/**
 * The planted-pattern benchmark's plumbing for the in-process recall scripts (scripts/recall-search.ts,
 * scripts/recall-model.ts): where ../shared/bench/planted.mjs and the source data are, generating a seed's plants
 * once into /tmp, and scoring a match the way `planted.mjs score` does (IoU of calendar days >= 0.5).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export type PlantedTruth = { symbols: string[]; instances: { symbol: string; shape: string; start: string; end: string; length: number }[] };

/** The benchmark script and source file, or null (with the reason printed) when ../shared is absent. */
export function plantedBenchmark(): { bench: string; src: string } | null {
  const shared = path.resolve(process.env.PATTERNSCOPE_SHARED ?? "/work/shared");
  const bench = path.join(shared, "bench/planted.mjs");
  const src = path.join(shared, "data/all_stocks_5yr.csv.gz");
  if (!fs.existsSync(bench) || !fs.existsSync(src)) {
    console.log(`skipped: ${bench} or ${src} not found`);
    return null;
  }
  return { bench, src };
}

/** The plants of one seed (80 tickers, 10 per shape, as the benchmark's README runs it), generated on first use. */
export function loadPlanted({ bench, src, seed, difficulty }: { bench: string; src: string; seed: string; difficulty: string }): { dir: string; csv: string; truth: PlantedTruth } {
  const dir = `/tmp/planted-${seed}-${difficulty}`;
  if (!fs.existsSync(path.join(dir, "truth.json"))) {
    execFileSync("node", [bench, "generate", "--src", src, "--out", dir, "--seed", seed, "--tickers", "80", "--per-shape", "10", "--difficulty", difficulty], { stdio: "inherit" });
  }
  return { dir, csv: path.join(dir, "planted.csv"), truth: JSON.parse(fs.readFileSync(path.join(dir, "truth.json"), "utf8")) as PlantedTruth };
}

const day = (d: string) => Date.parse(d.slice(0, 10)) / 864e5;

/** Intersection over union of two inclusive date ranges, in calendar days (as planted.mjs scores). */
export function dateIou(a0: string, a1: string, b0: string, b1: string): number {
  const [x0, x1, y0, y1] = [day(a0), day(a1), day(b0), day(b1)];
  const inter = Math.max(0, Math.min(x1, y1) - Math.max(x0, y0) + 1);
  return inter / (Math.max(x1, y1) - Math.min(x0, y0) + 1);
}

/** The planted instances that the first R matches find (same symbol, IoU >= 0.5), by index, as planted.mjs scores. */
export function plantsFound(matches: { symbol: string; start: string; end: string }[], instances: PlantedTruth["instances"]): Set<number> {
  const found = new Set<number>();
  for (const m of matches.slice(0, instances.length)) instances.forEach((t, i) => m.symbol === t.symbol && dateIou(m.start, m.end, t.start, t.end) >= 0.5 && found.add(i));
  return found;
}
