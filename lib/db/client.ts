import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv, isEmbedded, resolveDatabaseUrl } from "@/lib/env";

export type Db = PrismaClient;

/**
 * Builds a Prisma client over node-postgres. PGlite answers one query at a time and drops connections past
 * its limit, so against it the pool stays small.
 */
export function createDb(url: string = resolveDatabaseUrl(), poolMax?: number): Db {
  const env = getEnv();
  const max = poolMax ?? env.DB_POOL_MAX ?? (isEmbedded(env) && url === resolveDatabaseUrl(env) ? 4 : 10);
  const adapter = new PrismaPg({
    connectionString: url,
    max,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}
