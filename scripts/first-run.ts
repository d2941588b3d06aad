/**
 * Runs before the image's web server (docker/entrypoint.sh) and in `npm start`: creates the first admin from
 * ADMIN_EMAIL / ADMIN_PASSWORD, or, while no admin exists, issues the one-time setup token that /setup asks for.
 * Exits 78 (EX_CONFIG) with a clear message when ADMIN_* are set but unusable, so a mistyped Secret stops the
 * rollout instead of leaving /setup to the first visitor.
 */
import { FirstAdminConfigError, prepareFirstRun } from "@/lib/auth/ensure-first-admin";
import { createDb } from "@/lib/db/client";
import { getEnv, resolveDatabaseUrl } from "@/lib/env";

const log = (line: string) => console.log(`[patternscope] ${line}`);

async function main() {
  const db = createDb(resolveDatabaseUrl(getEnv()), 1);
  try {
    await prepareFirstRun(db, { log });
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  if (error instanceof FirstAdminConfigError) {
    console.error(`[patternscope] cannot start: ${error.message}`);
    process.exit(78);
  }
  console.error(`[patternscope] first-run check failed (is the database migrated?): ${(error as Error).message}`);
  process.exit(1);
});
