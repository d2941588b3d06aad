import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFiles } from "@/lib/import/import-files";
import { storeTicker } from "@/lib/import/store-ticker";
import type { ParsedTicker } from "@/lib/import/types";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { makeDailyRows } from "@/tests/helpers/seed-rows";
import { createClusterDatabase, startThrowawayCluster, throwawayClusterAvailable, type ThrowawayCluster } from "@/tests/helpers/throwaway-cluster";

const ROOT = path.resolve(import.meta.dirname, "../..");
const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres import fault runs");

const TICKERS = 160;
const ROWS = 1500;
const symbolOf = (i: number) => `K${String(i).padStart(3, "0")}`;

/** A long CSV of TICKERS tickers x ROWS clean daily rows (about 13 MB): a few seconds of importing. */
function writeBigCsv(file: string) {
  const lines = ["date,open,high,low,close,volume,Name"];
  for (let i = 0; i < TICKERS; i++) {
    for (const [t, o, h, l, c, v] of makeDailyRows("2010-01-04", ROWS, i + 1)) lines.push(`${t},${o},${h},${l},${c},${v},${symbolOf(i)}`);
  }
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
}

/**
 * Every stored ticker is whole: a document, a daily series whose count matches the file, chunks whose counts
 * add up to it and hold exactly that many rows with unique dates. Returns the stored symbols.
 */
async function checkConsistent(url: string, expectedRows: (symbol: string) => number): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ symbol: string; docs: number; series: number; count: number | null; chunk_count: number | null; stored: number | null; dates: number | null }>(`
      SELECT t.symbol,
             (SELECT count(*)::int FROM ticker_document d WHERE d.ticker_id = t.id) AS docs,
             (SELECT count(*)::int FROM series s WHERE s.ticker_id = t.id) AS series,
             s.count,
             (SELECT sum(c.count)::int FROM series_chunk c WHERE c.series_id = s.id) AS chunk_count,
             (SELECT sum(jsonb_array_length(c.rows))::int FROM series_chunk c WHERE c.series_id = s.id) AS stored,
             (SELECT count(DISTINCT r.value->>0)::int FROM series_chunk c, jsonb_array_elements(c.rows) r WHERE c.series_id = s.id) AS dates
      FROM ticker t LEFT JOIN series s ON s.ticker_id = t.id AND s.name = 'daily'
      ORDER BY t.symbol`);
    for (const r of rows) {
      const want = expectedRows(r.symbol);
      expect({ symbol: r.symbol, hasDocument: r.docs >= 1, series: r.series, count: r.count, chunkCount: r.chunk_count, stored: r.stored, dates: r.dates }).toEqual({
        symbol: r.symbol, hasDocument: true, series: 1, count: want, chunkCount: want, stored: want, dates: want,
      });
    }
    const orphans = await client.query<{ n: number }>(`
      SELECT (SELECT count(*) FROM series s WHERE NOT EXISTS (SELECT 1 FROM ticker t WHERE t.id = s.ticker_id))
           + (SELECT count(*) FROM series_chunk c WHERE NOT EXISTS (SELECT 1 FROM series s WHERE s.id = c.series_id)) AS n`);
    expect(Number(orphans.rows[0].n)).toBe(0);
    return rows.map((r) => r.symbol);
  } finally {
    await client.end();
  }
}

/**
 * Runs the import CLI as one process (node --import tsx; the tsx binary would run it in a child that outlives a
 * SIGKILL of the wrapper); resolves when it exits, with its exit code or signal and output.
 */
function startCli(file: string, databaseUrl: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/import.ts", file], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

async function countTickers(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: number }>("SELECT count(*)::int AS n FROM ticker")).rows[0].n);
  } finally {
    await client.end();
  }
}

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("an import killed mid-way on %s", (kind, create, skip) => {
  let t: TestDatabase;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    if (skip) return;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-import-kill-"));
    file = path.join(dir, "big.csv");
    writeBigCsv(file);
    t = await create();
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)("leaves only whole tickers after SIGKILL, and a re-run completes them all", async () => {
    const { child, exited } = startCli(file, t.url);
    // Kill once some tickers are committed and others are not (the CLI stores them one transaction each).
    const deadline = Date.now() + 90_000;
    let stored = 0;
    while (Date.now() < deadline && child.exitCode === null) {
      stored = await countTickers(t.url).catch(() => 0);
      if (stored >= 5) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill("SIGKILL");
    const killed = await exited;
    expect(killed.signal, `the import finished before it could be killed (${stored} tickers seen)\n${killed.stderr}`).toBe("SIGKILL");

    const partial = await checkConsistent(t.url, () => ROWS);
    console.log(`[faults] ${kind}: killed the import with ${partial.length} of ${TICKERS} tickers stored, every one whole`);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(TICKERS);

    const rerun = await startCli(file, t.url).exited;
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`tickers: ${TICKERS} \\(${TICKERS - partial.length} created, 0 updated, ${partial.length} unchanged\\)`));
    const all = await checkConsistent(t.url, () => ROWS);
    expect(all).toEqual(Array.from({ length: TICKERS }, (_, i) => symbolOf(i)));
  }, 180_000); // two CLI runs of 240,000 rows: generous on a busy CI machine
});

const clusterMissing = await throwawayClusterAvailable();
// Below the ephemeral range (32768-60999), so no client socket of another test can hold the port when it starts.
const CRASH_PORT = Number(process.env.FAULT_IMPORT_PG_PORT ?? 24434);

