/**
 * The image's migration path without Docker and without `next build`: scripts/bundle-cli.ts bundles the migration
 * runner into a folder outside the project (as the image's /app), and docker/entrypoint.sh runs it against a
 * fresh PostgreSQL database. The full web path is scripts/test-standalone.sh (after a build).
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_URL, postgresAvailable } from "@/tests/helpers/databases";

const root = path.resolve(import.meta.dirname, "..", "..");
const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn(`[cli-bundle] PostgreSQL not reachable at ${ADMIN_URL}: skipping the migration run`);

let app: string;
// Only what a container would have: PATH and the variables under test.
const run = (args: string[], vars: Record<string, string>) => {
  const env: NodeJS.ProcessEnv = { NODE_ENV: "production", PATH: process.env.PATH ?? "", ...vars };
  return spawnSync(path.join(app, "docker-entrypoint.sh"), args, { env, encoding: "utf8" });
};

beforeAll(() => {
  app = fs.mkdtempSync(path.join(os.tmpdir(), "patternscope-cli-"));
  execFileSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "bundle-cli.ts"), app], { cwd: root, stdio: "pipe" });
  // The same extra files scripts/assemble-standalone.sh adds for these commands.
  fs.cpSync(path.join(root, "prisma", "migrations"), path.join(app, "prisma", "migrations"), { recursive: true });
  fs.copyFileSync(path.join(root, "docker", "entrypoint.sh"), path.join(app, "docker-entrypoint.sh"));
  fs.chmodSync(path.join(app, "docker-entrypoint.sh"), 0o755);
}, 120_000);

afterAll(() => {
  if (app) fs.rmSync(app, { recursive: true, force: true });
});

describe("container CLI bundle", () => {
  it("bundles the migration runner with only the package files it needs", () => {
    expect(fs.existsSync(path.join(app, "dist", "migrate.mjs"))).toBe(true);
    const externals = JSON.parse(fs.readFileSync(path.join(app, "dist", "externals.json"), "utf8"));
    expect(externals.migrate).toEqual(["pg"]);
    expect(fs.existsSync(path.join(app, "node_modules", "pg", "package.json"))).toBe(true);
    // Not the whole node_modules: the runner's folder stays small.
    expect(fs.existsSync(path.join(app, "node_modules", "next"))).toBe(false);
  });

  it("the entry point refuses to start any role without DATABASE_URL", () => {
    for (const role of ["web", "worker", "migrate"]) {
      const result = run([role], {});
      expect(result.status, role).toBe(64);
      expect(result.stderr).toContain("DATABASE_URL is not set");
    }
  });

  it.skipIf(!hasPostgres)("`docker-entrypoint.sh migrate` migrates a fresh database once, then finds nothing to do", async () => {
    const name = `ps_cli_bundle_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    try {
      const first = run(["migrate"], { DATABASE_URL: url.toString() });
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/done: [1-9]\d* applied, 0 already applied/);

      const second = run(["migrate"], { DATABASE_URL: url.toString() });
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/done: 0 applied, [1-9]\d* already applied/);

      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      const tables = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      await client.end();
      expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(["ticker", "series", "series_chunk"]));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it("the migration runner gives up with a clear error when the database never answers", () => {
    const result = run(["migrate"], { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none", MIGRATE_WAIT_SECONDS: "0" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/database unreachable/);
  });
});
