import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "@/lib/auth/create-user";
import { createSession } from "@/lib/auth/sessions";
import { startBoss } from "@/lib/jobs/boss";
import { createSavedSearch } from "@/lib/saved-searches/create-saved-search";
import { rerunSavedSearches } from "@/lib/saved-searches/rerun-saved-searches";
import { MAX_SAVED_SEARCHES } from "@/lib/saved-searches/saved-search-schema";
import { runSavedSearch, type RunSearch } from "@/lib/saved-searches/run-saved-search";
import type { Match } from "@/lib/search/types";
import { REFRESH_CHECK_MS } from "@/lib/search-server/get-search-index";
import { runSearchRequest } from "@/lib/search-server/run-search-request";
import { verifyWebhookSignature, WEBHOOK_HEADERS } from "@/lib/webhooks/sign-webhook";
import { enqueueWebhook, ensureWebhookQueue, workWebhooks } from "@/lib/webhooks/webhook-queue";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";

const hasPostgres = await postgresAvailable();

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Routes = { list: { GET: Handler; POST: Handler }; one: { GET: Handler; DELETE: Handler }; seen: { POST: Handler } };

const match = (symbol: string, start: string, end: string): Match => ({ symbol, start, end, length: 5, distance: 0, score: 1, forward: { days: 20, return: null } });

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("saved searches on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let routes: Routes;
  let boss: PgBoss;
  let alice = "", bob = "";
  const saved = { ...process.env };
  const deliveries: { body: string; valid: (secret: string) => boolean }[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const timestamp = req.headers[WEBHOOK_HEADERS.timestamp] as string, signature = req.headers[WEBHOOK_HEADERS.signature] as string;
      deliveries.push({ body, valid: (secret) => verifyWebhookSignature({ secret, timestamp, signature, body }) });
      res.end("ok");
    });
  });
  let hook = "";

  beforeAll(async () => {
    if (skip) return;
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    t = await create();
    await insertDailySeries(t.db, "AAA", makeDailyRows("2014-01-01", 300, 3));
    await insertDailySeries(t.db, "BBB", makeDailyRows("2014-01-01", 300, 5));
    const a = await createUser(t.db, { email: "alice@example.com", password: "alice-password-1", role: "investor" });
    const b = await createUser(t.db, { email: "bob@example.com", password: "bob-password-12", role: "investor" });
    alice = `ps_session=${(await createSession(t.db, { userId: a.id })).token}`;
    bob = `ps_session=${(await createSession(t.db, { userId: b.id })).token}`;
    process.env.SEARCH_RATE_LIMIT = "0";
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    routes = {
      list: (await import("@/app/api/saved-searches/route")) as unknown as Routes["list"],
      one: (await import("@/app/api/saved-searches/[id]/route")) as unknown as Routes["one"],
      seen: (await import("@/app/api/saved-searches/[id]/seen/route")) as unknown as Routes["seen"],
    };
    boss = await startBoss({ url: t.url, role: "worker" });
    await ensureWebhookQueue(boss, { attempts: 2, retryDelaySeconds: 1 });
    await workWebhooks(t.db, { boss, allowPrivate: true, pollingIntervalSeconds: 0.5 });
  });
  afterAll(async () => {
    process.env = saved;
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await boss?.stop({ graceful: false, wait: true, timeout: 5000 });
    await t?.drop();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const call = async (handler: Handler, { method = "GET", cookie, body, id }: { method?: string; cookie?: string; body?: unknown; id?: string }) => {
    const url = `http://localhost/api/saved-searches${id ? `/${id}` : ""}`;
    const headers: Record<string, string> = { origin: "http://localhost", "content-type": "application/json" };
    if (cookie) headers.cookie = cookie;
    const response = await handler(new NextRequest(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), { params: Promise.resolve<Record<string, string>>(id ? { id } : {}) });
    return { status: response.status, json: response.status === 204 ? null : await response.json() };
  };

  it.skipIf(skip)("saves a search per user, refuses strangers, and shows new matches after new data, with a signed webhook", async () => {
    const body = { name: "two green days", request: { query: { type: "sequence", pattern: "GG" }, topK: 5 }, webhookUrl: hook };
    expect((await call(routes.list.POST, { method: "POST", body })).status).toBe(401);
    // a loopback webhook is refused unless WEBHOOK_ALLOW_PRIVATE allows it
    delete process.env.WEBHOOK_ALLOW_PRIVATE;
    const refused = await call(routes.list.POST, { method: "POST", cookie: alice, body });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/127\.0\.0\.1, a private, loopback or reserved address/);
    expect((await call(routes.list.POST, { method: "POST", cookie: alice, body: { ...body, request: { query: { type: "sequence", pattern: "GG" }, method: "model" } } })).status).toBe(400);
    process.env.WEBHOOK_ALLOW_PRIVATE = "1";

    const created = await call(routes.list.POST, { method: "POST", cookie: alice, body });
    expect(created.status).toBe(201);
    const id = created.json.savedSearch.id as string;
    const secret = created.json.webhookSecret as string;
    expect(secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    expect(created.json.savedSearch).toMatchObject({ name: "two green days", matches: 5, newSinceSeen: 0, webhookUrl: hook });
    expect(JSON.stringify((await call(routes.list.GET, { cookie: alice })).json)).not.toContain(secret);

    // Bob sees nothing of Alice's
    expect((await call(routes.list.GET, { cookie: bob })).json).toEqual({ savedSearches: [] });
    expect((await call(routes.one.GET, { cookie: bob, id })).status).toBe(404);
    expect((await call(routes.one.DELETE, { method: "DELETE", cookie: bob, id })).status).toBe(404);
    expect((await call(routes.seen.POST, { method: "POST", cookie: bob, id })).status).toBe(404);
    expect((await call(routes.one.GET, { cookie: alice, id: "1; DROP TABLE saved_search" })).status).toBe(404);

    // new data: a ticker whose candles come after everything else, so its occurrences are the latest
    await insertDailySeries(t.db, "CCC", makeDailyRows("2015-06-01", 120, 9));
    await new Promise((resolve) => setTimeout(resolve, REFRESH_CHECK_MS + 100));
    const search: RunSearch = (request) => runSearchRequest(t.db, { body: request });
    const rerun = await rerunSavedSearches(t.db, { symbols: ["CCC"], search, enqueue: (job) => enqueueWebhook(boss, job) });
    expect(rerun).toMatchObject({ ran: 1, failed: 0 });
    expect(rerun.newMatches).toBeGreaterThan(0);

    const detail = (await call(routes.one.GET, { cookie: alice, id })).json.savedSearch;
    expect(detail.newSinceSeen).toBe(rerun.newMatches);
    const fresh = detail.history.filter((m: { isNew: boolean }) => m.isNew);
    expect(fresh.length).toBe(rerun.newMatches);
    expect(fresh.every((m: { symbol: string }) => m.symbol === "CCC")).toBe(true);
    expect(detail.history.filter((m: { isNew: boolean }) => !m.isNew)).toHaveLength(5);

    // the webhook fires once, signed with the secret shown at saving
    for (let i = 0; i < 100 && deliveries.length === 0; i++) await new Promise((r) => setTimeout(r, 200));
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].valid(secret)).toBe(true);
    const payload = JSON.parse(deliveries[0].body);
    expect(payload).toMatchObject({ event: "saved-search.new-matches", data: { savedSearch: { id, name: "two green days" } } });
    expect(payload.data.newMatches).toHaveLength(rerun.newMatches);

    // looked at: nothing new any more
    expect((await call(routes.seen.POST, { method: "POST", cookie: alice, id })).status).toBe(204);
    expect((await call(routes.list.GET, { cookie: alice })).json.savedSearches[0].newSinceSeen).toBe(0);
    expect((await call(routes.one.DELETE, { method: "DELETE", cookie: alice, id })).status).toBe(204);
    expect((await call(routes.list.GET, { cookie: alice })).json).toEqual({ savedSearches: [] });
  });

  it.skipIf(skip)("records a window once: found again, or overlapping one already seen on its ticker, it is not new", async () => {
    const [user] = await t.db.$queryRaw<{ id: number }[]>`SELECT id FROM app_user WHERE email = 'bob@example.com'`;
    const [row] = await t.db.$queryRaw<{ id: bigint }[]>`INSERT INTO saved_search (user_id, name, request) VALUES (${user.id}, 'stand-in', '{"symbols": ["ZZZ"]}'::jsonb) RETURNING id`;
    const id = String(row.id);
    let answer: Match[] = [match("AAA", "2014-03-03", "2014-03-07"), match("BBB", "2014-05-05", "2014-05-09")];
    const search: RunSearch = async () => ({ matches: answer });
    expect(await runSavedSearch(t.db, { id, search })).toEqual({ firstRun: true, newMatches: [] });
    // AAA shifted by a day overlaps what was seen; BBB again; a new BBB window later on
    answer = [match("AAA", "2014-03-04", "2014-03-10"), match("BBB", "2014-05-05", "2014-05-09"), match("BBB", "2014-08-04", "2014-08-08")];
    expect(await runSavedSearch(t.db, { id, search })).toEqual({ firstRun: false, newMatches: [{ symbol: "BBB", start: "2014-08-04", end: "2014-08-08", score: 1 }] });
    // a search filtered to other symbols is not re-run for AAA; one filtered to ZZZ is
    expect((await rerunSavedSearches(t.db, { symbols: ["AAA"], search })).ran).toBe(0);
    expect((await rerunSavedSearches(t.db, { symbols: ["ZZZ"], search })).ran).toBe(1);
  });

  it.skipIf(skip)("keeps a user to 50 saved searches", async () => {
    const user = await createUser(t.db, { email: "dave@example.com", password: "dave-password-12", role: "investor" });
    const body = { name: "n", request: { query: { type: "sequence", pattern: "G" } } };
    for (let i = 0; i < MAX_SAVED_SEARCHES; i++) await createSavedSearch(t.db, { userId: user.id, body, allowPrivate: false });
    await expect(createSavedSearch(t.db, { userId: user.id, body, allowPrivate: false })).rejects.toMatchObject({ code: "conflict" });
  });
});
