import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "@/lib/auth/create-user";
import { callRoute, cookieOf, ORIGIN, type RouteModule } from "@/tests/helpers/call-route";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("session cookies and auth answers on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let signin: RouteModule, me: RouteModule, tokens: RouteModule, signout: RouteModule;
  let proxy: (req: NextRequest) => Promise<Response>;
  const credentials = { email: "cookie@example.com", password: "cookie-password-1" };

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    signin = await import("@/app/api/auth/signin/route");
    me = await import("@/app/api/auth/me/route");
    tokens = await import("@/app/api/account/tokens/route");
    signout = await import("@/app/api/auth/signout/route");
    proxy = (await import("@/proxy")).proxy;
    await createUser(t.db, { ...credentials, role: "admin" });
  });
  afterEach(() => {
    delete process.env.SESSION_SECRET;
  });
  afterAll(async () => {
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  it.skipIf(skip)("behind TLS the cookie is __Host-, Secure, Path=/ without Domain; the plain name is ignored there", async () => {
    const https = { "x-forwarded-proto": "https" };
    const signedIn = await callRoute(signin, "POST", "/api/auth/signin", { body: credentials, headers: https, origin: "https://localhost:3100" });
    expect(signedIn.status).toBe(200);
    expect(signedIn.setCookie).toMatch(/^__Host-ps_session=[A-Za-z0-9_-]{43};/);
    expect(signedIn.setCookie).toMatch(/; Secure/i);
    expect(signedIn.setCookie).toMatch(/Path=\//);
    expect(signedIn.setCookie).not.toMatch(/Domain=/i);
    const cookie = cookieOf(signedIn.setCookie);
    expect((await callRoute(me, "GET", "/api/auth/me", { cookie, headers: https })).body).toMatchObject({ user: { email: credentials.email } });
    const planted = cookie.replace("__Host-ps_session", "ps_session");
    expect((await callRoute(me, "GET", "/api/auth/me", { cookie: planted, headers: https })).body).toEqual({ user: null, via: null });
    const out = await callRoute(signout, "POST", "/api/auth/signout", { cookie, headers: https, origin: "https://localhost:3100" });
    expect(out.setCookie).toMatch(/^__Host-ps_session=;.*Max-Age=0/i);
    // Plain http (a workstation) keeps the unprefixed name: browsers refuse __Host- cookies without Secure.
    const plain = await callRoute(signin, "POST", "/api/auth/signin", { body: credentials });
    expect(plain.setCookie).toMatch(/^ps_session=/);
    expect(plain.setCookie).not.toMatch(/Secure/i);
  });

  it.skipIf(skip)("sign-in, session and token answers are Cache-Control: no-store", async () => {
    const signedIn = await callRoute(signin, "POST", "/api/auth/signin", { body: credentials });
    expect(signedIn.headers.get("cache-control")).toBe("no-store");
    const refused = await callRoute(signin, "POST", "/api/auth/signin", { body: { ...credentials, password: "wrong-password" } });
    expect(refused.headers.get("cache-control")).toBe("no-store");
    const cookie = cookieOf(signedIn.setCookie);
    expect((await callRoute(me, "GET", "/api/auth/me", { cookie })).headers.get("cache-control")).toBe("no-store");
    const token = await callRoute(tokens, "POST", "/api/account/tokens", { cookie, body: { name: "cache test" } });
    expect(token.status).toBe(201);
    expect(token.headers.get("cache-control")).toBe("no-store");
    expect((await callRoute(tokens, "GET", "/api/account/tokens", { cookie })).headers.get("cache-control")).toBe("no-store");
  });

  it.skipIf(skip)("a malformed session cookie is no session: 401 on the API, the sign-in page for admin pages, never 500", async () => {
    for (const bad of ["%E0%A4%A", "%", "not-a-token", "a.b.c", "x".repeat(4000)]) {
      const cookie = `ps_session=${bad}`;
      const api = await callRoute(tokens, "GET", "/api/account/tokens", { cookie });
      expect(api.status, bad).toBe(401);
      expect(api.body).toMatchObject({ error: { code: "unauthorized" } });
      expect((await callRoute(me, "GET", "/api/auth/me", { cookie })).body).toEqual({ user: null, via: null });
      const page = await proxy(new NextRequest(`${ORIGIN}/settings`, { headers: { cookie } }));
      expect(page.status).toBe(307);
      expect(page.headers.get("location")).toContain("/signin?next=%2Fsettings");
    }
  });

  it.skipIf(skip)("with SESSION_SECRET the cookie carries an HMAC: a forged, unsigned or re-keyed cookie is refused", async () => {
    process.env.SESSION_SECRET = "first-secret-0123456789abcdef0123456789";
    const signedIn = await callRoute(signin, "POST", "/api/auth/signin", { body: credentials });
    const cookie = cookieOf(signedIn.setCookie);
    expect(cookie).toMatch(/^ps_session=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    expect((await callRoute(tokens, "GET", "/api/account/tokens", { cookie })).status).toBe(200);
    const [token, sig] = cookie.slice("ps_session=".length).split(".") as [string, string];
    const flipped = `${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`;
    expect((await callRoute(tokens, "GET", "/api/account/tokens", { cookie: `ps_session=${token}.${flipped}` })).status).toBe(401);
    expect((await callRoute(tokens, "GET", "/api/account/tokens", { cookie: `ps_session=${token}` })).status).toBe(401);
    // Rotating the secret signs everybody out, as the Helm chart and docs promise.
    process.env.SESSION_SECRET = "second-secret-0123456789abcdef012345678";
    expect((await callRoute(tokens, "GET", "/api/account/tokens", { cookie })).status).toBe(401);
  });
});
