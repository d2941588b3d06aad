import fs from "node:fs";
import path from "node:path";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import { parseFileContent } from "@/lib/import/parse-file-content";
import { storeTicker } from "@/lib/import/store-ticker";
import type { ImportFormat, ParsedTicker } from "@/lib/import/types";

type SampleFile = {
  file: string;
  format: ImportFormat;
  symbol?: string;
  /** Sample symbols get their own names so real imports (e.g. AAPL from a provider) never merge into them. */
  rename: Record<string, { symbol: string; name: string }>;
};

export const SAMPLE_FILES: readonly SampleFile[] = [
  {
    file: "sp500-2000.csv",
    format: "yahoo-csv",
    symbol: "SPX",
    rename: { SPX: { symbol: "SPX", name: "S&P 500 index (sample)" } },
  },
  {
    file: "stocks.csv",
    format: "long-csv",
    rename: {
      AAPL: { symbol: "AAPL-SAMPLE", name: "Apple, monthly closes 2000-2010 (sample)" },
      AMZN: { symbol: "AMZN-SAMPLE", name: "Amazon, monthly closes 2000-2010 (sample)" },
      GOOG: { symbol: "GOOG-SAMPLE", name: "Google, monthly closes 2004-2010 (sample)" },
      IBM: { symbol: "IBM-SAMPLE", name: "IBM, monthly closes 2000-2010 (sample)" },
      MSFT: { symbol: "MSFT-SAMPLE", name: "Microsoft, monthly closes 2000-2010 (sample)" },
    },
  },
  {
    file: "ohlc.json",
    format: "ohlc-json",
    symbol: "OHLC-SAMPLE",
    rename: { "OHLC-SAMPLE": { symbol: "OHLC-SAMPLE", name: "Daily OHLC sample 2009 (vega-datasets)" } },
  },
];

/** node_modules/vega-datasets/data, looked up from the working directory upwards (also inside a standalone build). */
export function findSampleDataDir(start = process.cwd()): string | null {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", "vega-datasets", "data");
    if (fs.existsSync(path.join(candidate, "sp500-2000.csv"))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * Imports the bundled real sample data (vega-datasets: S&P 500 2000-2020 daily, five stocks' monthly closes,
 * a short OHLC sample) with is_sample = true, only for sample tickers not stored yet, so calling it on every
 * start is cheap and idempotent.
 */
export async function seedSampleData(
  db: Db,
  options: { dataDir?: string; log?: (line: string) => void } = {},
): Promise<{ imported: number; skipped: number }> {
  const allSymbols = SAMPLE_FILES.flatMap((f) => Object.values(f.rename).map((r) => r.symbol));
  const present = await db.$queryRaw<{ symbol: string }[]>`
    SELECT symbol FROM ticker WHERE symbol IN (${Prisma.join(allSymbols)})`;
  const have = new Set(present.map((r) => r.symbol));
  if (allSymbols.every((s) => have.has(s))) return { imported: 0, skipped: allSymbols.length };

  const dataDir = options.dataDir ?? findSampleDataDir();
  if (!dataDir) throw new Error("sample data not found: is the vega-datasets package installed?");
  let imported = 0;
  for (const sample of SAMPLE_FILES) {
    const wanted = Object.values(sample.rename).filter((r) => !have.has(r.symbol));
    if (!wanted.length) continue;
    const file = path.join(dataDir, sample.file);
    const parsed = parseFileContent({ file: sample.file, content: fs.readFileSync(file), format: sample.format, symbol: sample.symbol });
    if (!parsed.ok) throw new Error(`sample file ${sample.file} was rejected: ${parsed.report.message}`);
    for (const ticker of parsed.tickers) {
      const target = sample.rename[ticker.symbol];
      if (!target || have.has(target.symbol)) continue;
      const renamed: ParsedTicker = { ...ticker, symbol: target.symbol, name: target.name, metadata: { ...ticker.metadata, sample: true, source: `vega-datasets/data/${sample.file}` } };
      await storeTicker(db, renamed, { source: `vega-datasets/${sample.file}`, format: parsed.format, isSample: true });
      imported++;
    }
    options.log?.(`sample data: ${sample.file} -> ${wanted.map((w) => w.symbol).join(", ")}`);
  }
  return { imported, skipped: allSymbols.length - imported };
}
