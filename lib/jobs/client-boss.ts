import "server-only";
import type PgBoss from "pg-boss";
import { startBoss } from "@/lib/jobs/boss";
import { resolveDatabaseUrl } from "@/lib/env";

const globalBoss = globalThis as unknown as { psClientBoss?: Promise<PgBoss> };

/** The web process's pg-boss client (send/cancel only), started on first use and kept for the process. */
export function getClientBoss(): Promise<PgBoss> {
  globalBoss.psClientBoss ??= startBoss({ url: resolveDatabaseUrl(), role: "client", log: (l) => console.warn(`[jobs] ${l}`) }).catch((error) => {
    globalBoss.psClientBoss = undefined;
    throw error;
  });
  return globalBoss.psClientBoss;
}
