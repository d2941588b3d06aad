/** npm run db:seed: imports the bundled sample data (vega-datasets) into the database npm start uses, once. */
import { openCliDatabase } from "@/lib/db/cli-database";
import { seedSampleData } from "@/lib/import/seed-sample-data";

const database = await openCliDatabase({ log: (line) => console.error(line) });
let exitCode = 0;
try {
  const result = await seedSampleData(database.db, { log: (line) => console.log(line) });
  console.log(
    result.imported > 0
      ? `Imported ${result.imported} sample ticker(s) (${result.skipped} already present).`
      : `Sample data already present (${result.skipped} tickers); nothing to do.`,
  );
} catch (error) {
  console.error(`db:seed: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await database.close();
}
process.exit(exitCode);
