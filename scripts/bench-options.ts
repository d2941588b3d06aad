/** What the in-process benchmarks share: `--name value` options and the shared data file they measure. */
import fs from "node:fs";
import path from "node:path";

const argv = process.argv.slice(2);

/** The value after `--name` on the command line, else `fallback`. */
export function option(name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
}

/** ../shared's real daily data (PATTERNSCOPE_SHARED moves it). */
export const sharedDataFile = path.resolve(process.env.PATTERNSCOPE_SHARED ?? "/work/shared", "data/all_stocks_5yr.csv.gz");

/** The benchmarks measure the shared data; without it they say so and exit 0 (the product never needs it). */
export function requireSharedData(): string {
  if (!fs.existsSync(sharedDataFile)) {
    console.log(`skipped: ${sharedDataFile} not found`);
    process.exit(0);
  }
  return sharedDataFile;
}

/** A tuning value as typed after --set, --sweep or --compare: a number, true or false, else the text itself. */
export function parseTuningValue(v: string): unknown {
  return v === "true" ? true : v === "false" ? false : Number.isFinite(Number(v)) ? Number(v) : v;
}

/** One variant of --sweep / --compare as tuning: `key` set to `v`, or with key "combo" the settings `k1:v1+k2:v2`. */
export function tuningVariant(key: string, v: string): Record<string, unknown> {
  if (key !== "combo") return { [key]: parseTuningValue(v) };
  return Object.fromEntries(v.split("+").map((kv) => [kv.split(":")[0], parseTuningValue(kv.split(":")[1] ?? "")]));
}