describe.skipIf(clusterMissing !== null)("the database server crashing under an import (throwaway PostgreSQL)", () => {
  let cluster: ThrowawayCluster;
  let url: string;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-import-crash-"));
    file = path.join(dir, "big.csv");
    writeBigCsv(file);
    cluster = await startThrowawayCluster({ port: CRASH_PORT });
    url = await createClusterDatabase(cluster, "crash");
  });
  afterAll(async () => {
    await cluster?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the CLI exits 1 with a message instead of hanging; after the restart every stored ticker is whole and a re-run completes", async () => {
    const { child, exited } = startCli(file, url);
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && child.exitCode === null) {
      if ((await countTickers(url).catch(() => 0)) >= 5) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    // A crash as clients see it: connections cut, commits made with synchronous_commit off may be lost.
    await cluster.stop("immediate");
    const result = await exited;
    expect(result.signal).toBeNull();
    expect(result.code, result.stdout + result.stderr).toBe(1);
    // "import: <the connection error>", not an uncaught 'error' event of a pg client.
    expect(result.stderr, result.stderr.slice(-1500)).toMatch(/^import: .*(ECONNREFUSED|terminat|Connection)/m);
    expect(result.stderr).not.toMatch(/Unhandled 'error' event/);
    await cluster.start();
    const partial = await checkConsistent(url, () => ROWS);
    console.log(`[faults] server crash: ${partial.length} of ${TICKERS} tickers survived the crash, every one whole`);
    expect(partial.length).toBeLessThan(TICKERS);
    const rerun = await startCli(file, url).exited;
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await checkConsistent(url, () => ROWS)).toHaveLength(TICKERS);
  }, 180_000); // two CLI runs of 240,000 rows: generous on a busy CI machine
});

function parsedTicker(symbol: string, rows: ReturnType<typeof makeDailyRows>, name: string): ParsedTicker {
  const daily = rows.map(([d, o, h, l, c, v]) => [d, o, h, l, c as number, v] as ParsedTicker["daily"][number]);
  return {
    symbol,
    name,
    metadata: {},
    document: { header: ["date", "open", "high", "low", "close", "volume"], rows: daily },
    daily,
    scalars: [],
    report: { read: daily.length, kept: daily.length, fixed: 0, rejected: 0, fixes: {}, rejections: {} },
  };
}

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("two imports of one ticker at the same time on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let pools: pg.Pool[] = [];
  beforeAll(async () => {
    if (skip) return;
    t = await create();
    pools = [new pg.Pool({ connectionString: t.url, max: 1 }), new pg.Pool({ connectionString: t.url, max: 1 })];
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await t?.drop();
  });

  it.skipIf(skip)("a new ticker written by two connections at once ends as one ticker, no duplicate rows, both succeed", async () => {
    const rows = makeDailyRows("2012-01-02", 900, 7);
    const results = await Promise.all(pools.map((pool) => storeTicker(pool, parsedTicker("DUO", rows, "Duo Inc"), { source: "a.csv", format: "long-csv" })));
    expect(results.map((r) => r.status).sort()).toEqual(["created", "unchanged"]);
    expect(await checkConsistent(t.url, () => 900)).toEqual(["DUO"]);
  });

  it.skipIf(skip)("two overlapping histories written at once are merged, neither is lost", async () => {
    const all = makeDailyRows("2013-01-01", 1000, 11);
    const early = all.slice(0, 600);
    const late = all.slice(400);
    const results = await Promise.all([
      storeTicker(pools[0], parsedTicker("MIX", early, "Mix"), { source: "early.csv", format: "long-csv" }),
      storeTicker(pools[1], parsedTicker("MIX", late, "Mix"), { source: "late.csv", format: "long-csv" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["created", "updated"]);
    // Two documents (two different files) and the union of their rows.
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    const docs = await client.query("SELECT count(*)::int AS n FROM ticker_document d JOIN ticker t ON t.id = d.ticker_id WHERE t.symbol = 'MIX'");
    const series = await client.query(`SELECT s.count, to_char(s.first, 'YYYY-MM-DD') AS first, to_char(s.last, 'YYYY-MM-DD') AS last,
        (SELECT sum(jsonb_array_length(c.rows))::int FROM series_chunk c WHERE c.series_id = s.id) AS stored
      FROM series s JOIN ticker t ON t.id = s.ticker_id WHERE t.symbol = 'MIX'`);
    await client.end();
    expect(docs.rows[0].n).toBe(2);
    expect(series.rows).toEqual([{ count: 1000, first: all[0][0], last: all.at(-1)![0], stored: 1000 }]);
  });

  it.skipIf(skip)("two CLI-style imports of the same file at once (importFiles on separate pools) end consistent", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-import-race-"));
    try {
      const lines = ["date,open,high,low,close,volume,Name"];
      for (const sym of ["RA", "RB", "RC", "RD"]) for (const [d, o, h, l, c, v] of makeDailyRows("2011-01-03", 700, sym.charCodeAt(1))) lines.push(`${d},${o},${h},${l},${c},${v},${sym}`);
      const csv = path.join(dir, "race.csv");
      fs.writeFileSync(csv, `${lines.join("\n")}\n`);
      const runs = await Promise.all(pools.map((pool) => importFiles(t.db, { pool, paths: [csv], concurrency: 1 })));
      for (const r of runs) expect(r.tickers.failed, JSON.stringify(r.files[0].failed)).toBe(0);
      expect(runs.reduce((n, r) => n + r.tickers.created, 0)).toBe(4);
      const symbols = await checkConsistent(t.url, (s) => (["RA", "RB", "RC", "RD"].includes(s) ? 700 : s === "DUO" ? 900 : 1000));
      expect(symbols.filter((s) => s.startsWith("R"))).toEqual(["RA", "RB", "RC", "RD"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
