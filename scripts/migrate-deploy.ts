/**
 * The container's migration runner (`docker-entrypoint.sh migrate`, the Helm pre-install/pre-upgrade Job):
 * applies prisma/migrations to DATABASE_URL and exits. Unlike `npm run db:migrate` it never starts the embedded
 * database, so its bundle needs nothing but `pg`. It waits for the database to accept connections first,
 * because on a fresh install the bundled PostgreSQL may still be starting.
 */
import path from "node:path";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";

const log = (line: string) => console.log(`[migrate] ${line}`);

async function waitForDatabase(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`database unreachable after ${attempt} attempts: ${(error as Error).message}`);
      if (attempt === 1 || attempt % 10 === 0) log(`waiting for the database (${(error as Error).message})`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (the container has no embedded database)");
  // The bundle runs from <app>/dist/migrate.mjs; the SQL sits in <app>/prisma/migrations. MIGRATIONS_DIR overrides.
  const migrationsDir = process.env.MIGRATIONS_DIR ?? path.resolve(process.cwd(), "prisma", "migrations");
  await waitForDatabase(url, Number(process.env.MIGRATE_WAIT_SECONDS ?? 120) * 1000);
  const result = await migrate({ connectionString: url, migrationsDir, log });
  log(`done: ${result.applied.length} applied, ${result.skipped.length} already applied`);
}

main().catch((error) => {
  console.error(`[migrate] failed: ${(error as Error).message}`);
  process.exit(1);
});
