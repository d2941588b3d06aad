import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { isPublicPath } from "@/lib/auth/public-paths";
import { createUser } from "@/lib/auth/create-user";
import { createApiToken } from "@/lib/auth/api-tokens";
import { createPgliteDatabase, type TestDatabase } from "@/tests/helpers/databases";

const ROOT = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Every route.ts under app/api, found on disk, so a new route is covered without editing this test. */
function routeFiles(dir = path.join(ROOT, "app/api")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

function urlAndParams(file: string): { pathname: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const parts = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).map((part) => {
    const m = /^\[(.+)\]$/.exec(part);
    if (!m) return part;
    params[m[1]!] = m[1] === "id" ? "1" : "AAA";
    return params[m[1]!]!;
  });
  return { pathname: `/${parts.join("/")}`, params };
}

// The API is outside proxy.ts's matcher (so Next does not buffer its bodies): the route wrappers alone apply it.
describe("REQUIRE_LOGIN in the API route wrappers", () => {
  let t: TestDatabase;
  let token = "";
  const saved = process.env.REQUIRE_LOGIN;

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const investor = await createUser(t.db, { email: "investor@example.com", password: "investor-password", role: "investor" });
    token = (await createApiToken(t.db, { userId: investor.id, name: "test" })).token;
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    process.env.REQUIRE_LOGIN = "true";
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.REQUIRE_LOGIN;
    else process.env.REQUIRE_LOGIN = saved;
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  it("answers 401 to an anonymous call of every non-public route and method", async () => {
    const gated: string[] = [];
    for (const file of routeFiles()) {
      const { pathname, params } = urlAndParams(file);
      if (isPublicPath(pathname)) continue;
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS.filter((m) => typeof mod[m] === "function")) {
        const request = new NextRequest(`http://localhost:3100${pathname}`, {
          method,
          headers: { origin: "http://localhost:3100", "content-type": "application/json" },
          body: ["GET", "HEAD", "OPTIONS"].includes(method) ? undefined : "{}",
        });
        const response = await (mod[method] as Handler)(request, { params: Promise.resolve(params) });
        expect(response.status, `${method} ${pathname}`).toBe(401);
        gated.push(`${method} ${pathname}`);
      }
    }
    expect(gated).toEqual(expect.arrayContaining(["GET /api/tickers", "POST /api/search", "GET /api/scan", "GET /api/openapi.json", "GET /api/tickers/AAA/candles"]));
  });

  it("lets a signed-in caller through, and leaves the API open without REQUIRE_LOGIN", async () => {
    const { GET } = (await import("@/app/api/tickers/route")) as unknown as { GET: Handler };
    const call = (headers: Record<string, string> = {}) => GET(new NextRequest("http://localhost:3100/api/tickers", { headers }), { params: Promise.resolve({}) });
    const refused = await call();
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await refused.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect((await call({ authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await call({ authorization: "Bearer psk_wrong" })).status).toBe(401);
    process.env.REQUIRE_LOGIN = "false";
    try {
      expect((await call()).status).toBe(200);
    } finally {
      process.env.REQUIRE_LOGIN = "true";
    }
  });
});
