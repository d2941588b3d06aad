/**
 * `npm run worker`: the background job worker (retraining, re-indexing, price refresh). Runs one job at a time
 * from the pg-boss queue in PostgreSQL (or the embedded PGlite served by `npm start`, through its socket), and
 * schedules the daily price refresh. Run it as its own process next to the web server: training is CPU-heavy,
 * and in its own process it neither slows page answers nor dies with a web restart (queued jobs wait in the
 * database either way).
 */
import { ensureFirstAdmin, FirstAdminConfigError } from "@/lib/auth/ensure-first-admin";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { resolveDatabaseUrl } from "@/lib/env";
import { defaultJobHandlers } from "@/lib/jobs/default-handlers";
import { startWorker } from "@/lib/jobs/start-worker";

const log = (line: string) => console.log(`[worker] ${line}`);

async function main() {
  const url = resolveDatabaseUrl();
  await migrate({ connectionString: url, log });
  // Two connections: PGlite serves one query at a time and drops connections past its limit.
  const db = createDb(url, 2);
  // The first admin from ADMIN_* on this start path too (the web role does the same; the unique email index
  // lets whichever runs first create it). The setup token is the web role's business.
  await ensureFirstAdmin(db, { log });
  const worker = await startWorker(db, {
    url,
    handlers: defaultJobHandlers(db),
    schedule: process.env.WORKER_SCHEDULE !== "false",
    log,
  });
  log(`waiting for jobs on ${url.replace(/\/\/[^@]*@/, "//")}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log("stopping (the running job, if any, finishes or is released on the next start)");
    await worker.stop().catch(() => {});
    await db.$disconnect();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error) => {
  if (error instanceof FirstAdminConfigError) {
    console.error(`[worker] cannot start: ${error.message}`);
    process.exit(78);
  }
  console.error(`[worker] failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
