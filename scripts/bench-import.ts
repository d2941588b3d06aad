/**
 * Import benchmark: imports ../shared/data/all_stocks_5yr.csv.gz (619,040 rows) into a fresh temporary database
 * twice (the second import must change nothing), then generated files, each in a child process of its own, and
 * prints rows/s, CPU and the child's peak RSS: a long CSV of 25M rows (5,000 tickers x 5,000 days) sorted by
 * ticker, the same sorted by date (every ticker's rows interleaved: regrouped through temporary bucket files), and a
 * Polygon aggregates JSON of 25M minute bars of one ticker (~2.3 GB, stored in parts; the minutes of a day collapse to
 * one daily row, the later replacing the earlier).
 *   npm run bench:import                          # PostgreSQL at 127.0.0.1:5432 (temp database, dropped after)
 *   npm run bench:import -- --pglite              # in-memory PGlite over its pg socket, as `npm start` serves it
 *   npm run bench:import -- --file other.csv      # another file instead of the shared one
 *   npm run bench:import -- --rows 2000000        # smaller generated files (0: none)
 *   npm run bench:import -- --only json           # one generated file: by-ticker, by-date or json (repeatable)
 *   npm run bench:import -- --no-shared           # skip the shared file
 *   npm run bench:import -- --prisma              # write through Prisma instead of node-postgres (for comparison)
 */
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { importFiles } from "@/lib/import/import-files";
import { readTickerFile } from "@/lib/import/read-ticker-file";
import { createPgliteDatabase, createPostgresDatabase, type TestDatabase } from "@/tests/helpers/databases";

const { values } = parseArgs({
  options: {
    pglite: { type: "boolean", default: false },
    file: { type: "string", default: path.resolve(process.cwd(), "../shared/data/all_stocks_5yr.csv.gz") },
    rows: { type: "string", default: "25000000" },
    only: { type: "string", multiple: true },
    "no-shared": { type: "boolean", default: false },
    concurrency: { type: "string" },
    prisma: { type: "boolean", default: false },
    // Internal: the child process that imports one file (`--child FILE`); --once imports it once, with no parse-only run.
    child: { type: "string" },
    once: { type: "boolean", default: false },
  },
});

const count = (n: number) => n.toLocaleString("en-US");
const mb = (bytes: number) => `${count(Math.round(bytes / 1024 / 1024))} MB`;
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(" ");
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

/** Parses a file without storing it, to say how the import's time splits. */
async function parseOnly(file: string) {
  const t = performance.now();
  const opened = await readTickerFile({ file });
  if (!opened.ok) throw new Error(`${path.basename(file)} rejected: ${opened.report.message}`);
  let kept = 0;
  for await (const ticker of opened.tickers) kept += ticker.daily.length;
  const read = opened.report().read;
  const seconds = (performance.now() - t) / 1000;
  console.log(`${path.basename(file)}: parse only (both passes, nothing stored): ${count(read)} rows read, ${count(kept)} kept in ${seconds.toFixed(1)} s = ${count(Math.round(read / seconds))} rows read/s (load ${load()})`);
}

