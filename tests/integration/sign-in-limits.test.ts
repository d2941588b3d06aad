import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "@/lib/auth/create-user";
import { addressKey, SIGN_IN_LIMITS } from "@/lib/auth/sign-in-limits";
import { callRoute, type RouteModule } from "@/tests/helpers/call-route";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();

describe("addressKey", () => {
  it("keys IPv4 by address and IPv6 by its /64", () => {
    expect(addressKey("203.0.113.7")).toBe("ip:203.0.113.7");
    expect(addressKey("2001:db8:1:2::1")).toBe("ip:2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:ffff:1:2:3")).toBe("ip:2001:db8:1:2::/64");
    expect(addressKey("::1")).toBe("ip:0:0:0:0::/64");
    expect(addressKey("unknown")).toBe("ip:unknown");
  });
});

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("sign-in limits on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let signin: RouteModule;
  const admin = { email: "admin@example.com", password: "admin-password-1" };

  /** A fresh copy of the route module and of everything it keeps in memory: what another replica would be. */
  const freshReplica = async () => {
    vi.resetModules();
    delete (globalThis as { psSignInLimits?: unknown }).psSignInLimits;
    signin = await import("@/app/api/auth/signin/route");
  };
  const attempt = (password: string, ip: string, email = admin.email) => callRoute(signin, "POST", "/api/auth/signin", { body: { email, password }, ip });

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    await freshReplica();
    await createUser(t.db, { ...admin, role: "admin" });
  });
  afterAll(async () => {
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  it.skipIf(skip)("ten wrong passwords lock the guessing addresses out, on every replica, but not the admin on a clean address", async () => {
    // The attacker spreads 10 guesses over two addresses (5 each).
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) {
      expect((await attempt(`guess-number-${i}`, i % 2 ? "198.51.100.1" : "198.51.100.2")).status).toBe(401);
    }
    // Another replica (fresh memory) sees the same counts: the limit lives in PostgreSQL.
    await freshReplica();
    const locked = await attempt("guess-number-x", "198.51.100.1");
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: { code: "rate_limited" } });
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(locked.headers.get("retry-after"))).toBeLessThanOrEqual(SIGN_IN_LIMITS.windowMinutes * 60);
    // The attacker's address is refused even with the right password...
    expect((await attempt(admin.password, "198.51.100.2")).status).toBe(429);
    // ...but the admin, from an address with no failures, gets in, and that clears the email's count.
    const ok = await attempt(admin.password, "192.0.2.10");
    expect(ok.status).toBe(200);
    expect((await attempt("guess-after-reset", "198.51.100.3")).status).toBe(401);
    const rows = await t.db.$queryRaw<{ key: string; attempts: number }[]>`SELECT key, attempts FROM sign_in_limit ORDER BY key`;
    expect(rows).toContainEqual({ key: "email:admin@example.com", attempts: 1 });
    expect(rows).toContainEqual({ key: "ip:192.0.2.10", attempts: 0 });
  });

  it.skipIf(skip)("a locked email gives each fresh address one try at most", async () => {
    const victim = { email: "victim@example.com", password: "victim-password-1" };
    await createUser(t.db, { ...victim, role: "investor" });
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) expect((await attempt(`bad-${i}-password`, "203.0.113.50", victim.email)).status).toBe(401);
    expect((await attempt("bad-fresh-1", "203.0.113.51", victim.email)).status).toBe(401);
    expect((await attempt("bad-fresh-2", "203.0.113.51", victim.email)).status).toBe(429);
  });

  it.skipIf(skip)("one address spraying many emails is stopped after the per-address limit", async () => {
    const ip = "203.0.113.99";
    const statuses: number[] = [];
    for (let i = 0; i <= SIGN_IN_LIMITS.perAddress; i++) statuses.push((await attempt("spray-password", ip, `user${i}@example.com`)).status);
    expect(statuses.slice(0, SIGN_IN_LIMITS.perAddress).every((s) => s === 401)).toBe(true);
    expect(statuses[SIGN_IN_LIMITS.perAddress]).toBe(429);
    // A blocked address adds no more email rows: spraying cannot grow the table without bound.
    for (let i = 0; i < 5; i++) expect((await attempt("spray-password", ip, `late${i}@example.com`)).status).toBe(429);
    expect(await t.db.$queryRaw`SELECT key FROM sign_in_limit WHERE key LIKE 'email:late%' OR key = ${`email:user${SIGN_IN_LIMITS.perAddress}@example.com`}`).toEqual([]);
    // IPv6 neighbours in one /64 share the count: rotating the low bits does not escape it.
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) await attempt("spray-password", `2001:db8:5:6::${(i + 1).toString(16)}`, `v6-${i}@example.com`);
    expect((await attempt("spray-password", "2001:db8:5:6:ffff::1", "v6-last@example.com")).status).toBe(429);
  }, 120_000);
});
