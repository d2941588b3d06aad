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

  it.skipIf(skip)("imports an .xlsx sheet (values, dates, report); a refused one stores nothing", async () => {
    const rows = [["Date", "Open", "High", "Low", "Close", "Volume"], [new Date("2023-12-29T00:00:00Z"), 9, 10, 8, 9.5, 300], [new Date("2024-01-02T00:00:00Z"), 9.5, 11, 9, 10.25, 400]];
    const file = await writeXlsx(dir, "XLDB.xlsx", "Kurse", rows);
    const summary = await importFiles(t.db, { paths: [file] });
    expect(summary.files[0]).toMatchObject({ status: "ok", format: "stooq-csv", kept: 2, created: 1, dialect: expect.objectContaining({ sheet: "Kurse" }) });
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
