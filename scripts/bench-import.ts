/**
 * Import benchmark: parses and stores ../shared/data/all_stocks_5yr.csv.gz (619,040 rows) into a fresh temporary
 * database and prints rows/s end to end, then imports it again (nothing may change) and prints that too.
 *   npm run bench:import                      # PostgreSQL at 127.0.0.1:5432 (temp database, dropped after)
 *   npm run bench:import -- --pglite          # in-memory PGlite over its pg socket, as `npm start` serves it
 *   npm run bench:import -- --file other.csv  # another file
 *   npm run bench:import -- --prisma          # write through Prisma instead of node-postgres (for comparison)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { importFiles } from "@/lib/import/import-files";
import { parseFileContent } from "@/lib/import/parse-file-content";
import { createPgliteDatabase, createPostgresDatabase, type TestDatabase } from "@/tests/helpers/databases";

const { values } = parseArgs({
  options: {
    pglite: { type: "boolean", default: false },
    file: { type: "string", default: path.resolve(process.cwd(), "../shared/data/all_stocks_5yr.csv.gz") },
    concurrency: { type: "string" },
    prisma: { type: "boolean", default: false },
  },
});
const file = values.file!;
if (!fs.existsSync(file)) {
  console.error(`bench:import: ${file} not found (expected the shared data set next to the project)`);
  process.exit(1);
}

const count = (n: number) => n.toLocaleString("en-US");
const nodeCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * CPU seconds used so far by the server processes of this database (local PostgreSQL only, via /proc). The write
 * pool's connections are opened before the first run and kept, so every backend that works is counted.
 */
async function serverCpuSeconds(db: TestDatabase["db"]): Promise<number | null> {
  const pids = await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  let ticks = 0;
  for (const { pid } of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }
  return ticks / 100;
}
const concurrency = values.concurrency ? Number(values.concurrency) : values.pglite ? 1 : 2;

// Parse alone, to say how the end-to-end time splits.
let t = performance.now();
const parsed = parseFileContent({ file, content: fs.readFileSync(file) });
const parseSeconds = (performance.now() - t) / 1000;
console.log(`parse only: ${count(parsed.report.kept)} rows in ${parseSeconds.toFixed(2)} s = ${count(Math.round(parsed.report.kept / parseSeconds))} rows/s`);

const target = values.pglite ? "PGlite (in-memory, pg socket)" : "PostgreSQL 127.0.0.1:5432 (fresh temp database)";
let database: TestDatabase | undefined;
let pool: pg.Pool | undefined;
try {
  database = values.pglite ? await createPgliteDatabase() : await createPostgresDatabase("ps_bench");
  if (!values.prisma) {
    pool = new pg.Pool({ connectionString: database.url, max: concurrency, idleTimeoutMillis: 0 });
    const clients = await Promise.all(Array.from({ length: concurrency }, () => pool!.connect()));
    for (const c of clients) c.release();
  }
  for (const run of ["first import", "second import"]) {
    const server0 = values.pglite ? null : await serverCpuSeconds(database.db);
    const cpu0 = nodeCpuSeconds();
    t = performance.now();
    const summary = await importFiles(database.db, { pool, paths: [file], concurrency });
    const seconds = (performance.now() - t) / 1000;
    const nodeCpu = nodeCpuSeconds() - cpu0;
    const server1 = server0 === null ? null : await serverCpuSeconds(database.db);
    const k = summary.tickers;
    console.log(
      `${run} into ${target}: ${count(summary.rows.kept)} rows, ${summary.files[0]?.tickers ?? 0} tickers ` +
        `(${k.created} created, ${k.updated} updated, ${k.unchanged} unchanged, ${k.failed} failed) in ${seconds.toFixed(2)} s ` +
        `= ${count(Math.round(summary.rows.kept / seconds))} rows/s (parse + store via ${values.prisma ? "Prisma" : "pg"}, concurrency ${concurrency})`,
    );
    // On a shared machine wall time depends on what else runs; CPU time says what the import itself costs.
    const serverCpu = server0 !== null && server1 !== null ? server1 - server0 : null;
    console.log(
      `  cpu: node ${nodeCpu.toFixed(1)} s${serverCpu !== null ? `, postgres backends ${serverCpu.toFixed(1)} s` : " (PGlite runs inside this process)"}`,
    );
  }
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
} finally {
  await pool?.end();
  await database?.drop();
}
