import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "@/lib/auth/create-user";
import { createSession } from "@/lib/auth/sessions";
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

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    const admin = await createUser(t.db, { email: "admin@example.com", password: "admin-password-1", role: "admin" });
    cookie = `ps_session=${(await createSession(t.db, { userId: admin.id })).token}`;
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    upload = (await import("@/app/api/admin/upload/route")).POST as Handler;
    tickers = (await import("@/app/api/admin/tickers/route")).GET as Handler;
    remove = (await import("@/app/api/admin/tickers/[symbol]/route")).DELETE as Handler;
    audit = (await import("@/app/api/admin/audit/route")).GET as Handler;
  });
  afterAll(async () => {
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  const send = (handler: Handler, url: string, init: { method?: string; body?: BodyInit; params?: Record<string, string> } = {}) =>
    handler(new NextRequest(`${ORIGIN}${url}`, { method: init.method ?? "GET", headers: { cookie, origin: ORIGIN }, body: init.body }), { params: Promise.resolve(init.params ?? {}) });

  it.skipIf(skip)("refuses an upload over the cap with 413 even when it streams without a Content-Length", async () => {
    process.env.UPLOAD_MAX_MB = "1";
    try {
      const chunk = new Uint8Array(64 * 1024).fill(65);
      let sent = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += chunk.byteLength;
          if (sent > 8 * 1024 * 1024) controller.close();
          else controller.enqueue(chunk);
        },
      });
      const request = new NextRequest(`${ORIGIN}/api/admin/upload`, { method: "POST", headers: { cookie, origin: ORIGIN, "content-type": "multipart/form-data; boundary=x" }, body: endless, duplex: "half" } as unknown as ConstructorParameters<typeof NextRequest>[1]);
      const response = await upload(request, { params: Promise.resolve({}) });
      expect(response.status).toBe(413);
      expect((await response.json()).error.code).toBe("payload_too_large");
      // it stopped reading soon after the cap instead of buffering all 8 MB
      expect(sent).toBeLessThan(2 * 1024 * 1024);
    } finally {
      delete process.env.UPLOAD_MAX_MB;
    }
  });

  it.skipIf(skip)("imports uploads through the importer, streaming progress and a report per file", async () => {
    const form = new FormData();
    form.append("files", new File([CSV], "ACME.csv", { type: "text/csv" }));
    form.append("files", new File(["Exceeded the daily hits limit"], "BAD.csv", { type: "text/csv" }));
    const response = await send(upload, "/api/admin/upload", { method: "POST", body: form });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/ndjson/);
    const events = (await response.text()).trim().split("\n").map((l) => JSON.parse(l) as { type: string; report?: Record<string, unknown>; summary?: Record<string, unknown> });
    expect(events.some((e) => e.type === "progress")).toBe(true);
    const reports = events.filter((e) => e.type === "report").map((e) => e.report!);
    expect(reports.map((r) => [r.file, r.status, r.kept, r.rejected])).toEqual([
      ["ACME.csv", "ok", 3, 1],
      ["BAD.csv", "rejected", 0, 0],
    ]);
    expect(String(reports[1]!.message)).toMatch(/error message|message instead of prices/);
    expect(events.at(-1)).toMatchObject({ type: "done", summary: { rejectedFiles: 1, tickers: { created: 1 } } });

    const list = (await (await send(tickers, "/api/admin/tickers")).json()) as { tickers: { symbol: string; rows: number; first: string; last: string }[] };
    expect(list.tickers).toEqual([expect.objectContaining({ symbol: "ACME", rows: 3, first: "2024-01-02", last: "2024-01-05" })]);
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
});
