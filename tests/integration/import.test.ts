import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFiles } from "@/lib/import/import-files";
import { seedSampleData } from "@/lib/import/seed-sample-data";
import { storeTicker } from "@/lib/import/store-ticker";
import { writeGzipBomb } from "@/tests/helpers/gzip-bomb";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { dailyRows, snapshot } from "@/tests/helpers/import-snapshot";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres import runs");

const fixture = (name: string) => path.resolve(import.meta.dirname, "../fixtures/import", name);

const GOOD_FILES = ["long-messy.csv", "MSFT.csv", "stooq-tickers.txt", "yahoo-chart.json", "fundamentals.json", "ZZZ-alphavantage.csv", "long-small.csv.gz"].map(fixture);
const BAD_FILES = [
  "empty.csv", "blank.csv", "header-only.csv", "no-close.csv", "error.html", "error.txt", "stooq-limit.txt",
  "alphavantage-error.json", "alphavantage-note.json", "yahoo-chart-error.json",
].map(fixture);

// Both write paths: Prisma (admin upload, seeding) and node-postgres (the CLI and bench, importFiles with `url`).
describe.each([
  ["postgres", "pg", createPostgresDatabase, !hasPostgres],
  ["postgres", "Prisma", createPostgresDatabase, !hasPostgres],
  ["pglite", "pg", createPgliteDatabase, false],
  ["pglite", "Prisma", createPgliteDatabase, false],
] as const)("import on %s, writing via %s", (_kind, via, create, skip) => {
  let t: TestDatabase;
  let pool: pg.Pool | undefined;
  /** importFiles' write-path option for this run. */
  const viaUrl = () => (via === "pg" ? { url: t.url } : {});
  beforeAll(async () => {
    if (skip) return;
    t = await create();
    if (via === "pg") pool = new pg.Pool({ connectionString: t.url, max: 1 });
  });
  afterAll(async () => {
    await pool?.end();
    await t?.drop();
  });

  it.skipIf(skip)("stores every format; importing the same files again changes nothing", async () => {
    const first = await importFiles(t.db, { ...viaUrl(), paths: GOOD_FILES, concurrency: 2 });
    expect(first.rejectedFiles).toBe(0);
    expect(first.tickers).toEqual({ created: 9, updated: 0, unchanged: 0, failed: 0 });
    const before = await snapshot(t.db);
    expect(before.documents).toHaveLength(9);

    const again = await importFiles(t.db, { ...viaUrl(), paths: GOOD_FILES, concurrency: 2 });
    expect(again.tickers).toEqual({ created: 0, updated: 0, unchanged: 9, failed: 0 });
    expect(await snapshot(t.db)).toEqual(before);

    expect(await dailyRows(t.db, "AAA")).toContainEqual(["2016-01-12", null, null, null, 88.55, 0]);
    const [aaa] = await t.db.$queryRaw<{ count: number; first: string; last: string; summary: { lastClose: number; spark: number[] } }[]>`
      SELECT s.count, s.first::text, s.last::text, s.summary FROM series s JOIN ticker t ON t.id = s.ticker_id
      WHERE t.symbol = 'AAA' AND s.name = 'daily'`;
    expect(aaa).toMatchObject({ count: 8, first: "2016-01-04", last: "2016-01-18", summary: { lastClose: 10.8 } });
    expect(aaa.summary.spark).toHaveLength(8);
    const nvda = await t.db.$queryRaw<{ name: string; exchange: string; currency: string }[]>`
      SELECT name, exchange, currency FROM ticker WHERE symbol = 'NVDA'`;
    expect(nvda).toEqual([{ name: "NVIDIA Corporation", exchange: "NasdaqGS", currency: "USD" }]);
  });

  it.skipIf(skip)("keeps fundamentals as scalar series", async () => {
    const series = await t.db.$queryRaw<{ name: string; kind: string; frequency: string; count: number; rows: unknown }[]>`
      SELECT s.name, s.kind, s.frequency, s.count, c.rows FROM series s JOIN ticker t ON t.id = s.ticker_id
      JOIN series_chunk c ON c.series_id = s.id WHERE t.symbol = 'ACME' ORDER BY s.name, c.year`;
    expect(series).toEqual([
      { name: "annual_revenue", kind: "scalar", frequency: "annual", count: 1, rows: [["2022-12-31", 4200]] },
      { name: "market_cap", kind: "scalar", frequency: "quarterly", count: 3, rows: [["2023-03-31", 50000], ["2023-06-30", 52000], ["2023-09-30", 51000]] },
      { name: "revenue", kind: "scalar", frequency: "quarterly", count: 2, rows: [["2023-03-31", 1000], ["2023-06-30", 1100]] },
    ]);
  });

  it.skipIf(skip)("an AlphaVantage file with a 4:1 split gives a continuous adjusted series", async () => {
    const rows = await dailyRows(t.db, "ZZZ-ALPHAVANTAGE");
    expect(rows).toHaveLength(6);
    for (let i = 1; i < rows.length; i++) expect(Math.abs(rows[i][4] / rows[i - 1][4] - 1)).toBeLessThan(0.06);
    expect(rows[0]).toEqual(["2020-08-26", 126.18, 126.9925, 125.0825, 126.5225, 163022268]);
  });

  it.skipIf(skip)("rejected files (errors, empty, no usable rows) leave stored data exactly as it was", async () => {
    const before = await snapshot(t.db);
    const result = await importFiles(t.db, { ...viaUrl(), paths: BAD_FILES });
    expect(result.rejectedFiles).toBe(BAD_FILES.length);
    expect(result.files.every((f) => f.status === "rejected" && f.message)).toBe(true);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it.skipIf(skip)("a 1 GB-expanding gzip is rejected with a clear message and nothing stored changes", async () => {
    const bomb = await writeGzipBomb();
    const before = await snapshot(t.db);
    const result = await importFiles(t.db, { ...viaUrl(), paths: [bomb] });
    expect(result.files).toEqual([
      expect.objectContaining({ status: "rejected", message: expect.stringMatching(/^gzip expands past .* MB \(more than 50x its 3(\.\d)? MB compressed size\): refused as a possible gzip bomb, nothing imported/) }),
    ]);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it.skipIf(skip)("a later file extends a series and corrects an overlapping day; only changed chunks are rewritten", async () => {
    await importFiles(t.db, { ...viaUrl(), paths: [fixture("extend-part1.csv")] });
    const before = await snapshot(t.db);
    const chunk2017 = before.chunks.find((c) => c.symbol === "EXT" && c.year === 2017);
    expect(chunk2017).toBeDefined();
    const second = await importFiles(t.db, { ...viaUrl(), paths: [fixture("extend-part2.csv")] });
    expect(second.tickers.updated).toBe(1);
    const rows = await dailyRows(t.db, "EXT");
    expect(rows.map((r) => [r[0], r[4]])).toEqual([
      ["2017-12-27", 10.5], ["2017-12-28", 10.8], ["2017-12-29", 11], ["2018-01-02", 11.3], ["2018-01-03", 11.6], ["2018-01-04", 11.9],
    ]);
    const after = await snapshot(t.db);
    expect(after.chunks).toContainEqual(chunk2017);
    const ext = after.series.find((s) => s.symbol === "EXT")!;
    const extBefore = before.series.find((s) => s.symbol === "EXT")!;
    expect(ext).toMatchObject({ count: 6, last: "2018-01-04" });
    expect(ext.updated_at).not.toBe(extBefore.updated_at);
    expect(after.documents.filter((d) => d.symbol === "EXT")).toHaveLength(2);
    // Other tickers were not touched.
    expect(after.series.filter((s) => s.symbol !== "EXT")).toEqual(before.series.filter((s) => s.symbol !== "EXT"));
  });

  it.skipIf(skip)("a ticker that fails while storing leaves nothing half-written", async () => {
    const before = await snapshot(t.db);
    const broken = {
      symbol: "HALF",
      metadata: {},
      document: { any: "thing" },
      daily: [["2020-01-02", 1, 2, 1, 1.5, 10]] as [string, number, number, number, number, number][],
      // A null frequency violates series.frequency NOT NULL after the ticker and its document were inserted.
      scalars: [{ name: "x", frequency: null as unknown as string, rows: [["2020-01-02", 1]] as [string, number][] }],
      report: { read: 1, kept: 1, fixed: 0, rejected: 0, fixes: {}, rejections: {} },
    };
    await expect(storeTicker(pool ?? t.db, broken, { source: "test", format: "long-csv" })).rejects.toThrow();
    expect(await snapshot(t.db)).toEqual(before);
  });

  it.skipIf(skip)("seeds the vega-datasets sample data once, labelled as sample", async () => {
    const first = await seedSampleData(t.db);
    expect(first.imported).toBe(7);
    const before = await snapshot(t.db);
    expect(await seedSampleData(t.db)).toEqual({ imported: 0, skipped: 7 });
    expect(await snapshot(t.db)).toEqual(before);
    const samples = await t.db.$queryRaw<{ symbol: string; name: string; count: number; frequency: string }[]>`
      SELECT t.symbol, t.name, s.count, s.frequency FROM ticker t JOIN series s ON s.ticker_id = t.id AND s.name = 'daily'
      WHERE t.is_sample ORDER BY t.symbol`;
    expect(samples.map((s) => s.symbol)).toEqual(["AAPL-SAMPLE", "AMZN-SAMPLE", "GOOG-SAMPLE", "IBM-SAMPLE", "MSFT-SAMPLE", "OHLC-SAMPLE", "SPX"]);
    expect(samples.find((s) => s.symbol === "SPX")).toMatchObject({ name: "S&P 500 index (sample)", count: 5105, frequency: "daily" });
    expect(samples.find((s) => s.symbol === "AAPL-SAMPLE")).toMatchObject({ count: 123, frequency: "monthly" });
  });
});
