import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "@/lib/auth/create-user";
import { callRoute, cookieOf, type RouteModule } from "@/tests/helpers/call-route";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("accounts on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  const r: Record<string, RouteModule> = {};
  let boss: string; // the first admin's session cookie
  let bossId: number;
  let n = 0;

  const signIn = async (email: string, password: string) => {
    const res = await callRoute(r.signin!, "POST", "/api/auth/signin", { body: { email, password }, ip: `10.1.0.${++n}` });
    return { status: res.status, cookie: res.status === 200 ? cookieOf(res.setCookie) : "" };
  };
  const users = async (cookie = boss) => (await callRoute(r.users!, "GET", "/api/admin/users", { cookie })).body.users as { id: number; email: string; role: string; disabledAt: string | null }[];
  const patch = (id: number, body: unknown, cookie = boss) => callRoute(r.user!, "PATCH", `/api/admin/users/${id}`, { cookie, body, params: { id: String(id) } });
  const remove = (id: number, cookie = boss) => callRoute(r.user!, "DELETE", `/api/admin/users/${id}`, { cookie, params: { id: String(id) } });
  const me = async (options: { cookie?: string; bearer?: string }) => (await callRoute(r.me!, "GET", "/api/auth/me", options)).body.user as { email: string } | null;
  const audit = async () => (await t.db.$queryRaw<{ action: string; target: string }[]>`SELECT action, target FROM audit_log ORDER BY id`).map((a) => `${a.action} ${a.target}`);
  const addUser = async (email: string, role = "investor", password = "initial-password-1") => {
    const res = await callRoute(r.users!, "POST", "/api/admin/users", { cookie: boss, body: { email, role, password } });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  const newToken = async (cookie: string, scope: "read" | "full", expiresInDays = 30) =>
    (await callRoute(r.tokens!, "POST", "/api/account/tokens", { cookie, body: { name: `${scope} token`, scope, expiresInDays } })).body as { token: string; id: number; expiresAt: string };

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    r.signin = await import("@/app/api/auth/signin/route");
    r.me = await import("@/app/api/auth/me/route");
    r.users = await import("@/app/api/admin/users/route");
    r.user = await import("@/app/api/admin/users/[id]/route");
    r.reset = await import("@/app/api/admin/users/[id]/password/route");
    r.password = await import("@/app/api/account/password/route");
    r.sessions = await import("@/app/api/account/sessions/route");
    r.tokens = await import("@/app/api/account/tokens/route");
    r.token = await import("@/app/api/account/tokens/[id]/route");
    bossId = (await createUser(t.db, { email: "boss@example.com", password: "boss-password-1", role: "admin" })).id;
    boss = (await signIn("boss@example.com", "boss-password-1")).cookie;
  });
  afterAll(async () => {
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  it.skipIf(skip)("an admin adds a user with a generated password shown once; investors cannot manage users", async () => {
    const created = await callRoute(r.users!, "POST", "/api/admin/users", { cookie: boss, body: { email: "New@Example.com", role: "investor" } });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const password = created.body.generatedPassword as string;
    expect(password).toMatch(/^[A-Za-z0-9_-]{18}$/);
    const investor = await signIn("new@example.com", password);
    expect(investor.status).toBe(200);
    expect((await callRoute(r.users!, "GET", "/api/admin/users", { cookie: investor.cookie })).status).toBe(403);
    expect((await patch(bossId, { role: "investor" }, investor.cookie)).status).toBe(403);
    const listed = await users();
    expect(listed.map((u) => u.email)).toEqual(["boss@example.com", "new@example.com"]);
    expect(JSON.stringify(listed)).not.toMatch(/password/i);
    expect(await audit()).toContain("user.create new@example.com");
  });

  it.skipIf(skip)("never lets the last active admin be demoted, disabled or deleted, even by two admins at once", async () => {
    expect((await patch(bossId, { role: "investor" })).status).toBe(409); // self, and the last admin
    const second = await addUser("second@example.com", "admin");
    const secondCookie = (await signIn("second@example.com", "initial-password-1")).cookie;
    // Each admin demotes the other at the same moment: one of them must stay admin.
    const [a, b] = await Promise.all([patch(second, { role: "investor" }), patch(bossId, { role: "investor" }, secondCookie)]);
    // The loser gets 409 (last admin) or, if the winner's change landed before its role check, 403 (no longer admin).
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    expect([a.status, b.status].every((s) => [200, 403, 409].includes(s))).toBe(true);
    const admins = (await t.db.$queryRaw<{ email: string }[]>`SELECT email FROM app_user WHERE role = 'admin' AND disabled_at IS NULL`).map((u) => u.email);
    expect(admins).toHaveLength(1);
    const [survivor] = admins;
    const survivorCookie = survivor === "boss@example.com" ? boss : secondCookie;
    const survivorId = survivor === "boss@example.com" ? bossId : second;
    const last = await patch(survivorId, { disabled: true }, survivorCookie);
    expect(last.status).toBe(409);
    expect((await remove(survivorId, survivorCookie)).status).toBe(409);
    // Put things back: boss admin again, second removed.
    if (survivor !== "boss@example.com") expect((await patch(bossId, { role: "admin" }, secondCookie)).status).toBe(200);
    expect((await remove(second)).status).toBe(200);
    const trail = await audit();
    expect(trail).toContain("user.role " + (survivor === "boss@example.com" ? "second@example.com" : "boss@example.com"));
    expect(trail).toContain("user.delete second@example.com");
  });

  it.skipIf(skip)("disabling a user stops their sessions and tokens at once; enabling lets them back", async () => {
    const id = await addUser("leaver@example.com");
    const leaver = (await signIn("leaver@example.com", "initial-password-1")).cookie;
    const { token } = await newToken(leaver, "full");
    expect(await me({ cookie: leaver })).toMatchObject({ email: "leaver@example.com" });
    expect(await me({ bearer: token })).toMatchObject({ email: "leaver@example.com" });
    expect((await patch(id, { disabled: true })).status).toBe(200);
    expect(await me({ cookie: leaver })).toBeNull();
    expect(await me({ bearer: token })).toBeNull();
    expect((await callRoute(r.tokens!, "GET", "/api/account/tokens", { bearer: token })).status).toBe(401);
    const refused = await callRoute(r.signin!, "POST", "/api/auth/signin", { body: { email: "leaver@example.com", password: "initial-password-1" }, ip: "10.2.0.1" });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { message: "This account is disabled; ask an admin" } });
    expect((await users()).find((u) => u.id === id)!.disabledAt).not.toBeNull();
    expect((await patch(id, { disabled: false })).status).toBe(200);
    expect((await signIn("leaver@example.com", "initial-password-1")).status).toBe(200);
    expect(await me({ bearer: token })).toMatchObject({ email: "leaver@example.com" });
    expect(await audit()).toEqual(expect.arrayContaining(["user.disable leaver@example.com", "user.enable leaver@example.com"]));
  });

  it.skipIf(skip)("an admin resets a password: the old one and the user's sessions stop working", async () => {
    const id = await addUser("forgetful@example.com");
    const before = (await signIn("forgetful@example.com", "initial-password-1")).cookie;
    const reset = await callRoute(r.reset!, "POST", `/api/admin/users/${id}/password`, { cookie: boss, body: {}, params: { id: String(id) } });
    expect(reset.status).toBe(200);
    const generated = reset.body.generatedPassword as string;
    expect(await me({ cookie: before })).toBeNull();
    expect((await signIn("forgetful@example.com", "initial-password-1")).status).toBe(401);
    expect((await signIn("forgetful@example.com", generated)).status).toBe(200);
    const chosen = await callRoute(r.reset!, "POST", `/api/admin/users/${id}/password`, { cookie: boss, body: { password: "short" }, params: { id: String(id) } });
    expect(chosen.status).toBe(400);
    expect(await audit()).toContain("user.password-reset forgetful@example.com");
    // Deleting removes the account with its sessions.
    const last = (await signIn("forgetful@example.com", generated)).cookie;
    expect((await remove(id)).status).toBe(200);
    expect(await me({ cookie: last })).toBeNull();
    expect((await remove(id)).status).toBe(404);
  });

  it.skipIf(skip)("a user changes their password: other sessions end, this browser gets a fresh one", async () => {
    await addUser("mover@example.com", "investor", "old-password-12");
    const laptop = (await signIn("mover@example.com", "old-password-12")).cookie;
    const phone = (await signIn("mover@example.com", "old-password-12")).cookie;
    const wrong = await callRoute(r.password!, "POST", "/api/account/password", { cookie: laptop, body: { currentPassword: "not-it-at-all", newPassword: "new-password-34" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: { message: expect.stringContaining("currentPassword") } });
    const short = await callRoute(r.password!, "POST", "/api/account/password", { cookie: laptop, body: { currentPassword: "old-password-12", newPassword: "short" } });
    expect(short.status).toBe(400);
    const ok = await callRoute(r.password!, "POST", "/api/account/password", { cookie: laptop, body: { currentPassword: "old-password-12", newPassword: "new-password-34" } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const fresh = cookieOf(ok.setCookie);
    expect(fresh).not.toBe(laptop);
    expect(await me({ cookie: laptop })).toBeNull();
    expect(await me({ cookie: phone })).toBeNull();
    expect(await me({ cookie: fresh })).toMatchObject({ email: "mover@example.com" });
    expect((await signIn("mover@example.com", "old-password-12")).status).toBe(401);
    expect((await signIn("mover@example.com", "new-password-34")).status).toBe(200);
    expect(await audit()).toContain("account.password-change mover@example.com");
    // Sign out everywhere: every session ends, this one too.
    const out = await callRoute(r.sessions!, "DELETE", "/api/account/sessions", { cookie: fresh });
    expect(out.status).toBe(200);
    expect(out.body.ended).toBe(2);
    expect(out.setCookie).toMatch(/Max-Age=0/i);
    expect(await me({ cookie: fresh })).toBeNull();
  });

  it.skipIf(skip)("API tokens expire and a read-only token cannot call state-changing routes", async () => {
    const read = await newToken(boss, "read", 7);
    const full = await newToken(boss, "full");
    const days = (Date.parse(read.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect((await callRoute(r.users!, "GET", "/api/admin/users", { bearer: read.token })).status).toBe(200);
    const refused = await callRoute(r.users!, "POST", "/api/admin/users", { bearer: read.token, body: { email: "x@example.com", role: "admin" } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { message: "This API token is read-only" } });
    expect((await callRoute(r.token!, "DELETE", `/api/account/tokens/${full.id}`, { bearer: read.token, params: { id: String(full.id) } })).status).toBe(403);
    expect((await callRoute(r.users!, "POST", "/api/admin/users", { bearer: full.token, body: { email: "by-token@example.com", role: "investor" } })).status).toBe(201);
    for (const expiresInDays of [0, 366, 1.5]) {
      expect((await callRoute(r.tokens!, "POST", "/api/account/tokens", { cookie: boss, body: { name: "bad", expiresInDays } })).status).toBe(400);
    }
    // An expired token stops working and leaves the list.
    await t.db.$executeRaw`UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = ${full.id}`;
    expect(await me({ bearer: full.token })).toBeNull();
    const listed = (await callRoute(r.tokens!, "GET", "/api/account/tokens", { cookie: boss })).body.tokens as { id: number; scope: string }[];
    expect(listed.map((x) => x.id)).toEqual([read.id]);
    expect(listed[0]!.scope).toBe("read");
  });
});
