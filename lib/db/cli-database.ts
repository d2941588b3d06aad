import { createDb, type Db } from "@/lib/db/client";
import { startEmbeddedDatabase, type EmbeddedServer } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";

export type CliDatabase = { db: Db; url: string; close: () => Promise<void> };

/**
 * The database a CLI uses: DATABASE_URL when set, else the embedded PGlite that `npm start` serves (reused when
 * it is running, started in-process on the same data folder when not). Migrations are applied first.
 */
export async function openCliDatabase(options: { log?: (line: string) => void } = {}): Promise<CliDatabase> {
  const env = getEnv();
  let embedded: EmbeddedServer | undefined;
  let url = env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedDatabase({ dataDir: env.PGLITE_DIR, port: env.PGLITE_PORT, log: options.log });
    url = embedded.url;
  }
  await migrate({ connectionString: url, log: options.log });
  const db = createDb(url, embedded ? 2 : 4);
  return {
    db,
    url,
    close: async () => {
      await db.$disconnect();
      await embedded?.stop();
    },
  };
}
