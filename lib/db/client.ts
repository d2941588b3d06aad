import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv, isEmbedded, resolveDatabaseUrl } from "@/lib/env";

export type Db = PrismaClient;

/**
 * Builds a Prisma client over node-postgres. PGlite answers one query at a time and drops connections past
 * its limit, so against it the pool stays small.
 * A database that stops answering (frozen, network black hole) must not hold requests forever: connecting gives
 * up after 3 s and a query after `queryTimeoutMs` (DB_QUERY_TIMEOUT_MS, default 30 s; 0 turns it off); the
 * error is mapped to 503 and the timed-out connection is dropped from the pool.
 */
export function createDb(url: string = resolveDatabaseUrl(), poolMax?: number, options: { queryTimeoutMs?: number } = {}): Db {
  const env = getEnv();
  const max = poolMax ?? env.DB_POOL_MAX ?? (isEmbedded(env) && url === resolveDatabaseUrl(env) ? 4 : 10);
  const queryTimeout = options.queryTimeoutMs ?? env.DB_QUERY_TIMEOUT_MS;
  const adapter = new PrismaPg({
    connectionString: url,
    max,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    ...(queryTimeout > 0 ? { query_timeout: queryTimeout } : {}),
  });
  return new PrismaClient({ adapter });
}
