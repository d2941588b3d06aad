import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import os from "node:os";
import path from "node:path";
import { ensureFirstAdmin } from "@/lib/auth/ensure-first-admin";
import { issueSetupToken } from "@/lib/auth/setup-token";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ORIGIN = "http://localhost:3100";

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("sign-in flow on %s", (kind, create, skip) => {
  let t: TestDatabase;
  let r: Record<string, Record<string, Handler>>;
  let proxy: (req: NextRequest) => Promise<Response>;
  const ip = kind === "postgres" ? "10.0.0.1" : "10.0.0.2";

  const call = async (route: string, method: string, options: { body?: unknown; cookie?: string; bearer?: string; params?: Record<string, string>; origin?: string | null } = {}) => {
    const headers: Record<string, string> = { "content-type": "application/json", "x-forwarded-for": ip };
    if (options.origin !== null) headers.origin = options.origin ?? ORIGIN;
    if (options.cookie) headers.cookie = options.cookie;
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    const request = new NextRequest(`${ORIGIN}${route}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const key = route.replace(/\/\d+$/, "/[id]");
    const response = await r[key]![method]!(request, { params: Promise.resolve(options.params ?? {}) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, setCookie: response.headers.get("set-cookie") ?? "" };
  };
  const cookieOf = (setCookie: string) => setCookie.split(";")[0]!;

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    r = {
      "/api/auth/setup": await import("@/app/api/auth/setup/route"),
      "/api/auth/signin": await import("@/app/api/auth/signin/route"),
      "/api/auth/signout": await import("@/app/api/auth/signout/route"),
      "/api/auth/me": await import("@/app/api/auth/me/route"),
      "/api/account/tokens": await import("@/app/api/account/tokens/route"),
      "/api/account/tokens/[id]": await import("@/app/api/account/tokens/[id]/route"),
      "/api/admin/users": await import("@/app/api/admin/users/route"),
    } as unknown as typeof r;
    proxy = (await import("@/proxy")).proxy;
  });
  afterAll(async () => {
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    delete process.env.REQUIRE_LOGIN;
    await t?.drop();
  });

  it.skipIf(skip)("first run: /setup creates the admin once, then refuses", async () => {
    const { token: setupToken } = await issueSetupToken(t.db, { file: path.join(os.tmpdir(), `ps-setup-token-${process.pid}-${kind}`) });
    const setup = await call("/api/auth/setup", "POST", { body: { email: "Boss@Example.com", password: "admin-password-1", setupToken } });
    expect(setup.status).toBe(201);
    expect(setup.body.user).toMatchObject({ email: "boss@example.com", role: "admin" });
    expect(setup.setCookie).toMatch(/^ps_session=[A-Za-z0-9_-]{43};/);
    expect(setup.setCookie).toMatch(/HttpOnly/i);
    expect(setup.setCookie).toMatch(/SameSite=lax/i);
    expect(setup.setCookie).not.toMatch(/Secure/i); // plain http
    const again = await call("/api/auth/setup", "POST", { body: { email: "other@example.com", password: "admin-password-2", setupToken } });
    expect(again.status).toBe(409);
    expect(await ensureFirstAdmin(t.db, { email: "env@example.com", password: "env-password-1" })).toEqual({ created: false, reason: "an admin already exists" });
  });

  it.skipIf(skip)("signs in with the right password only, stores only a hash, signs out", async () => {
    expect((await call("/api/auth/signin", "POST", { body: { email: "boss@example.com", password: "wrong-password" } })).status).toBe(401);
    expect((await call("/api/auth/signin", "POST", { body: { email: "nobody@example.com", password: "whatever-pass" } })).body).toEqual({
      error: { code: "unauthorized", message: "Wrong email or password" },
    });
    expect((await call("/api/auth/signin", "POST", { body: { email: "boss" } })).status).toBe(400);
    // Login CSRF: a sign-in posted from another site is refused.
    expect((await call("/api/auth/signin", "POST", { body: { email: "boss@example.com", password: "admin-password-1" }, origin: "https://evil.example" })).status).toBe(403);
    const ok = await call("/api/auth/signin", "POST", { body: { email: " BOSS@example.com ", password: "admin-password-1" } });
    expect(ok.status).toBe(200);
    const cookie = cookieOf(ok.setCookie);
    const raw = cookie.split("=")[1]!;
    const stored = await t.db.$queryRaw<{ tokenHash: string }[]>`SELECT token_hash AS "tokenHash" FROM user_session`;
    expect(stored.some((s) => s.tokenHash === raw)).toBe(false);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.tokenHash))).toBe(true);
    expect((await call("/api/auth/me", "GET", { cookie })).body).toMatchObject({ user: { email: "boss@example.com", role: "admin" }, via: "session" });
    const out = await call("/api/auth/signout", "POST", { cookie });
    expect(out.status).toBe(200);
    expect(out.setCookie).toMatch(/Max-Age=0/i);
    expect((await call("/api/auth/me", "GET", { cookie })).body).toEqual({ user: null, via: null });
  });

  it.skipIf(skip)("rate-limits guessing one account's password", async () => {
    const admin = cookieOf((await call("/api/auth/signin", "POST", { body: { email: "boss@example.com", password: "admin-password-1" } })).setCookie);
    expect((await call("/api/admin/users", "POST", { cookie: admin, body: { email: `victim-${kind}@example.com`, password: "victim-password", role: "investor" } })).status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await call("/api/auth/signin", "POST", { body: { email: `victim-${kind}@example.com`, password: `guess-${i}-xxxxx` } })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    // The guessing address waits out the window even with the right password (tests/integration/sign-in-limits.test.ts
    // shows that an address with no failures still gets in).
    expect((await call("/api/auth/signin", "POST", { body: { email: `victim-${kind}@example.com`, password: "victim-password" } })).status).toBe(429);
  });

  it.skipIf(skip)("API tokens: shown once, work as bearer, revocable; REQUIRE_LOGIN closes the read API to anonymous callers", async () => {
    const admin = cookieOf((await call("/api/auth/signin", "POST", { body: { email: "boss@example.com", password: "admin-password-1" } })).setCookie);
    await call("/api/admin/users", "POST", { cookie: admin, body: { email: `inv-${kind}@example.com`, password: "investor-pass", role: "investor" } });
    const investor = cookieOf((await call("/api/auth/signin", "POST", { body: { email: `inv-${kind}@example.com`, password: "investor-pass" } })).setCookie);
    expect((await call("/api/admin/users", "GET", { cookie: investor })).status).toBe(403);
    const created = await call("/api/account/tokens", "POST", { cookie: investor, body: { name: "my script" } });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^psk_/);
    const listed = await call("/api/account/tokens", "GET", { cookie: investor });
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect((await call("/api/auth/me", "GET", { bearer: token })).body).toMatchObject({ user: { email: `inv-${kind}@example.com` }, via: "token" });
    // A token cannot mint more tokens.
    expect((await call("/api/account/tokens", "POST", { bearer: token, body: { name: "x" } })).status).toBe(403);

    process.env.REQUIRE_LOGIN = "true";
    const get = (path: string, headers: Record<string, string> = {}) => proxy(new NextRequest(`${ORIGIN}${path}`, { headers }));
    // The API is outside the proxy's matcher: its route wrapper applies REQUIRE_LOGIN.
    const { GET: tickers } = await import("@/app/api/tickers/route");
    const api = (headers: Record<string, string> = {}) => tickers(new NextRequest(`${ORIGIN}/api/tickers`, { headers }), { params: Promise.resolve({}) });
    const anonymousApi = await api();
    expect(anonymousApi.status).toBe(401);
    expect(anonymousApi.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const anonymousPage = await get("/t/AAPL?range=1y");
    expect(anonymousPage.status).toBe(307);
    expect(anonymousPage.headers.get("location")).toBe(`${ORIGIN}/signin?next=%2Ft%2FAAPL%3Frange%3D1y`);
    expect((await api({ authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await get("/", { cookie: investor })).headers.get("x-middleware-next")).toBe("1");
    expect((await get("/signin")).headers.get("x-middleware-next")).toBe("1");
    delete process.env.REQUIRE_LOGIN;
    expect((await api()).status).toBe(200);

    // The admin pages answer with real statuses whatever REQUIRE_LOGIN says: the proxy sends anonymous visitors to
    // sign in; signed-in users reach the page, which answers non-admins 403 itself (e2e/admin.spec.ts checks that).
    expect((await get("/settings")).status).toBe(307);
    expect((await get("/data", { cookie: investor })).headers.get("x-middleware-next")).toBe("1");
    expect((await get("/settings", { cookie: admin })).headers.get("x-middleware-next")).toBe("1");

    const id = String((listed.body.tokens as { id: number }[])[0]!.id);
    expect((await call(`/api/account/tokens/${id}`, "DELETE", { cookie: investor, params: { id } })).status).toBe(200);
    expect((await call("/api/auth/me", "GET", { bearer: token })).body).toEqual({ user: null, via: null });
  });
});

describe("ensureFirstAdmin", () => {
  it("creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD only when none exists", async () => {
    const t = await createPgliteDatabase();
    try {
      expect((await ensureFirstAdmin(t.db, { email: undefined, password: undefined })).created).toBe(false);
      expect(await ensureFirstAdmin(t.db, { email: "Root@Example.com", password: "root-password-1" })).toEqual({ created: true, reason: "created from ADMIN_EMAIL" });
      expect((await ensureFirstAdmin(t.db, { email: "root2@example.com", password: "root-password-2" })).created).toBe(false);
      const users = await t.db.$queryRaw<{ email: string; role: string }[]>`SELECT email, role FROM app_user`;
      expect(users).toEqual([{ email: "root@example.com", role: "admin" }]);
    } finally {
      await t.drop();
    }
  });
});
