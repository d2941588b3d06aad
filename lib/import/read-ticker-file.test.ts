import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { parseFileContent } from "@/lib/import/parse-file-content";
import { readTickerFile, type ReadTickerFileOptions } from "@/lib/import/read-ticker-file";
import type { ParsedTicker } from "@/lib/import/types";

const FIXTURES = path.resolve(import.meta.dirname, "../../tests/fixtures/import");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-read-ticker-file-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** The file streamed: every ticker (by symbol) and the final report. */
async function streamed(options: ReadTickerFileOptions) {
  const opened = await readTickerFile(options);
  if (!opened.ok) return { report: opened.report, tickers: [] as ParsedTicker[] };
  const tickers: ParsedTicker[] = [];
  for await (const t of opened.tickers) tickers.push(t);
  return { report: opened.report(), tickers: tickers.sort((a, b) => a.symbol.localeCompare(b.symbol)) };
}

function inMemory(file: string, options: Omit<ReadTickerFileOptions, "file"> = {}) {
  const parsed = parseFileContent({ file, content: fs.readFileSync(file), ...options });
  return { report: parsed.report, tickers: [...parsed.tickers].sort((a, b) => a.symbol.localeCompare(b.symbol)) };
}

const CSV_FIXTURES = [
  "MSFT.csv", "ZZZ-alphavantage.csv", "aapl.us.txt", "long-messy.csv", "long-small.csv.gz", "stooq-tickers.txt", "extend-part1.csv",
  "empty.csv", "blank.csv", "header-only.csv", "no-close.csv", "error.html", "error.txt", "stooq-limit.txt",
  "layouts/AMBIG.csv", "layouts/EUROX.csv", "layouts/INVX.csv", "layouts/MTX.csv", "layouts/TVX.csv", "layouts/metastock.txt",
].map((name) => path.join(FIXTURES, name));

/** A long CSV listed day by day (every ticker's rows interleaved), as many exports sort it. */
function interleavedCsv(tickers: number, days: number): string {
  const lines = ["date,open,high,low,close,volume,Name"];
  for (let d = 0; d < days; d++) {
    const date = new Date(Date.UTC(2019, 11, 20 + d)).toISOString().slice(0, 10);
    for (let i = 0; i < tickers; i++) lines.push(`${date},${10 + i + d / 10},${11 + i + d / 10},${9 + i},${10.5 + i + d / 10},${1000 * d},T${i}`);
  }
  // A row with no symbol, counted as rejected wherever it lands.
  lines.push("2020-01-31,1,1,1,1,1,");
  return `${lines.join("\n")}\n`;
}

describe("readTickerFile: a streamed CSV gives what the whole file parsed in memory gives", () => {
  it.each(CSV_FIXTURES)("%s", async (file) => {
    expect(await streamed({ file })).toEqual(inMemory(file));
  });

  it("regroups a file whose tickers are interleaved, in memory or through spill buckets, to the same tickers and report", async () => {
    const file = write("interleaved.csv", interleavedCsv(7, 40));
    const expected = inMemory(file);
    expect(expected.tickers).toHaveLength(7);
    expect(expected.report.rejected).toBe(1);
    expect(await streamed({ file })).toEqual(expected);
    // A few hundred bytes per bucket: about 40 buckets for 7 tickers, so some are empty and some hold several.
    expect(await streamed({ file, spillBytes: 300 })).toEqual(expected);
  });

  it("refuses the whole file for what only its end shows, before handing out any ticker", async () => {
    const good = interleavedCsv(3, 2000);
    const byHalf = (tail: string) => good + tail;
    const cases: [string, string, RegExp][] = [
      ["late-quote.csv", byHalf('2020-02-03,"1,1,1,1,1,T0\n'), /^unreadable CSV: /],
      ["late-nul.csv", byHalf("2020-02-03,1,1,1,1,1,T\0\n"), /NUL characters/],
    ];
    expect(good.length).toBeGreaterThan(128 * 1024);
    for (const [name, content, message] of cases) {
      const opened = await readTickerFile({ file: write(name, content) });
      expect(opened.ok).toBe(false);
      expect(opened.report).toMatchObject({ status: "rejected", message: expect.stringMatching(message) });
    }
    const ambiguous = ["Date,Close", ...Array.from({ length: 5000 }, (_, i) => `0${1 + (i % 9)}/0${1 + (i % 9)}/${1990 + Math.floor(i / 100)},${i + 1}`)];
    const opened = await readTickerFile({ file: write("AMBIGLONG.csv", `${ambiguous.join("\n")}\n`) });
    expect(opened.report).toMatchObject({ status: "rejected", message: expect.stringMatching(/can be DD\/MM\/YYYY or MM\/DD\/YYYY/) });
  });

  it("streams a gzip file and refuses a corrupt one", async () => {
    const text = interleavedCsv(2, 5);
    const file = write("LONGZ.csv.gz", gzipSync(text));
    expect(await streamed({ file })).toEqual(inMemory(file));
    expect((await streamed({ file })).tickers).toHaveLength(2);
    const corrupt = write("bad.csv.gz", Buffer.concat([gzipSync(text).subarray(0, 40), Buffer.alloc(40, 7)]));
    expect((await streamed({ file: corrupt })).report).toMatchObject({ status: "rejected", message: expect.stringMatching(/^corrupt gzip: /) });
  });
});
