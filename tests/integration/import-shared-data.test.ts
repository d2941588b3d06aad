import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFiles } from "@/lib/import/import-files";
import { createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const SHARED_FILE = path.resolve(import.meta.dirname, "../../../shared/data/all_stocks_5yr.csv.gz");
const hasFile = fs.existsSync(SHARED_FILE);
const hasPostgres = await postgresAvailable();
if (!hasFile) console.warn(`${SHARED_FILE} is absent: skipping the real-data import test`);
else if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-data import test");
const skip = !hasFile || !hasPostgres;

describe("import of the shared real data set (all_stocks_5yr.csv.gz) into PostgreSQL", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    if (!skip) t = await createPostgresDatabase("ps_test_import");
  });
  afterAll(async () => {
    await t?.drop();
  });

  // Runs in about 15 s on an idle 2-core machine; the generous timeout is for a busy one.
  it.skipIf(skip)("stores 505 tickers with AAPL's 1,259 daily rows and reports the messy rows", { timeout: 240_000 }, async () => {
    // Through node-postgres, as the CLI imports it.
    const summary = await importFiles(t.db, { url: t.url, paths: [SHARED_FILE] });
    expect(summary.rejectedFiles).toBe(0);
    expect(summary.tickers).toEqual({ created: 505, updated: 0, unchanged: 0, failed: 0 });
    expect(summary.rows).toMatchObject({ read: 619_040, kept: 619_040, rejected: 0 });
    expect(summary.files[0].fixes["missing open/high/low kept as null"].count).toBeGreaterThan(0);
    const [counts] = await t.db.$queryRaw<{ tickers: number; aapl: number; aapl_chunks: number }[]>`
      SELECT (SELECT count(*)::int FROM ticker) AS tickers,
        (SELECT s.count FROM series s JOIN ticker t ON t.id = s.ticker_id WHERE t.symbol = 'AAPL' AND s.name = 'daily') AS aapl,
        (SELECT sum(jsonb_array_length(c.rows))::int FROM series_chunk c JOIN series s ON s.id = c.series_id
          JOIN ticker t ON t.id = s.ticker_id WHERE t.symbol = 'AAPL' AND s.name = 'daily') AS aapl_chunks`;
    expect(counts).toEqual({ tickers: 505, aapl: 1259, aapl_chunks: 1259 });
    const dhr = await t.db.$queryRaw<{ row: unknown }[]>`
      SELECT r.value AS row FROM ticker t JOIN series s ON s.ticker_id = t.id AND s.name = 'daily'
      JOIN series_chunk c ON c.series_id = s.id AND c.year = 2016, jsonb_array_elements(c.rows) r
      WHERE t.symbol = 'DHR' AND r.value->>0 = '2016-01-12'`;
    expect(dhr).toEqual([{ row: ["2016-01-12", null, null, null, 88.55, 0] }]);
  });
});
