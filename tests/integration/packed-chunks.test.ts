import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { importFiles } from "@/lib/import/import-files";
import { loadSearchIndex } from "@/lib/search-server/load-search-index";
import { toDayNumber } from "@/lib/search/dates";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();

const fixture = (name: string) => path.resolve(import.meta.dirname, "../fixtures/import", name);
const FILES = ["long-messy.csv", "MSFT.csv", "yahoo-chart.json", "fundamentals.json", "extend-part1.csv"].map(fixture);

/** Chunks whose binary copy differs from the SQL definition of the layout, out of all chunks. */
async function packedMismatches(client: { query: pg.Client["query"] }): Promise<{ chunks: number; wrong: number; scalar: number }> {
  const { rows } = await client.query<{ chunks: number; wrong: number; scalar: number }>(`
    SELECT count(*)::int AS chunks,
           count(*) FILTER (WHERE c.packed IS DISTINCT FROM pack_chunk_rows(c.rows, CASE WHEN s.kind = 'ohlcv' THEN 5 ELSE 1 END))::int AS wrong,
           count(*) FILTER (WHERE s.kind = 'scalar')::int AS scalar
    FROM series_chunk c JOIN series s ON s.id = c.series_id`);
  return rows[0]!;
}

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("series_chunk.packed on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    if (skip) return;
    t = await create();
    client = new pg.Client({ connectionString: t.url });
    await client.connect();
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await t?.drop();
  });

  it.skipIf(skip)("the importer writes the same bytes as the layout's SQL definition, missing values and scalar series included", async () => {
    const reltuples = async () => (await client.query<{ relname: string; reltuples: number }>(`
      SELECT relname, reltuples FROM pg_class WHERE relname IN ('ticker', 'series', 'series_chunk') ORDER BY relname`)).rows;
    // a new database's tables have no statistics (-1) until analysed
    expect((await reltuples()).map((r) => r.reltuples)).toEqual([-1, -1, -1]);
    const report = await importFiles(t.db, { url: t.url, paths: FILES, concurrency: 2 });
    expect(report.rejectedFiles).toBe(0);
    // the import leaves planner statistics behind: the index's load right after it uses the tables' indexes
    expect((await reltuples()).every((r) => r.reltuples > 0)).toBe(true);
    const counts = await packedMismatches(client);
    expect(counts.chunks).toBeGreaterThan(5);
    expect(counts.scalar).toBeGreaterThan(0);
    expect(counts.wrong).toBe(0);
    // the loader reads the copy: a close stored as null comes back NaN, a stored close as itself
    const index = await loadSearchIndex(t.db);
    const i = index.symbols.indexOf("AAA");
    const start = index.offsets[i]!;
    const day = Array.from(index.days.subarray(start, index.offsets[i + 1])).indexOf(toDayNumber("2016-01-12"));
    expect(index.fields.close[start + day]).toBe(88.55);
    expect(Number.isNaN(index.fields.open[start + day]!)).toBe(true);
  });

  it.skipIf(skip)("a statement that writes rows without a copy (an older importer, a hand fix) gets a fresh one, never a stale one", async () => {
    const { rows: [chunk] } = await client.query<{ series_id: number; year: number }>(`
      SELECT c.series_id, c.year FROM series_chunk c JOIN series s ON s.id = c.series_id JOIN ticker t ON t.id = s.ticker_id
      WHERE t.symbol = 'AAA' AND s.name = 'daily' ORDER BY c.year LIMIT 1`);
    await client.query(`UPDATE series_chunk SET rows = jsonb_set(rows, '{0,4}', '123.25') WHERE series_id = $1 AND year = $2`, [chunk!.series_id, chunk!.year]);
    await client.query(`
      INSERT INTO series_chunk (series_id, year, first, last, count, rows)
      VALUES ($1, 1990, '1990-01-02', '1990-01-03', 2, '[["1990-01-02", 1, 2, 0.5, 1.5, 10], ["1990-01-03", null, null, null, 1.75, 0]]')`, [chunk!.series_id]);
    expect((await packedMismatches(client)).wrong).toBe(0);
    const index = await loadSearchIndex(t.db);
    const i = index.symbols.indexOf("AAA");
    const start = index.offsets[i]!;
    expect(Array.from(index.days.subarray(start, start + 2))).toEqual([toDayNumber("1990-01-02"), toDayNumber("1990-01-03")]);
    expect(Array.from(index.fields.close.subarray(start, start + 3))).toEqual([1.5, 1.75, 123.25]);
  });

  it.skipIf(skip)("the migration fills the copy of chunks stored before it", async () => {
    const all = path.resolve(process.cwd(), "prisma", "migrations");
    const before = fs.mkdtempSync(path.join(os.tmpdir(), "ps-migrations-"));
    try {
      for (const name of fs.readdirSync(all).filter((n) => n < "20261203000000")) fs.cpSync(path.join(all, name), path.join(before, name), { recursive: true });
      await migrate({ connectionString: t.url, migrationsDir: before, schema: "before_packed" });
      await client.query(`SET search_path TO before_packed`);
      await client.query(`
        WITH t AS (INSERT INTO ticker (symbol) VALUES ('OLD') RETURNING id),
             s AS (INSERT INTO series (ticker_id, name, kind) SELECT id, 'daily', 'ohlcv' FROM t RETURNING id)
        INSERT INTO series_chunk (series_id, year, first, last, count, rows)
        SELECT id, 2020, '2020-01-02', '2020-01-03', 2, '[["2020-01-02", 1, 2, 0.5, 1.5, 10], ["2020-01-03", 1.5, 2, 1, null, 0]]' FROM s`);
      await migrate({ connectionString: t.url, schema: "before_packed" });
      const { rows } = await client.query<{ packed: Buffer }>(`SELECT packed FROM series_chunk`);
      expect(rows).toHaveLength(1);
      const view = new DataView(rows[0]!.packed.buffer, rows[0]!.packed.byteOffset, rows[0]!.packed.byteLength);
      expect(rows[0]!.packed.byteLength).toBe(88);
      expect([view.getInt32(0, false), view.getFloat64(4 + 8 * 3, false), view.getInt32(44, false)]).toEqual([toDayNumber("2020-01-02"), 1.5, toDayNumber("2020-01-03")]);
      expect(Number.isNaN(view.getFloat64(44 + 4 + 8 * 3, false))).toBe(true);
    } finally {
      await client.query(`SET search_path TO public`);
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});
