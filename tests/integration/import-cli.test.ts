import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { writeXlsx } from "@/tests/helpers/write-xlsx";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const fixture = (name: string) => path.join(ROOT, "tests/fixtures/import", name);
const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the import CLI test");

async function cli(args: string[], databaseUrl: string) {
  try {
    const { stdout, stderr } = await run(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/import.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(!hasPostgres)("npm run import (CLI)", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresDatabase("ps_test_cli");
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("prints a usage message and exits 2 on bad arguments", async () => {
    const none = await cli([], t.url);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no file, directory or \.gz given[\s\S]*Usage: npm run import/);
    const badFormat = await cli([fixture("MSFT.csv"), "--format", "excel"], t.url);
    // (a missing path is reported the same way: "no such file or directory", exit 2)
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/unknown --format "excel"/);
  });

  it("imports, reports per file, exits 1 when a file is rejected, and reports unchanged on a second run", async () => {
    const first = await cli([fixture("long-messy.csv"), fixture("alphavantage-error.json")], t.url);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/long-messy\.csv \[long-csv\]\n {2}rows: 16 read, 10 kept, 8 fixed, 6 rejected\n {2}tickers: 2 \(2 created, 0 updated, 0 unchanged\)/);
    expect(first.stdout).toMatch(/missing close \(lines 8\)/);
    expect(first.stdout).toMatch(/alphavantage-error\.json[^\n]*\n {2}REJECTED: AlphaVantage returned a message instead of prices/);
    expect(first.stdout).toMatch(/Summary: 2 file\(s\), 1 rejected; tickers 2 created/);
    expect(first.stderr).toMatch(/1 file\(s\) rejected/);

    const second = await cli([fixture("long-messy.csv")], t.url);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/tickers: 2 \(0 created, 0 updated, 2 unchanged\)/);
  });

  it("imports an .xlsx sheet and says which sheet it read; refuses one with ambiguous dates, exit 1", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-cli-xlsx-"));
    try {
      const good = await writeXlsx(dir, "XLCLI.xlsx", "Daily", [["Date", "Close", "Volume"], [new Date("2024-03-01T00:00:00Z"), 5.5, 10], [new Date("2024-03-04T00:00:00Z"), 6, 20]]);
      const ok = await cli([good], t.url);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/XLCLI\.xlsx \[generic-csv\]\n {2}rows: 2 read, 2 kept, 0 fixed, 0 rejected\n {2}tickers: 1 \(1 created[^\n]*\n {2}detected: Excel sheet "Daily", decimal point, dates YYYY-MM-DD\n/);
      const bad = await writeXlsx(dir, "XLBAD.xlsx", "Daily", [["Date", "Close"], ["01/02/2024", 1]]);
      const refused = await cli([bad], t.url);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/XLBAD\.xlsx[^\n]*\n {2}REJECTED: dates like "01\/02\/2024" can be DD\/MM\/YYYY or MM\/DD\/YYYY/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
