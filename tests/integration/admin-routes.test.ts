import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "@/lib/auth/create-user";
import { createSession } from "@/lib/auth/sessions";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

const ROOT = path.resolve(import.meta.dirname, "../..");
const ADMIN_DIR = path.join(ROOT, "app/api/admin");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** Every route.ts under app/api/admin, found on disk, so a new route is covered without editing this test. */
function adminRouteFiles(dir = ADMIN_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return adminRouteFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

/** Dynamic segments ([id], [symbol]) get a plausible value so param parsing cannot be what rejects the request. */
function urlAndParams(file: string): { url: string; params: Record<string, string> } {
  const rel = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  const params: Record<string, string> = {};
  const parts = rel.map((part) => {
    const m = /^\[(.+)\]$/.exec(part);
    if (!m) return part;
    const value = m[1] === "id" ? "00000000-0000-4000-8000-000000000001" : "AAA";
    params[m[1]!] = value;
    return value;
  });
  return { url: `http://localhost:3100/${parts.join("/")}`, params };
}

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("every app/api/admin route on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let investorCookie = "";
  let adminCookie = "";
  const files = adminRouteFiles();

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    const investor = await createUser(t.db, { email: "investor@example.com", password: "investor-password", role: "investor" });
    const admin = await createUser(t.db, { email: "admin@example.com", password: "admin-password-1", role: "admin" });
    investorCookie = `ps_session=${(await createSession(t.db, { userId: investor.id })).token}`;
    adminCookie = `ps_session=${(await createSession(t.db, { userId: admin.id })).token}`;
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
  });
  afterAll(async () => {
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  it("finds the admin routes on disk", () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.skipIf(skip)("answers 401 to anonymous and 403 to investor requests for every exported method", async () => {
    const checked: string[] = [];
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      const methods = METHODS.filter((m) => typeof mod[m] === "function");
      expect(methods.length, `${file} exports no handler`).toBeGreaterThan(0);
      const { url, params } = urlAndParams(file);
      for (const method of methods) {
        const handler = mod[method] as Handler;
        const send = (headers: Record<string, string>) =>
          handler(
            new NextRequest(url, {
              method,
              headers: { origin: "http://localhost:3100", "content-type": "application/json", ...headers },
              body: ["GET", "HEAD", "OPTIONS"].includes(method) ? undefined : "{}",
            }),
            { params: Promise.resolve(params) },
          );
        const anonymous = await send({});
        expect(anonymous.status, `${method} ${url} anonymous`).toBe(401);
        const badToken = await send({ authorization: "Bearer psk_not-a-real-token" });
        expect(badToken.status, `${method} ${url} bad token`).toBe(401);
        const investor = await send({ cookie: investorCookie });
        expect(investor.status, `${method} ${url} investor`).toBe(403);
        // An admin session from another site is refused by the CSRF check before the handler runs.
        if (!["GET", "HEAD", "OPTIONS"].includes(method)) {
          const crossSite = await send({ cookie: adminCookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" });
          expect(crossSite.status, `${method} ${url} cross-site admin`).toBe(403);
          expect(((await crossSite.json()) as { error: { message: string } }).error.message).toMatch(/CSRF/);
        }
        checked.push(`${method} ${path.relative(ROOT, file)}`);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(files.length);
  });

  it.skipIf(skip)("lets an admin session through the gate", async () => {
    const { GET } = (await import("@/app/api/admin/audit/route")) as { GET: Handler };
    const response = await GET(new NextRequest("http://localhost:3100/api/admin/audit", { headers: { cookie: adminCookie } }), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ entries: [] });
  });
});
