import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export type MigrationResult = { applied: string[]; skipped: string[] };

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

function defaultMigrationsDir(): string {
  return path.resolve(process.cwd(), "prisma", "migrations");
}

/**
 * Applies prisma/migrations/<ts>_<name>/migration.sql in order, each in its own transaction, recording them in
 * a `_prisma_migrations` table shaped like Prisma's (the schema engine that would do this cannot be downloaded
 * here). An advisory lock keeps two starting processes from migrating at once.
 */
export async function migrate(options: {
  connectionString: string;
  migrationsDir?: string;
  schema?: string;
  log?: (line: string) => void;
}): Promise<MigrationResult> {
  const dir = options.migrationsDir ?? defaultMigrationsDir();
  const log = options.log ?? (() => {});
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();

  const client = new pg.Client({ connectionString: options.connectionString });
  // A connection lost mid-migration fails the running query; without a listener it would also crash the process.
  client.on("error", () => {});
  await client.connect();
  const result: MigrationResult = { applied: [], skipped: [] };
  try {
    if (options.schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema.replace(/"/g, "")}"`);
      await client.query(`SET search_path TO "${options.schema.replace(/"/g, "")}"`);
    }
    await client.query("SELECT pg_advisory_lock(72616001)");
    await client.query(MIGRATIONS_TABLE);
    const done = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
    for (const name of names) {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = applied.get(name);
      if (previous) {
        if (previous !== checksum) log(`warning: migration ${name} changed after it was applied`);
        result.skipped.push(name);
        continue;
      }
      const id = randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [id, checksum, name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${name} failed: ${(error as Error).message}`);
      }
      log(`applied ${name}`);
      result.applied.push(name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(72616001)").catch(() => {});
    await client.end();
  }
  return result;
}
