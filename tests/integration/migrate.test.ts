import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("migrations on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  beforeAll(async () => {
    if (!skip) t = await create();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.skipIf(skip)("creates the tables and records each migration once, like Prisma", async () => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(["_prisma_migrations", "series", "series_chunk", "ticker", "ticker_document"]),
      );
      const first = await client.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`);
      expect(first.rows.length).toBeGreaterThan(0);
      expect(first.rows.every((r) => r.finished_at !== null && r.checksum.length === 64)).toBe(true);
      const again = await migrate({ connectionString: t.url });
      expect(again.applied).toEqual([]);
      const second = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
      expect(second.rows[0].n).toBe(first.rows.length);
    } finally {
      await client.end();
    }
  });
});
