import pg from "pg";
import { createDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { servePglite } from "@/lib/db/serve-pglite";

/** The real PostgreSQL the tests use; overridable for other machines. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = { kind: "postgres" | "pglite"; url: string; db: Db; drop: () => Promise<void> };

function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to run destructive tests against a non-local database (${host})`);
  }
}

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** A fresh, migrated database on the real PostgreSQL, dropped afterwards. */
export async function createPostgresDatabase(prefix = "ps_test"): Promise<TestDatabase> {
  assertLocal(ADMIN_URL);
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrate({ connectionString: url });
  const db = createDb(url, 4);
  return {
    kind: "postgres",
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

/** An in-memory PGlite served over the pg socket (as `npm start` does), migrated; stopped afterwards. */
export async function createPgliteDatabase(): Promise<TestDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = await PGlite.create();
  const server = await servePglite(pglite, { port: 0, host: "127.0.0.1", maxConnections: 10 });
  const url = `postgresql://postgres@127.0.0.1:${server.port}/postgres?sslmode=disable`;
  await migrate({ connectionString: url });
  const db = createDb(url, 2);
  return {
    kind: "pglite",
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      await server.stop();
      await pglite.close();
    },
  };
}
