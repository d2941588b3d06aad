import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFiles } from "@/lib/import/import-files";
import { parseFileContent } from "@/lib/import/parse-file-content";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { dailyRows, snapshot } from "@/tests/helpers/import-snapshot";
import { writeXlsx } from "@/tests/helpers/write-xlsx";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres streaming import runs");

const isoDay = (d: number) => new Date(Date.UTC(2018, 0, 1 + d)).toISOString().slice(0, 10);
/** Day d as MM/DD/YYYY with day and month both 12 or under: a column that cannot tell day from month. */
const ambiguousDay = (d: number) => `${String(1 + (d % 12)).padStart(2, "0")}/${String(1 + (Math.floor(d / 12) % 12)).padStart(2, "0")}/${2000 + Math.floor(d / 144)}`;

/** A long CSV sorted by date: each ticker's rows are spread over the whole file. */
function byDate(symbols: readonly string[], days: number, price: (i: number, d: number) => number, dateOf = isoDay): string {
  const lines = ["date,open,high,low,close,volume,Name"];
  for (let d = 0; d < days; d++) {
    const date = dateOf(d);
    symbols.forEach((s, i) => lines.push(`${date},${price(i, d)},${price(i, d) + 1},${price(i, d) - 1},${price(i, d)},${100 + d},${s}`));
  }
  return `${lines.join("\n")}\n`;
}

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("streamed import on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let dir: string;
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  beforeAll(async () => {
    if (skip) return;
    t = await create();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-import-stream-"));
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)("regroups an interleaved file through spill buckets into whole tickers; importing it again changes nothing", async () => {
    const symbols = ["SPA", "SPB", "SPC", "SPD", "SPE"];
    const file = write("by-date.csv", byDate(symbols, 800, (i, d) => 10 + i + (d % 50) / 10));
    const expected = parseFileContent({ file, content: fs.readFileSync(file) });
    const first = await importFiles(t.db, { url: t.url, paths: [file], spillBytes: 4096 });
    expect(first.files[0]).toMatchObject({ status: "ok", tickers: 5, read: 4000, kept: 4000, created: 5, failed: [] });
    for (const ticker of expected.tickers) expect(await dailyRows(t.db, ticker.symbol)).toEqual(ticker.daily);
    // One document per ticker, whichever bucket regrouped it: the same content hash as an in-memory parse gives.
    const docs = await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM ticker_document d JOIN ticker t ON t.id = d.ticker_id WHERE t.symbol LIKE 'SP_'`;
    expect(docs[0].n).toBe(5);

    const before = await snapshot(t.db);
    const again = await importFiles(t.db, { url: t.url, paths: [file], spillBytes: 4096 });
    expect(again.files[0]).toMatchObject({ status: "ok", unchanged: 5, created: 0, updated: 0 });
    expect(await snapshot(t.db)).toEqual(before);
  });

  it.skipIf(skip)("a file refused for what its last lines hold stores none of the tickers before them", async () => {
    const file = write("stored.csv", byDate(["LATEA", "LATEB"], 300, (i, d) => 20 + i + d / 100));
    await importFiles(t.db, { paths: [file] });
    const before = await snapshot(t.db);
    // New values for the stored tickers and a new ticker, then a broken quote or a NUL on the last line, or day/month dates no row tells apart.
    const changed = byDate(["LATEA", "LATEB", "LATEC"], 3000, (i, d) => 50 + i + d / 100);
    const bad = [
      write("late-quote.csv", `${changed}2026-01-02,"1,1,1,1,1,LATEA\n`),
      write("late-nul.csv", `${changed}2026-01-02,1,1,1,1,1,LATE\0A\n`),
      write("late-ambiguous.csv", byDate(["LATEA", "LATEB", "LATEC"], 3000, (i, d) => 50 + i + d / 100, ambiguousDay)),
    ];
    const summary = await importFiles(t.db, { url: t.url, paths: bad });
    expect(summary.files.map((f) => [f.status, f.message?.slice(0, 40)])).toEqual([
      ["rejected", expect.stringMatching(/^unreadable CSV: /)],
      ["rejected", expect.stringMatching(/NUL characters/)],
      ["rejected", expect.stringMatching(/^dates like "\d\d\/\d\d\/\d{4}" can be/)],
    ]);
    expect(summary.tickers).toEqual({ created: 0, updated: 0, unchanged: 0, failed: 0 });
    expect(await snapshot(t.db)).toEqual(before);
  });

  it.skipIf(skip)("stores a long JSON document or CSV ticker in parts of bounded size: the same rows as the whole file parsed, split-adjusted across parts; again changes nothing", async () => {
    const results = Array.from({ length: 700 }, (_, d) => ({ v: 1000 + d, o: 10 + d / 100, c: 10.5 + d / 100, h: 11 + d / 100, l: 9 + d / 100, t: Date.UTC(2015, 0, 1 + d) }));
    const polygon = write("polygon-long.json", JSON.stringify({ ticker: "PLONG", queryCount: 700, resultsCount: 700, adjusted: true, results, status: "OK" }));
    const day = (d: number) => isoDay(d);
    const series: Record<string, Record<string, string>> = {};
    // Newest first, as AlphaVantage lists days, with a 2:1 split in the newest part: every older part is halved.
    for (let d = 399; d >= 0; d--) series[day(d)] = { "1. open": "20", "2. high": "22", "3. low": "19", "4. close": "21", "6. volume": "100", "8. split coefficient": d === 350 ? "2.0" : "1.0" };
    const av = write("av-long.json", JSON.stringify({ "Meta Data": { "2. Symbol": "AVLONG" }, "Time Series (Daily)": series }));
    const csv = write("parts-by-date.csv", byDate(["PCSA", "PCSB"], 150, (i, d) => 30 + i + d / 10));
    const expected = [polygon, av, csv].map((file) => parseFileContent({ file, content: fs.readFileSync(file) }));
    const first = await importFiles(t.db, { url: t.url, paths: [polygon, av, csv], partRows: 64 });
    expect(first.files.map((f) => [f.status, f.tickers, f.created, f.updated, f.read, f.kept, f.order])).toEqual([
      ["ok", 1, 1, 0, 700, 700, "oldest-first"],
      ["ok", 1, 1, 0, 400, 400, "newest-first"],
      ["ok", 2, 2, 0, 300, 300, "oldest-first"],
    ]);
    for (const ticker of expected[2].tickers) expect(await dailyRows(t.db, ticker.symbol)).toEqual(ticker.daily);
    expect(await dailyRows(t.db, "PLONG")).toEqual(expected[0].tickers[0].daily);
    expect(await dailyRows(t.db, "AVLONG")).toEqual(expected[1].tickers[0].daily);
    expect((await dailyRows(t.db, "AVLONG"))[0]).toEqual([day(0), 10, 11, 9.5, 10.5, 200]);
    // One document per part, each the provider's document with that part's rows.
    const docs = await t.db.$queryRaw<{ symbol: string; n: number; rows: number }[]>`
      SELECT t.symbol, count(*)::int AS n, sum(jsonb_array_length(d.document->'results'))::int AS rows
      FROM ticker_document d JOIN ticker t ON t.id = d.ticker_id WHERE t.symbol = 'PLONG' GROUP BY t.symbol`;
    expect(docs).toEqual([{ symbol: "PLONG", n: 11, rows: 700 }]);

    const before = await snapshot(t.db);
    const again = await importFiles(t.db, { url: t.url, paths: [polygon, av, csv], partRows: 64 });
    expect(again.files.map((f) => [f.status, f.unchanged, f.created, f.updated])).toEqual([["ok", 1, 0, 0], ["ok", 1, 0, 0], ["ok", 2, 0, 0]]);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it.skipIf(skip)("a plain Date,Open,High,Low,Close,Volume file is reported as generic CSV; data stored under its old label stooq-csv is unchanged by a re-import", async () => {
    const file = write("PLAIN.csv", "Date,Open,High,Low,Close,Volume\n2024-01-02,9,10,8,9.5,300\n2024-01-03,9.5,11,9,10.25,400\n");
    await importFiles(t.db, { paths: [file], format: "stooq-csv" });
    const before = await snapshot(t.db);
    const again = await importFiles(t.db, { paths: [file] });
    expect(again.files[0]).toMatchObject({ status: "ok", format: "generic-csv", unchanged: 1, created: 0, updated: 0 });
    expect(await snapshot(t.db)).toEqual(before);
  });

  it.skipIf(skip)("imports an .xlsx sheet (values, dates, report); a refused one stores nothing", async () => {
    const rows = [["Date", "Open", "High", "Low", "Close", "Volume"], [new Date("2023-12-29T00:00:00Z"), 9, 10, 8, 9.5, 300], [new Date("2024-01-02T00:00:00Z"), 9.5, 11, 9, 10.25, 400]];
    const file = await writeXlsx(dir, "XLDB.xlsx", "Kurse", rows);
    const summary = await importFiles(t.db, { paths: [file] });
    expect(summary.files[0]).toMatchObject({ status: "ok", format: "generic-csv", kept: 2, created: 1, dialect: expect.objectContaining({ sheet: "Kurse" }) });
    expect(await dailyRows(t.db, "XLDB")).toEqual([["2023-12-29", 9, 10, 8, 9.5, 300], ["2024-01-02", 9.5, 11, 9, 10.25, 400]]);

    const before = await snapshot(t.db);
    const again = await importFiles(t.db, { paths: [file] });
    expect(again.files[0]).toMatchObject({ status: "ok", unchanged: 1 });
    // New values for the stored ticker, under day/month dates no row tells apart.
    const changed = await writeXlsx(dir, "XLDB-2.xlsx", "Kurse", [rows[0], ["01/02/2024", 1, 1, 1, 1, 1], ["02/01/2024", 1, 1, 1, 1, 1]]);
    const refused = await importFiles(t.db, { paths: [changed], symbol: "XLDB" });
    expect(refused.files[0]).toMatchObject({ status: "rejected", message: expect.stringMatching(/^dates like "01\/02\/2024" can be/) });
    expect(await snapshot(t.db)).toEqual(before);
  });
});
