/**
 * `npm start`: with no DATABASE_URL, serves the embedded PGlite database on localhost from ./data, migrates,
 * imports the bundled sample data on first start, then runs the production Next server against it. With
 * DATABASE_URL the same steps run against that PostgreSQL.
 *
 * The server is the build's standalone server (.next/standalone/server.js), the one the image runs, not `next
 * start` (which warns that it does not support `output: "standalone"`).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createDb } from "@/lib/db/client";
import { startEmbeddedDatabase, type EmbeddedServer } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";
import { prepareFirstRun } from "@/lib/auth/ensure-first-admin";
import { seedSampleData } from "@/lib/import/seed-sample-data";
import { DEFAULT_SNAPSHOT_DIR } from "@/lib/search-server/index-snapshot";

const log = (line: string) => console.log(`[patternscope] ${line}`);

async function main() {
  const env = getEnv();
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.error("[patternscope] No production build found. Run `npm run build` first (README, first command).");
    process.exit(1);
  }

  let embedded: EmbeddedServer | undefined;
  let url = env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedDatabase({ dataDir: env.PGLITE_DIR, port: env.PGLITE_PORT, maxConnections: 12, log });
    url = embedded.url;
  }
  const migrated = await migrate({ connectionString: url, log });
  log(`database ready (${migrated.applied.length} migration(s) applied, ${migrated.skipped.length} already applied)`);

  const setupDb = createDb(url, 2);
  try {
    await prepareFirstRun(setupDb, { log });
    if (process.env.SKIP_SAMPLE_DATA !== "true") {
      const seeded = await seedSampleData(setupDb, { log });
      if (seeded.imported > 0) log(`imported ${seeded.imported} sample ticker(s) on first start`);
    }
  } finally {
    await setupDb.$disconnect();
  }

  const server = linkStandaloneAssets(process.cwd());
  const child = spawn(process.execPath, [server], {
    stdio: "inherit",
    env: {
      ...process.env,
      PORT: String(env.PORT),
      HOSTNAME: process.env.HOSTNAME ?? "0.0.0.0",
      // The standalone server runs in its own folder: paths meant relative to the project are made absolute here.
      SETUP_TOKEN_FILE: path.resolve(env.SETUP_TOKEN_FILE),
      SEARCH_INDEX_SNAPSHOT_DIR: absoluteUnlessOff(env.SEARCH_INDEX_SNAPSHOT_DIR ?? DEFAULT_SNAPSHOT_DIR),
      DATABASE_URL: url,
      // PGlite drops connections past its limit instead of queueing them: keep the web pool under it.
      ...(embedded ? { DB_POOL_MAX: process.env.DB_POOL_MAX ?? "6", PATTERNSCOPE_EMBEDDED: "true" } : {}),
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  log(`serving on http://localhost:${env.PORT}${embedded ? " (embedded database)" : ""}`);

  // Training and re-indexing run in a worker process of their own so they never slow page answers.
  const worker =
    process.env.START_WORKER === "false"
      ? undefined
      : spawn(process.execPath, ["--import", "tsx", path.join(process.cwd(), "scripts", "worker.ts")], {
          stdio: "inherit",
          env: { ...process.env, DATABASE_URL: url },
        });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    worker?.kill(signal);
    child.kill(signal);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  child.on("exit", async (code) => {
    worker?.kill("SIGTERM");
    await embedded?.stop().catch(() => {});
    process.exit(code ?? 0);
  });
}

/**
 * What `next build` leaves out of .next/standalone and its server needs (the same files
 * scripts/assemble-standalone.sh copies into the image): client assets and public/ linked, tfjs's .wasm copied
 * (the image build's copy would refuse to overwrite a link to itself). Returns the server's path.
 */
function linkStandaloneAssets(root: string): string {
  const app = path.join(root, ".next", "standalone");
  const server = path.join(app, "server.js");
  if (!fs.existsSync(server)) {
    console.error("[patternscope] .next/standalone/server.js is missing: run `npm run build` (next.config.ts has output: \"standalone\").");
    process.exit(1);
  }
  // relative links, so a project folder moved after its build still starts; a copied folder (the image's) stays
  const link = (target: string, at: string) => {
    if (!fs.existsSync(target)) return;
    const relative = path.relative(path.dirname(at), target);
    const existing = fs.lstatSync(at, { throwIfNoEntry: false });
    if (existing && !existing.isSymbolicLink()) return;
    if (existing && fs.readlinkSync(at) === relative) return;
    fs.rmSync(at, { force: true });
    fs.symlinkSync(relative, at, "dir");
  };
  link(path.join(root, ".next", "static"), path.join(app, ".next", "static"));
  link(path.join(root, "public"), path.join(app, "public"));
  const wasmDir = path.join("node_modules", "@tensorflow", "tfjs-backend-wasm", "dist");
  fs.mkdirSync(path.join(app, wasmDir), { recursive: true });
  for (const file of fs.readdirSync(path.join(root, wasmDir)).filter((f) => f.endsWith(".wasm"))) {
    if (!fs.existsSync(path.join(app, wasmDir, file))) fs.copyFileSync(path.join(root, wasmDir, file), path.join(app, wasmDir, file));
  }
  return server;
}

function absoluteUnlessOff(dir: string): string {
  return dir === "off" ? dir : path.resolve(dir);
}

main().catch((error) => {
  console.error(`[patternscope] failed to start: ${(error as Error).message}`);
  process.exit(1);
});
