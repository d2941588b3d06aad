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

describe("readTickerFile: a CSV ticker longer than a part", () => {
  /** Tickers by symbol, their parts' rows joined. */
  const bySymbol = (tickers: ParsedTicker[]) => Object.fromEntries([...new Set(tickers.map((t) => t.symbol))].map((s) => [s, joined(tickers.filter((t) => t.symbol === s))]));

  it("is handed out in parts of at most partRows rows, in runs, regrouped in memory or through buckets, giving the same rows and report", async () => {
    const interleaved = write("parts-interleaved.csv", interleavedCsv(3, 50));
    const inRuns = write("parts-runs.csv", ["date,open,high,low,close,volume,Name", ...interleavedCsv(3, 50).trim().split("\n").slice(1, -1).sort((a, b) => a.split(",")[6].localeCompare(b.split(",")[6]))].join("\n"));
    for (const [file, spillBytes] of [[interleaved, undefined], [interleaved, 300], [inRuns, undefined]] as const) {
      const whole = inMemory(file);
      const parts = await streamed({ file, spillBytes, partRows: 7 });
      expect(parts.tickers.length).toBeGreaterThan(whole.tickers.length);
      for (const t of parts.tickers) expect(t.report.read).toBeLessThanOrEqual(7);
      expect(bySymbol(parts.tickers)).toEqual(bySymbol(whole.tickers));
      expect(parts.report).toMatchObject({ read: whole.report.read, kept: whole.report.kept, rejected: whole.report.rejected, tickers: 3 });
    }
  });

  it("is split-adjusted across parts (AlphaVantage daily-adjusted CSV)", async () => {
    const file = path.join(FIXTURES, "ZZZ-alphavantage.csv");
    const whole = inMemory(file, { symbol: "ZZZ" });
    const parts = await streamed({ file, symbol: "ZZZ", partRows: 2 });
    expect(parts.tickers.length).toBeGreaterThan(1);
    expect(joined(parts.tickers)).toEqual(joined(whole.tickers));
  });
});

const JSON_FIXTURES = [
  "alphavantage-daily.json", "alphavantage-error.json", "alphavantage-note.json", "fundamentals.json", "ohlc-rows.json",
  "yahoo-chart-error.json", "yahoo-chart.json", "layouts/EODX.json", "layouts/TIIN.json", "layouts/polygon-aggs.json",
].map((name) => path.join(FIXTURES, name));

/** Parts of one ticker put back together: rows by date (a later part wins), reports summed. */
function joined(tickers: ParsedTicker[]) {
  const byDate = new Map(tickers.flatMap((t) => t.daily.map((r) => [r[0], r] as const)));
  return [...byDate.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

describe("readTickerFile: a streamed JSON document gives what JSON.parse of the whole file gives", () => {
  it.each(JSON_FIXTURES)("%s", async (file) => {
    expect(await streamed({ file })).toEqual(inMemory(file));
  });

  it("streams a gzip JSON, and a file whose format is given", async () => {
    const yahoo = fs.readFileSync(path.join(FIXTURES, "yahoo-chart.json"));
    const file = write("NVDA.json.gz", gzipSync(yahoo));
    expect(await streamed({ file })).toEqual(inMemory(file));
    const forced = write("MSFT.json", fs.readFileSync(path.join(FIXTURES, "alphavantage-daily.json")));
    expect(await streamed({ file: forced, format: "yahoo-json" })).toEqual(inMemory(forced, { format: "yahoo-json" }));
    expect((await streamed({ file: forced, format: "yahoo-json" })).report.message).toMatch(/Yahoo chart JSON without chart.result\[0\].timestamp/);
  });

  it.each(["yahoo-chart.json", "alphavantage-daily.json", "layouts/polygon-aggs.json", "layouts/EODX.json"])(
    "hands %s out in parts of at most partRows rows, each the document with its rows, that together give the same rows and report",
    async (name) => {
      const file = path.join(FIXTURES, name);
      const whole = inMemory(file);
      const parts = await streamed({ file, partRows: 2 });
      expect(parts.tickers.length).toBeGreaterThan(1);
      for (const t of parts.tickers) expect(t.report.read).toBeLessThanOrEqual(2);
      expect(new Set(parts.tickers.map((t) => t.symbol))).toEqual(new Set([whole.tickers[0].symbol]));
      expect(joined(parts.tickers)).toEqual(joined(whole.tickers));
      expect(parts.report).toMatchObject({ read: whole.report.read, kept: whole.report.kept, rejected: whole.report.rejected, tickers: 1, order: whole.report.order });
      // Item numbers count from the document's start, not the part's.
      expect(parts.report.rejections).toEqual(whole.report.rejections);
      expect(JSON.stringify(parts.tickers[0].document).length).toBeLessThan(JSON.stringify(whole.tickers[0].document).length);
    },
  );

  it("refuses what JSON.parse refuses, and documents too large to be price files, with the same messages", async () => {
    const av = fs.readFileSync(path.join(FIXTURES, "alphavantage-daily.json"), "utf8");
    const cases: [string, string | Buffer, RegExp][] = [
      ["cut.json", av.slice(0, -20), /^invalid JSON: /],
      ["trailing.json", `${av} {}`, /^invalid JSON: /],
      ["missing-comma.json", '[{"date":"2020-01-02","close":1} {"date":"2020-01-03","close":2}]', /^invalid JSON: /],
      ["key-no-colon.json", '{"results" [1]}', /^invalid JSON: /],
      ["nul.json", av.replace('"2. Symbol"', '"2. Sym\\u0000bol"'), /\\u0000 character/],
      ["raw-nul.json", Buffer.concat([Buffer.from(av.slice(0, 70 * 1024 > av.length ? 40 : 70 * 1024)), Buffer.from([0]), Buffer.from(av)]), /NUL characters/],
      ["twice.json", '{"ticker":"AB","results":[],"results":[{"t":1577923200000,"c":1}]}', /holds "results" twice/],
      ["big-row.json", `[{"date":"2020-01-02","close":1,"note":"${"x".repeat(1100 * 1024)}"}]`, /larger than 1 MB/],
      ["unknown.json", '{"hello": 1}', /not a known price document/],
    ];
    for (const [name, content, message] of cases) {
      const r = await streamed({ file: write(name, content) });
      expect(r.report, name).toMatchObject({ status: "rejected", message: expect.stringMatching(message) });
      expect(r.tickers).toEqual([]);
    }
    const skeleton = `{"symbol":"BIG","financials":{"quarterly":{"date":["2020-01-02"],"revenue":[1]}},"notes":[${Array.from({ length: 70_000 }, () => `"${"y".repeat(500)}"`).join(",")}]}`;
    expect((await streamed({ file: write("BIG.json", skeleton) })).report.message).toMatch(/more than 32 MB outside its price rows/);
  });

  it("keeps a \"__proto__\" key as data, as JSON.parse does", async () => {
    const doc = '[{"date":"2020-01-02","close":1,"__proto__":{"polluted":true}},{"date":"2020-01-03","close":2}]';
    const file = write("PROTO.json", doc);
    const r = await streamed({ file });
    expect(r).toEqual(inMemory(file));
    expect(JSON.stringify(r.tickers[0].document)).toBe(JSON.stringify(JSON.parse(doc)));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