/** The child: parse alone, then import twice into a fresh database (once, with no parse-only run, with --once); peak RSS at the end. */
async function benchOneFile(file: string) {
  const concurrency = values.concurrency ? Number(values.concurrency) : values.pglite ? 1 : 2;
  const name = path.basename(file);
  if (!values.once) await parseOnly(file);

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
    for (const run of values.once ? ["first import"] : ["first import", "second import"]) {
      const server0 = values.pglite ? null : await serverCpuSeconds(database.db);
      const cpu0 = nodeCpuSeconds();
      const t = performance.now();
      const summary = await importFiles(database.db, { pool, paths: [file], concurrency });
      const seconds = (performance.now() - t) / 1000;
      const nodeCpu = nodeCpuSeconds() - cpu0;
      const server1 = server0 === null ? null : await serverCpuSeconds(database.db);
      const k = summary.tickers;
      console.log(
        `${name}: ${run} into ${target}: ${count(summary.rows.read)} rows read, ${count(summary.rows.kept)} kept, ${summary.files[0]?.tickers ?? 0} tickers ` +
          `(${k.created} created, ${k.updated} updated, ${k.unchanged} unchanged, ${k.failed} failed) in ${seconds.toFixed(1)} s ` +
          `= ${count(Math.round(summary.rows.read / seconds))} rows read/s (parse + store via ${values.prisma ? "Prisma" : "pg"}, concurrency ${concurrency}; load ${load()})`,
      );
      // On a shared machine wall time depends on what else runs; CPU time says what the import itself costs.
      const serverCpu = server0 !== null && server1 !== null ? server1 - server0 : null;
      console.log(`  cpu: node ${nodeCpu.toFixed(1)} s${serverCpu !== null ? `, postgres backends ${serverCpu.toFixed(1)} s` : " (PGlite runs inside this process)"}`);
    }
  } finally {
    await pool?.end();
    await database?.drop();
  }
  // ru_maxrss is in kilobytes: the most this process (parse, import, and PGlite with --pglite) ever held.
  console.log(`${name}: peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
}

/** A long CSV of `rows` rows: 5,000 tickers (fewer for a small file) with a random walk each, by ticker or by date. */
async function generateLongCsv(file: string, rows: number, interleaved: boolean) {
  const tickers = Math.max(1, Math.min(5000, Math.floor(rows / 1000)));
  const days = Math.ceil(rows / tickers);
  const dates: string[] = [];
  for (let d = new Date(Date.UTC(1990, 0, 1)); dates.length < days; d.setUTCDate(d.getUTCDate() + 1)) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) dates.push(d.toISOString().slice(0, 10));
  }
  const symbol = (i: number) => `G${String(i).padStart(4, "0")}`;
  const price = new Float64Array(tickers).fill(50);
  const out = fs.createWriteStream(file);
  let written = 0;
  let buffer = "date,open,high,low,close,volume,Name\n";
  const flush = async () => {
    if (!out.write(buffer)) await once(out, "drain");
    buffer = "";
  };
  const line = (i: number, date: string) => {
    const p = (price[i] = Math.max(1, price[i] * (1 + (Math.random() - 0.5) * 0.04)));
    buffer += `${date},${p.toFixed(2)},${(p * 1.01).toFixed(2)},${(p * 0.99).toFixed(2)},${p.toFixed(2)},${Math.floor(Math.random() * 1e6)},${symbol(i)}\n`;
    written++;
  };
  if (interleaved) {
    for (let d = 0; d < days && written < rows; d++) {
      for (let i = 0; i < tickers && written < rows; i++) line(i, dates[d]);
      if (buffer.length > 1 << 20) await flush();
    }
  } else {
    for (let i = 0; i < tickers && written < rows; i++) {
      for (let d = 0; d < days && written < rows; d++) line(i, dates[d]);
      if (buffer.length > 1 << 20) await flush();
    }
  }
  await flush();
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { tickers, bytes: fs.statSync(file).size };
}

/** A Polygon aggregates document of `rows` minute bars of one ticker (390 a trading day, from 1850 on). */
async function generatePolygonJson(file: string, rows: number) {
  const out = fs.createWriteStream(file);
  let buffer = `{"ticker":"GENJ","queryCount":${rows},"resultsCount":${rows},"adjusted":true,"results":[`;
  const flush = async () => {
    if (!out.write(buffer)) await once(out, "drain");
    buffer = "";
  };
  let p = 50;
  let day = Date.UTC(1850, 0, 1);
  for (let i = 0; i < rows; i++) {
    const minute = i % 390;
    if (minute === 0 && i > 0) day += 86_400_000 * (new Date(day).getUTCDay() === 5 ? 3 : 1);
    p = Math.max(1, p * (1 + (Math.random() - 0.5) * 0.002));
    buffer += `${i ? "," : ""}{"v":${Math.floor(Math.random() * 1e4)},"vw":${p.toFixed(4)},"o":${p.toFixed(2)},"c":${p.toFixed(2)},"h":${(p * 1.001).toFixed(2)},"l":${(p * 0.999).toFixed(2)},"t":${day + (870 + minute) * 60_000},"n":${1 + (i % 97)}}`;
    if (buffer.length > 1 << 20) await flush();
  }
  buffer += `],"status":"OK","request_id":"bench","count":${rows}}`;
  await flush();
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { tickers: 1, bytes: fs.statSync(file).size };
}

function runChild(file: string, once: boolean) {
  const args = ["tsx", "scripts/bench-import.ts", "--child", file, ...(once ? ["--once"] : [])];
  for (const flag of ["pglite", "prisma"] as const) if (values[flag]) args.push(`--${flag}`);
  if (values.concurrency) args.push("--concurrency", values.concurrency);
  const result = spawnSync("npx", args, { stdio: "inherit" });
  if (result.status !== 0) throw new Error(`bench:import: the import of ${file} failed (exit ${result.status})`);
}

if (values.child) {
  await benchOneFile(values.child);
} else {
  const file = values.file!;
  if (!fs.existsSync(file)) {
    console.error(`bench:import: ${file} not found (expected the shared data set next to the project)`);
    process.exit(1);
  }
  if (!values["no-shared"]) runChild(file, false);
  const rows = Number(values.rows);
  const kinds = values.only ?? ["by-ticker", "by-date", "json"];
  if (rows > 0) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-bench-import-"));
    try {
      for (const kind of kinds) {
        const generated = path.join(dir, kind === "json" ? `generated-${rows}-polygon-minutes.json` : `generated-${rows}-${kind}.csv`);
        const t = performance.now();
        const { tickers, bytes } = kind === "json" ? await generatePolygonJson(generated, rows) : await generateLongCsv(generated, rows, kind === "by-date");
        const what = kind === "json" ? "Polygon aggregates JSON, minute bars" : kind === "by-date" ? "long CSV sorted by date (interleaved)" : "long CSV sorted by ticker";
        console.log(`generated ${path.basename(generated)}: ${count(rows)} rows, ${count(tickers)} tickers, ${what}, ${mb(bytes)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        runChild(generated, true);
        fs.rmSync(generated, { force: true });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`machine: ${os.cpus().length} cores, load average ${load()}`);
}
