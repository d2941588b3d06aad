import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFiles } from "@/lib/import/import-files";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres ticker name runs");

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/import");

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("names of imported tickers on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    if (skip) return;
    t = await create();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-ticker-names-"));
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)("takes the name a provider document gives (Yahoo chart meta, fundamentals metadata), finds the ticker by it, and keeps it when a nameless file follows", async () => {
    const { listTickers } = await import("@/lib/tickers/list-tickers");
    // The Yahoo document streamed in parts of 2 rows: every part carries the name.
    await importFiles(t.db, { paths: [path.join(FIXTURES, "yahoo-chart.json"), path.join(FIXTURES, "fundamentals.json")], partRows: 2 });
    expect((await listTickers(t.db, { q: "nvidia" })).map((x) => [x.symbol, x.name, x.exchange, x.currency])).toEqual([["NVDA", "NVIDIA Corporation", "NasdaqGS", "USD"]]);
    expect((await listTickers(t.db, { q: "acme corp" })).map((x) => [x.symbol, x.name])).toEqual([["ACME", "Acme Corp"]]);

    // New days for NVDA from files that carry no name: the provider's name stays.
    const csv = path.join(dir, "NVDA.csv");
    fs.writeFileSync(csv, "Date,Open,High,Low,Close,Volume\n2030-01-02,10,11,9,10.5,100\n");
    const polygon = path.join(dir, "polygon.json");
    fs.writeFileSync(polygon, JSON.stringify({ ticker: "NVDA", resultsCount: 1, results: [{ o: 10, h: 11, l: 9, c: 10.6, v: 100, t: Date.UTC(2030, 0, 3) }] }));
    const summary = await importFiles(t.db, { paths: [csv, polygon] });
    expect(summary.files.map((f) => [f.status, f.updated])).toEqual([["ok", 1], ["ok", 1]]);
    expect((await listTickers(t.db, { q: "NVIDIA" })).map((x) => [x.symbol, x.name])).toEqual([["NVDA", "NVIDIA Corporation"]]);
  });
});
