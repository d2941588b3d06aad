/** `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded database. */
import { openCliDatabase } from "@/lib/db/cli-database";

const log = (line: string) => console.log(`[migrate] ${line}`);

openCliDatabase({ log })
  .then(async (database) => {
    log("database is up to date");
    await database.close();
  })
  .catch((error) => {
    console.error(`[migrate] failed: ${(error as Error).message}`);
    process.exit(1);
  });
