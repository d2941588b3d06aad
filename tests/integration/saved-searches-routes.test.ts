import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "@/lib/auth/create-user";
import { createSession } from "@/lib/auth/sessions";
import { MAX_SAVED_SEARCHES } from "@/lib/saved-searches/saved-search-schema";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";

const hasPostgres = await postgresAvailable();

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Searches through these routes before the rate limit answers 429 (per client and minute). */
const RATE_LIMIT = 12;

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("saved-search routes on %s: bad bodies, limits, import and run", (_kind, create, skip) => {
  let t: TestDatabase;
  let routes: { list: { GET: Handler; POST: Handler }; importer: { POST: Handler }; run: { POST: Handler } };
  let alice = "", bob = "";
  const saved = { ...process.env };

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    await insertDailySeries(t.db, "AAA", makeDailyRows("2014-01-01", 300, 3));
    await insertDailySeries(t.db, "BBB", makeDailyRows("2014-01-01", 300, 5));
    const a = await createUser(t.db, { email: "alice@example.com", password: "alice-password-1", role: "investor" });
    const b = await createUser(t.db, { email: "bob@example.com", password: "bob-password-12", role: "investor" });
    alice = `ps_session=${(await createSession(t.db, { userId: a.id })).token}`;
    bob = `ps_session=${(await createSession(t.db, { userId: b.id })).token}`;
    process.env.SEARCH_RATE_LIMIT = String(RATE_LIMIT);
    // each database's run starts with a fresh per-client limiter (it lives on globalThis, like a process's)
    delete (globalThis as { psSearchRateLimit?: unknown }).psSearchRateLimit;
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    routes = {
      list: (await import("@/app/api/saved-searches/route")) as unknown as typeof routes.list,
      importer: (await import("@/app/api/saved-searches/import/route")) as unknown as typeof routes.importer,
      run: (await import("@/app/api/saved-searches/[id]/run/route")) as unknown as typeof routes.run,
    };
  });
  afterAll(async () => {
    process.env = saved;
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  const call = async (handler: Handler, { cookie, body, raw, id, method = "POST" }: { cookie?: string; body?: unknown; raw?: string; id?: string; method?: string }) => {
    const headers: Record<string, string> = { origin: "http://localhost", "content-type": "application/json" };
    if (cookie) headers.cookie = cookie;
    const response = await handler(new NextRequest("http://localhost/api/saved-searches", { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) }), { params: Promise.resolve<Record<string, string>>(id ? { id } : {}) });
    return { status: response.status, headers: response.headers, json: response.status === 204 ? null : await response.json() };
  };
  const expectError = (r: { status: number; json: { error?: { code: string; message: string } } }, status: number, message: RegExp) => {
    expect(r.status).toBe(status);
    expect(r.json.error).toEqual({ code: expect.any(String), message: expect.stringMatching(message), ...(r.json.error && "details" in r.json.error ? { details: expect.anything() } : {}) });
  };
  const search = { query: { type: "sequence", pattern: "GG" }, topK: 5 };

  it.skipIf(skip)("answers bad bodies with 4xx and { error: { code, message } }, saving nothing", async () => {
    expectError(await call(routes.list.POST, { cookie: alice, raw: "{not json" }), 400, /not valid JSON/);
    expectError(await call(routes.list.POST, { cookie: alice, body: { request: search } }), 400, /name/);
    expectError(await call(routes.list.POST, { cookie: alice, body: { name: "x", request: { query: { type: "preset", name: "no-such-shape" } } } }), 400, /query/);
    expectError(await call(routes.list.POST, { cookie: alice, body: { name: "x", request: search, webhookUrl: "ftp://example.com/hook" } }), 400, /http/);
    expectError(await call(routes.list.POST, { cookie: alice, body: { name: "x".repeat(121), request: search } }), 400, /name/);
    // a body past the 256 KiB cap is refused before it is parsed
    expectError(await call(routes.list.POST, { cookie: alice, body: { name: "big", request: { ...search, symbols: Array.from({ length: 9000 }, (_, i) => `SYMBOL${i}${"x".repeat(30)}`) } } }), 413, /larger than/);
    expectError(await call(routes.importer.POST, { cookie: alice, body: { searches: [] } }), 400, /nothing to import/);
    expectError(await call(routes.importer.POST, { cookie: alice, body: { searches: Array.from({ length: 31 }, (_, i) => ({ name: `s${i}`, request: search })) } }), 400, /at most 30/);
    expectError(await call(routes.importer.POST, { cookie: alice, body: { searches: [{ name: "m", request: { ...search, query: { type: "preset", name: "double-top" }, method: "model" } }] } }), 400, /model/);
    expectError(await call(routes.importer.POST, { body: { searches: [{ name: "a", request: search }] } }), 401, /./);
    expect((await call(routes.list.GET, { cookie: alice, method: "GET" })).json).toEqual({ savedSearches: [] });
  });

  it.skipIf(skip)("imports the browser's list once, runs an imported search for its baseline, and keeps each user to their own", async () => {
    const body = { searches: [{ name: "two green days", request: search }, { name: "double top", request: { query: { type: "preset", name: "double-top" }, method: "zned", minLength: 20, maxLength: 30, topK: 5 } }, { name: "two green days", request: search }] };
    const first = await call(routes.importer.POST, { cookie: alice, body });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ imported: [expect.any(String), expect.any(String)], skipped: 1 });
    expect(first.json.savedSearches).toHaveLength(2);
    expect(first.json.savedSearches.every((s: { lastRunAt: string | null; matches: number }) => s.lastRunAt === null && s.matches === 0)).toBe(true);
    // a second import of the same list adds nothing
    const again = await call(routes.importer.POST, { cookie: alice, body });
    expect(again.json).toMatchObject({ imported: [], skipped: 3 });
    expect(again.json.savedSearches).toHaveLength(2);

    const [id] = first.json.imported as string[];
    // Bob can neither see nor run Alice's searches
    expect((await call(routes.list.GET, { cookie: bob, method: "GET" })).json).toEqual({ savedSearches: [] });
    expectError(await call(routes.run.POST, { cookie: bob, id }), 404, /no saved search/);
    expectError(await call(routes.run.POST, { cookie: alice, id: "1 OR 1=1" }), 404, /no saved search/);

    const run = await call(routes.run.POST, { cookie: alice, id });
    expect(run.status).toBe(200);
    expect(run.json).toMatchObject({ firstRun: true, newMatches: [], savedSearch: { id, matches: 5, newSinceSeen: 0 } });
    expect(run.json.savedSearch.lastRunAt).not.toBeNull();
    const rerun = await call(routes.run.POST, { cookie: alice, id });
    expect(rerun.json).toMatchObject({ firstRun: false, newMatches: [], savedSearch: { matches: 5 } });
  });

  it.skipIf(skip)("refuses an import past the per-user limit whole", async () => {
    const user = await createUser(t.db, { email: "erin@example.com", password: "erin-password-12", role: "investor" });
    const erin = `ps_session=${(await createSession(t.db, { userId: user.id })).token}`;
    const many = (from: number, n: number) => ({ searches: Array.from({ length: n }, (_, i) => ({ name: `s${from + i}`, request: search })) });
    expect((await call(routes.importer.POST, { cookie: erin, body: many(0, 30) })).status).toBe(201);
    expect((await call(routes.importer.POST, { cookie: erin, body: many(30, MAX_SAVED_SEARCHES - 30) })).status).toBe(201);
    expectError(await call(routes.importer.POST, { cookie: erin, body: many(100, 2) }), 409, /at most 50 saved searches per user: you have 50, this import adds 2/);
    expect((await call(routes.list.GET, { cookie: erin, method: "GET" })).json.savedSearches).toHaveLength(MAX_SAVED_SEARCHES);
    // the same limit stops a save
    expectError(await call(routes.list.POST, { cookie: erin, body: { name: "one more", request: search } }), 409, /at most 50/);
  });

  it.skipIf(skip)("rate-limits saving and running like a search: 429 with Retry-After", async () => {
    const [{ id }] = (await call(routes.list.GET, { cookie: alice, method: "GET" })).json.savedSearches as { id: string }[];
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i <= RATE_LIMIT && !limited; i++) {
      const r = await call(routes.run.POST, { cookie: alice, id });
      if (r.status === 429) limited = r;
      else expect(r.status).toBe(200);
    }
    expect(limited).toBeDefined();
    expectError(limited!, 429, /Too many searches/);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call(routes.list.POST, { cookie: alice, body: { name: "later", request: search } })).status).toBe(429);
  });
});
