import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importHandler } from "@/lib/jobs/import-handler";
import { JobCancelledError, type JobStep } from "@/lib/jobs/types";
import { storeUpload } from "@/lib/import/uploads";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

const csv = (base: number) => ["Date,Open,High,Low,Close,Volume", ...[2, 3, 4].map((d) => `2024-01-0${d},${base},${base + 1},${base - 1},${base + 0.5},1000`)].join("\n");

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("the import job's progress reports on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    if (skip) return;
    t = await create();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-import-handler-"));
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function upload(names: string[]): Promise<string> {
    const files = names.map((name, i) => {
      const file = path.join(dir, `${name}.csv`);
      fs.writeFileSync(file, csv(10 + i));
      return { name: `${name}.csv`, path: file, size: fs.statSync(file).size };
    });
    return storeUpload(t.db, files);
  }

  it.skipIf(skip)("a report that fails (the job was cancelled) stops the later reports and fails the job once the import returns", async () => {
    const uploadId = await upload(["ONE", "TWO", "THREE"]);
    const sent: JobStep[] = [];
    const run = importHandler(t.db)({
      jobId: "job-1",
      params: { uploadId },
      log: () => {},
      throwIfCancelled: async () => {},
      report: async (step) => {
        sent.push(step);
        if (sent.length === 2) throw new JobCancelledError();
      },
    });
    await expect(run).rejects.toBeInstanceOf(JobCancelledError);
    expect(sent).toHaveLength(2);
    // the import itself ran to its end: every file's rows are stored, and the stored upload is removed
    const stored = await t.db.$queryRaw<{ symbol: string }[]>`SELECT symbol FROM ticker ORDER BY symbol`;
    expect(stored.map((r) => r.symbol)).toEqual(["ONE", "THREE", "TWO"]);
    expect(await t.db.$queryRaw`SELECT id FROM upload_file WHERE upload_id = ${uploadId}`).toEqual([]);
  });

  it.skipIf(skip)("an import that fails after a failed report fails the job with its own error, and leaves no rejection unhandled", async () => {
    const uploadId = await upload(["FIVE", "SIX"]);
    let calls = 0;
    const run = importHandler(t.db)({
      jobId: "job-3",
      params: { uploadId },
      log: () => {},
      throwIfCancelled: async () => {},
      report: async () => {
        calls += 1;
        if (calls > 1) return;
        // The second file vanishes from the import's temp folder while the first is read, so the import throws.
        for (const folder of fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("ps-import-"))) {
          fs.rmSync(path.join(os.tmpdir(), folder, "1", "SIX.csv"), { force: true });
        }
        throw new Error("the database went away");
      },
    });
    await expect(run).rejects.toThrow(/ENOENT/);
    expect(calls).toBe(1);
  });

  it.skipIf(skip)("with every report stored, the job's result is the importer's summary", async () => {
    const uploadId = await upload(["FOUR"]);
    const sent: JobStep[] = [];
    const result = await importHandler(t.db)({ jobId: "job-2", params: { uploadId }, log: () => {}, throwIfCancelled: async () => {}, report: async (s) => void sent.push(s) });
    expect(result).toMatchObject({ files: [expect.objectContaining({ file: "FOUR.csv", status: "ok", kept: 3 })] });
    expect(sent.at(-1)?.message).toBe("FOUR.csv: 3 of 3 rows kept, 1 ticker(s)");
  });
});
