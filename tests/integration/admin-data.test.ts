import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "@/lib/auth/create-user";
import { createSession } from "@/lib/auth/sessions";
import { importHandler } from "@/lib/jobs/import-handler";
import { getJob } from "@/lib/jobs/list-jobs";
import { startWorker, type Worker } from "@/lib/jobs/start-worker";
import { writeGzipBomb } from "@/tests/helpers/gzip-bomb";
import { writeXlsx } from "@/tests/helpers/write-xlsx";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ORIGIN = "http://localhost:3100";

const CSV = ["Date,Open,High,Low,Close,Volume", "2024-01-02,10,11,9,10.5,1000", "2024-01-03,10.5,12,10,11,1200", "2024-01-04,11,11.5,10.9,,900", "2024-01-05,11.2,11.4,10.8,11.1,1100"].join("\n");

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("data admin on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let cookie = "";
  let upload: Handler;
  let tickers: Handler;
  let remove: Handler;
  let audit: Handler;
  let worker: Worker | undefined;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, UPLOAD_MAX_MB: process.env.UPLOAD_MAX_MB };

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    // The route's fresh modules read these at their first use: the job queue lives in this test's database.
    process.env.DATABASE_URL = t.url;
    process.env.UPLOAD_MAX_MB = "8";
    const admin = await createUser(t.db, { email: "admin@example.com", password: "admin-password-1", role: "admin" });
    cookie = `ps_session=${(await createSession(t.db, { userId: admin.id })).token}`;
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    upload = (await import("@/app/api/admin/upload/route")).POST as Handler;
    tickers = (await import("@/app/api/admin/tickers/route")).GET as Handler;
    remove = (await import("@/app/api/admin/tickers/[symbol]/route")).DELETE as Handler;
    audit = (await import("@/app/api/admin/audit/route")).GET as Handler;
    // The worker the web process hands imports to (in production another process, maybe another pod).
    worker = await startWorker(t.db, { url: t.url, handlers: { import: importHandler(t.db) }, schedule: false, pollingIntervalSeconds: 0.5 });
  });
  afterAll(async () => {
    await worker?.stop();
    const holder = globalThis as { psClientBoss?: Promise<{ stop: (o: object) => Promise<void> }> };
    await (await holder.psClientBoss?.catch(() => undefined))?.stop({ graceful: false, wait: true });
    delete holder.psClientBoss;
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await t?.drop();
  });

  /** Uploads files through the route and waits for the import job it queues to end. */
  async function uploadAndWait(files: File[], fields: Record<string, string> = {}): Promise<Awaited<ReturnType<typeof getJob>>> {
    const form = new FormData();
    for (const f of files) form.append("files", f);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const response = await send(upload, "/api/admin/upload", { method: "POST", body: form });
    expect(response.status).toBe(202);
    const { jobId, files: stored } = (await response.json()) as { jobId: string; files: { name: string; size: number }[] };
    expect(stored.map((f) => [f.name, f.size])).toEqual(files.map((f) => [f.name, f.size]));
    for (let i = 0; i < 1200; i++) {
      const job = await getJob(t.db, { id: jobId });
      if (job.state !== "queued" && job.state !== "running") return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the import job did not finish");
  }

  const send = (handler: Handler, url: string, init: { method?: string; body?: BodyInit; params?: Record<string, string> } = {}) =>
    handler(new NextRequest(`${ORIGIN}${url}`, { method: init.method ?? "GET", headers: { cookie, origin: ORIGIN }, body: init.body }), { params: Promise.resolve(init.params ?? {}) });

  it.skipIf(skip)("refuses an upload over the cap with 413 even when it streams without a Content-Length", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(65);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new NextRequest(`${ORIGIN}/api/admin/upload`, { method: "POST", headers: { cookie, origin: ORIGIN, "content-type": "multipart/form-data; boundary=x" }, body: endless, duplex: "half" } as unknown as ConstructorParameters<typeof NextRequest>[1]);
    const response = await upload(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toEqual({ code: "payload_too_large", message: "Uploads are limited to 8 MB at once (UPLOAD_MAX_MB)" });
    // it stopped reading soon after the cap instead of taking all 64 MB
    expect(sent).toBeLessThan(10 * 1024 * 1024);
    expect(await t.db.$queryRaw`SELECT id FROM upload_file`).toEqual([]);
  });

  it.skipIf(skip)("refuses a body that is no multipart form, or holds no file, with 400", async () => {
    const json = await send(upload, "/api/admin/upload", { method: "POST", body: JSON.stringify({ files: [] }) });
    expect(json.status).toBe(400);
    expect((await json.json()).error.message).toMatch(/multipart\/form-data/);
    const form = new FormData();
    form.append("note", "no file here");
    const empty = await send(upload, "/api/admin/upload", { method: "POST", body: form });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error).toEqual({ code: "bad_request", message: "files: no file in the upload" });
  });

  it.skipIf(skip)("imports uploads in a background job, with progress steps and a report per file", async () => {
    const job = await uploadAndWait([new File([CSV], "ACME.csv", { type: "text/csv" }), new File(["Exceeded the daily hits limit"], "BAD.csv", { type: "text/csv" })]);
    expect(job).toMatchObject({ kind: "import", state: "completed", createdByEmail: "admin@example.com" });
    const reports = (job.result!.files as Record<string, unknown>[]);
    expect(reports.map((r) => [r.file, r.status, r.kept, r.rejected])).toEqual([
      ["ACME.csv", "ok", 3, 1],
      ["BAD.csv", "rejected", 0, 0],
    ]);
    expect(String(reports[1]!.message)).toMatch(/error message|message instead of prices/);
    expect(job.result).toMatchObject({ rejectedFiles: 1, tickers: { created: 1 } });
    expect(job.steps.map((s) => s.message)).toEqual(expect.arrayContaining(["ACME.csv: 3 of 4 rows kept, 1 ticker(s)", expect.stringMatching(/^BAD.csv: rejected: /)]));

    const list = (await (await send(tickers, "/api/admin/tickers")).json()) as { tickers: { symbol: string; rows: number; first: string; last: string }[] };
    expect(list.tickers).toEqual([expect.objectContaining({ symbol: "ACME", rows: 3, first: "2024-01-02", last: "2024-01-05" })]);
    // the stored copy of the upload is gone once imported
    expect(await t.db.$queryRaw`SELECT id FROM upload_file`).toEqual([]);
  });

  it.skipIf(skip)("deletes a ticker only with the typed confirmation, and audits who did it", async () => {
    const unconfirmed = await send(remove, "/api/admin/tickers/ACME?confirm=NOPE", { method: "DELETE", params: { symbol: "ACME" } });
    expect(unconfirmed.status).toBe(400);
    const missing = await send(remove, "/api/admin/tickers/ACME", { method: "DELETE", params: { symbol: "ACME" } });
    expect(missing.status).toBe(400);
    const ok = await send(remove, "/api/admin/tickers/ACME?confirm=acme", { method: "DELETE", params: { symbol: "ACME" } });
    expect(await ok.json()).toEqual({ symbol: "ACME", rows: 3 });
    const counts = await t.db.$queryRaw<{ n: number }[]>`SELECT (SELECT count(*) FROM ticker)::int + (SELECT count(*) FROM series_chunk)::int AS n`;
    expect(counts[0]!.n).toBe(0);
    expect((await send(remove, "/api/admin/tickers/ACME?confirm=ACME", { method: "DELETE", params: { symbol: "ACME" } })).status).toBe(404);
    const log = (await (await send(audit, "/api/admin/audit")).json()) as { entries: { userEmail: string; action: string; target: string }[] };
    expect(log.entries.map((e) => [e.userEmail, e.action, e.target])).toEqual([
      ["admin@example.com", "ticker.delete", "ACME"],
      ["admin@example.com", "data.upload", "ACME.csv, BAD.csv"],
    ]);
  });

  it.skipIf(skip)("a 1 GB-expanding gzip upload is rejected with a clear message; nothing stored changes, the other file imports", async () => {
    const fs = await import("node:fs");
    const bomb = new File([fs.readFileSync(await writeGzipBomb())], "BOMB.csv.gz");
    const before = await t.db.$queryRaw`SELECT t.symbol, c.year, c.rows::text, c.xmin::text FROM series_chunk c JOIN series s ON s.id = c.series_id JOIN ticker t ON t.id = s.ticker_id ORDER BY 1, 2`;
    const job = await uploadAndWait([bomb, new File([CSV], "BETA.csv")]);
    expect({ state: job.state, error: job.error }).toEqual({ state: "completed", error: null });
    const reports = job.result!.files as Record<string, unknown>[];
    expect(reports[0]).toMatchObject({ file: "BOMB.csv.gz", status: "rejected", message: expect.stringMatching(/refused as a possible gzip bomb, nothing imported/) });
    expect(reports[1]).toMatchObject({ file: "BETA.csv", status: "ok", kept: 3 });
    const after = await t.db.$queryRaw<{ symbol: string }[]>`SELECT t.symbol, c.year, c.rows::text, c.xmin::text FROM series_chunk c JOIN series s ON s.id = c.series_id JOIN ticker t ON t.id = s.ticker_id ORDER BY 1, 2`;
    expect(after.filter((r) => r.symbol !== "BETA")).toEqual(before);
    expect(await t.db.$queryRaw`SELECT id FROM upload_file`).toEqual([]);
  });

  it.skipIf(skip)("takes the date format of files whose dates cannot tell, and refuses an unknown one with 400", async () => {
    const ambiguous = ["Date,Open,High,Low,Close,Volume", "01/02/2024,10,11,9,10.5,1000", "02/02/2024,10.5,12,10,11,1200"].join("\n");
    const refused = await uploadAndWait([new File([ambiguous], "AMBI.csv")]);
    expect((refused.result!.files as Record<string, unknown>[])[0]).toMatchObject({ status: "rejected", message: expect.stringMatching(/pass --date-format DD\/MM\/YYYY or --date-format MM\/DD\/YYYY/) });
    const told = await uploadAndWait([new File([ambiguous], "AMBI.csv")], { dateFormat: "DD/MM/YYYY" });
    expect((told.result!.files as Record<string, unknown>[])[0]).toMatchObject({ status: "ok", kept: 2, dialect: expect.objectContaining({ dateFormat: "DD/MM/YYYY" }) });
    const list = (await (await send(tickers, "/api/admin/tickers")).json()) as { tickers: { symbol: string; first: string; last: string }[] };
    expect(list.tickers.find((x) => x.symbol === "AMBI")).toMatchObject({ first: "2024-02-01", last: "2024-02-02" });

    const form = new FormData();
    form.append("dateFormat", "YY/DD/MM");
    form.append("files", new File([ambiguous], "AMBI.csv"));
    const bad = await send(upload, "/api/admin/upload", { method: "POST", body: form });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^dateFormat: one of YYYY-MM-DD/);
  });

  it.skipIf(skip)("imports an .xlsx upload from its first sheet and reports the sheet it read", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-upload-xlsx-"));
    try {
      const file = await writeXlsx(dir, "XLUP.xlsx", "Prices 2024", [["Date", "Close", "Volume"], [new Date("2024-04-01T00:00:00Z"), 20, 5], [new Date("2024-04-02T00:00:00Z"), 21, 6]]);
      const job = await uploadAndWait([new File([fs.readFileSync(file)], "XLUP.xlsx")]);
      expect({ state: job.state, error: job.error }).toEqual({ state: "completed", error: null });
      expect((job.result!.files as Record<string, unknown>[])[0]).toMatchObject({ file: "XLUP.xlsx", status: "ok", kept: 2, dialect: expect.objectContaining({ sheet: "Prices 2024" }) });
      const list = (await (await send(tickers, "/api/admin/tickers")).json()) as { tickers: { symbol: string; first: string; last: string }[] };
      expect(list.tickers.find((x) => x.symbol === "XLUP")).toMatchObject({ first: "2024-04-01", last: "2024-04-02" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
