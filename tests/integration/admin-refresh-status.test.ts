import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "@/lib/auth/create-user";
import { createSession } from "@/lib/auth/sessions";
import { refreshPricesHandler } from "@/lib/jobs/refresh-prices-handler";
import { runJob } from "@/lib/jobs/run-job";
import { addProviderSymbol } from "@/lib/providers/provider-symbols";
import { nextDailyRefresh } from "@/lib/providers/refresh-schedule";
import { callRoute, type RouteModule } from "@/tests/helpers/call-route";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
const FIXTURES = path.resolve(import.meta.dirname, "../../lib/providers/fixtures");

/** Yahoo and Stooq on 127.0.0.1 answering "no such symbol" (their recorded answers) for everything. */
function startRefusingProviders(): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const yahoo = (req.url ?? "").startsWith("/v8/finance/chart/");
    res.writeHead(yahoo ? 404 : 200, { "content-type": yahoo ? "application/json" : "text/plain" });
    res.end(fs.readFileSync(path.join(FIXTURES, yahoo ? "yahoo-not-found.json" : "stooq-no-data.txt")));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise((r) => server.close(() => r())) })),
  );
}

type Refresh = {
  schedule: string;
  nextRunAt: string;
  last: null | { jobId: string; state: string; byEmail: string | null; ok: number; failed: number; failures: { symbol: string; message: string }[]; finishedAt: string | null };
};

describe.each([
  ["pglite", createPgliteDatabase, false],
  ["postgres", createPostgresDatabase, !hasPostgres],
] as const)("GET /api/admin/providers reports the refresh status on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let providers: RouteModule;
  let cookie = "";
  let fake: Awaited<ReturnType<typeof startRefusingProviders>>;

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    fake = await startRefusingProviders();
    const admin = await createUser(t.db, { email: "admin@example.com", password: "admin-password-1", role: "admin" });
    cookie = `ps_session=${(await createSession(t.db, { userId: admin.id })).token}`;
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    providers = (await import("@/app/api/admin/providers/route")) as RouteModule;
  });
  afterAll(async () => {
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await fake?.close();
    await t?.drop();
  });

  it.skipIf(skip)("before any run: no last run, and the next one at the schedule's time", async () => {
    const before = new Date();
    const answer = await callRoute(providers, "GET", "/api/admin/providers", { cookie });
    const after = new Date();
    expect(answer.status).toBe(200);
    const refresh = answer.body.refresh as Refresh;
    expect(refresh.schedule).toBe("daily at 06:15 UTC");
    expect(refresh.last).toBeNull();
    // The schedule's next time, whichever side of 06:15 the call fell.
    expect([nextDailyRefresh(before).toISOString(), nextDailyRefresh(after).toISOString()]).toContain(refresh.nextRunAt);
  });

  it.skipIf(skip)("a run where every symbol failed reports 0 ok, 2 failed and each symbol's reason, though the job completed", async () => {
    await addProviderSymbol(t.db, { symbol: "NOPE", provider: "yahoo" });
    await addProviderSymbol(t.db, { symbol: "GONE", provider: "stooq" });
    const id = randomUUID();
    const state = await runJob(t.db, { id, kind: "refresh-prices", params: {}, handlers: { "refresh-prices": refreshPricesHandler(t.db, { baseUrls: { yahoo: fake.base, stooq: fake.base } }) } });
    expect(state).toBe("completed");

    const answer = await callRoute(providers, "GET", "/api/admin/providers", { cookie });
    const last = (answer.body.refresh as Refresh).last!;
    expect({ jobId: last.jobId, state: last.state, byEmail: last.byEmail, ok: last.ok, failed: last.failed }).toEqual({ jobId: id, state: "completed", byEmail: null, ok: 0, failed: 2 });
    expect(last.finishedAt).not.toBeNull();
    expect(last.failures.map((f) => f.symbol).sort()).toEqual(["GONE", "NOPE"]);
    for (const f of last.failures) expect(f.message.length, f.symbol).toBeGreaterThan(3);
    // The per-symbol rows say the same.
    const symbols = answer.body.symbols as { symbol: string; lastStatus: string | null }[];
    expect(symbols.map((s) => [s.symbol, s.lastStatus])).toEqual([
      ["GONE", "failed"],
      ["NOPE", "failed"],
    ]);
  });
});
