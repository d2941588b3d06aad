import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/client";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres hostile-input runs");

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Strings attackers send: SQL, NUL and percent-encoded NUL, LIKE wildcards, path tricks, unicode look-alikes, giant ones. */
const HOSTILE = [
  "'; DROP TABLE ticker;--",
  "AAA' OR '1'='1",
  "AAA\"; DELETE FROM series; --",
  "1; SELECT pg_sleep(10)--",
  "%00",
  "AAA\u0000",
  "\u0000",
  "%",
  "_",
  "\\",
  "../../etc/passwd",
  "AAA%27%3B%20DROP%20TABLE%20ticker",
  "ＡＡＡ",
  "AAA\u200b",
  "😀",
  "İ",
  "$(reboot)",
  "{\"$gt\":\"\"}",
  "__proto__",
  "constructor",
  "x".repeat(10_000),
  "9".repeat(400),
  "-1",
  "1e309",
];
const HOSTILE_DATES = ["2015-01-01'; DROP TABLE ticker;--", "2015-02-30", "2015-13-01", "0000-00-00", "99999-01-01", "2015-1-1", "%00", "2015-01-01\u0000", "1e309", "", "now()", "2015-01-01T00:00:00Z"];

async function fingerprint(db: Db) {
  const [row] = await db.$queryRaw<{ tables: number; tickers: number; series: number; chunks: number; state: string }[]>`
    SELECT (SELECT count(*)::int FROM pg_tables WHERE schemaname = current_schema()) AS tables,
           (SELECT count(*)::int FROM ticker) AS tickers,
           (SELECT count(*)::int FROM series) AS series,
           (SELECT count(*)::int FROM series_chunk) AS chunks,
           md5((SELECT string_agg(c.rows::text, '|' ORDER BY series_id, year) FROM series_chunk c)) AS state`;
  return row;
}

async function readBody(response: Response) {
  const text = await response.text();
  try {
    return JSON.parse(text) as { error?: { code: string; message: string } };
  } catch {
    throw new Error(`${response.status} answered with a body that is not JSON: ${text.slice(0, 200)}`);
  }
}

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("hostile input against the read API and search on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let routes: Record<"tickers" | "candles" | "series" | "seriesByName" | "search" | "signin" | "tokens" | "scan", Handler>;
  let before: Awaited<ReturnType<typeof fingerprint>>;
  const saved = { ...process.env };

  const get = async (route: Handler, url: string, params: Record<string, string> = {}) => {
    const response = await route(new NextRequest(`http://localhost${url}`), { params: Promise.resolve(params) });
    return { status: response.status, body: await readBody(response) };
  };
  const post = async (route: Handler, path: string, body: BodyInit, headers: Record<string, string> = {}) => {
    const response = await route(
      new NextRequest(`http://localhost${path}`, { method: "POST", body, headers: { "content-type": "application/json", origin: "http://localhost", ...headers } }),
      { params: Promise.resolve({}) },
    );
    return { status: response.status, body: await readBody(response) };
  };

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    await insertDailySeries(t.db, "AAA", makeDailyRows("2014-01-01", 300, 3), { name: "Alpha", scalars: { revenue: [["2015-03-31", 10], ["2015-06-30", 12]] } });
    await insertDailySeries(t.db, "BBB", makeDailyRows("2014-06-02", 200, 4), { name: "Beta" });
    process.env.SEARCH_RATE_LIMIT = "0";
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    routes = {
      tickers: (await import("@/app/api/tickers/route")).GET as unknown as Handler,
      candles: (await import("@/app/api/tickers/[symbol]/candles/route")).GET as unknown as Handler,
      series: (await import("@/app/api/tickers/[symbol]/series/route")).GET as unknown as Handler,
      seriesByName: (await import("@/app/api/tickers/[symbol]/series/[name]/route")).GET as unknown as Handler,
      search: (await import("@/app/api/search/route")).POST as unknown as Handler,
      signin: (await import("@/app/api/auth/signin/route")).POST as unknown as Handler,
      tokens: (await import("@/app/api/account/tokens/route")).POST as unknown as Handler,
      scan: (await import("@/app/api/scan/route")).GET as unknown as Handler,
    };
    (await import("@/lib/search-server/search-rate-limit")).resetSearchLoadControls();
    before = await fingerprint(t.db);
  });
  afterAll(async () => {
    process.env = saved;
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  it.skipIf(skip)("symbols and series names: 400 or 404 with a JSON error, never a database error", async () => {
    for (const s of HOSTILE) {
      for (const [route, params] of [
        [routes.candles, { symbol: s }],
        [routes.series, { symbol: s }],
        [routes.seriesByName, { symbol: s, name: "revenue" }],
        [routes.seriesByName, { symbol: "AAA", name: s }],
      ] as const) {
        const r = await get(route, "/api/x", params);
        expect([400, 404], `${s}: ${JSON.stringify(r.body)}`).toContain(r.status);
        expect(r.body.error?.code).toMatch(/^(bad_request|not_found)$/);
        expect(r.body.error?.message).not.toMatch(/syntax|relation|column|postgres|prisma|sql/i);
      }
    }
  });

  it.skipIf(skip)("dates: 400 naming the parameter; the ticker filter q: a list or 400, wildcards match literally", async () => {
    for (const d of HOSTILE_DATES) {
      for (const key of ["from", "to"]) {
        const r = await get(routes.candles, `/api/tickers/AAA/candles?${key}=${encodeURIComponent(d)}`, { symbol: "AAA" });
        if (d === "") {
          // an empty parameter is a bad date too, not "no filter"
          expect([200, 400]).toContain(r.status);
          continue;
        }
        expect(r.status, `${key}=${d}: ${JSON.stringify(r.body)}`).toBe(400);
        expect(r.body.error?.message).toMatch(new RegExp(`^${key}`));
      }
    }
    for (const q of HOSTILE) {
      const r = await get(routes.tickers, `/api/tickers?q=${encodeURIComponent(q)}`);
      expect([200, 400], `q=${q.slice(0, 40)}: ${JSON.stringify(r.body).slice(0, 200)}`).toContain(r.status);
      if (r.status === 200) expect(r.body).toEqual([]);
    }
    // The scan's query string: 400 for bad values (409 only says no model is active), never 500.
    for (const query of [...HOSTILE.map((h) => `pattern=${encodeURIComponent(h)}`), "pattern=double-bottom&lookback=1e309", "pattern=double-bottom&lookback=NaN",
      "pattern=double-bottom&limit=-1", "pattern=double-bottom&minProbability=Infinity", "pattern=double-bottom&lookback=60.5", "pattern=double-bottom&limit=99999999999999999999"]) {
      const r = await get(routes.scan, `/api/scan?${query}`);
      expect([400, 409], `${query.slice(0, 60)}: ${JSON.stringify(r.body).slice(0, 200)}`).toContain(r.status);
      if (!query.startsWith("pattern=double-bottom")) expect(r.status).toBe(400);
    }
    // Repeated parameters and array-style keys do not reach the database as arrays.
    expect((await get(routes.candles, "/api/tickers/AAA/candles?from=2014-02-03&from=x'--", { symbol: "AAA" })).status).toBe(400);
    expect((await get(routes.candles, "/api/tickers/AAA/candles?from[]=2014-02-03&__proto__[x]=1", { symbol: "AAA" })).status).toBe(200);
  });

  it.skipIf(skip)("search bodies: injection in every string field, huge numbers, deep nesting and __proto__ get 400 JSON", async () => {
    const sketch = { type: "sketch", points: [1, 2, 3, 2, 1] };
    const bodies: unknown[] = [
      ...HOSTILE.map((s) => ({ query: { type: "range", symbol: s, from: "2014-02-03", to: "2014-04-01" } })),
      ...HOSTILE.map((s) => ({ query: sketch, symbols: [s] })),
      ...HOSTILE.filter((s) => s !== "__proto__" && s !== "constructor").map((s) => ({ query: sketch, series: s })),
      ...HOSTILE.map((s) => ({ query: sketch, method: s })),
      ...HOSTILE.map((s) => ({ query: { type: "preset", name: s } })),
      ...HOSTILE.map((s) => ({ query: { type: "sequence", pattern: s } })),
      ...HOSTILE_DATES.map((d) => ({ query: sketch, from: d })),
      ...HOSTILE_DATES.map((d) => ({ query: { type: "range", symbol: "AAA", from: d, to: "2014-06-01" } })),
      { query: sketch, topK: 1e308 },
      { query: sketch, topK: Number.MAX_SAFE_INTEGER + 2 },
      { query: sketch, horizon: -1e308 },
      { query: sketch, minLength: 1e21 },
      { query: sketch, band: "0.1; DROP TABLE ticker" },
      { query: { type: "sketch", points: [1, 2, 3, "4", 5] } },
      { query: { type: "sketch", points: { length: 5, 0: 1 } } },
      { query: { type: ["sketch"], points: [1, 2, 3, 4, 5] } },
      { query: { type: { $ne: null } } },
      { query: sketch, symbols: { $in: ["AAA"] } },
      { query: sketch, symbols: "AAA" },
      JSON.parse('{"__proto__":{"query":{"type":"preset","name":"double-bottom"}}}'),
      [],
      null,
      "search",
      42,
    ];
    // 20,000 levels (180 KB, under the body cap): parsing must not overflow the stack into a 500.
    const deep = await post(routes.search, "/api/search", nestedText(20_000));
    expect(deep.status, JSON.stringify(deep.body)).toBe(400);
    for (const body of bodies) {
      const r = await post(routes.search, "/api/search", JSON.stringify(body));
      expect(r.status, `${JSON.stringify(body).slice(0, 120)}: ${JSON.stringify(r.body).slice(0, 200)}`).toBe(400);
      expect(r.body.error?.code).toBe("bad_request");
    }
    // Valid bodies carrying extra hostile keys are searched, with the keys ignored (an own "__proto__" key from
    // JSON.parse is data, never the prototype: the query below stays a sketch, not a range).
    for (const text of [
      '{"query":{"type":"preset","name":"double-bottom"},"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}},"topK":3}',
      '{"query":{"type":"sketch","points":[1,2,3,2,1],"__proto__":{"type":"range","symbol":"AAA"}},"topK":3}',
    ]) {
      const ok = await post(routes.search, "/api/search", text);
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it.skipIf(skip)("JSON bodies of the auth and account routes: bad JSON is 400, an oversize body 413, never 500", async () => {
    for (const [route, path] of [[routes.signin, "/api/auth/signin"], [routes.tokens, "/api/account/tokens"]] as const) {
      const bad = await post(route, path, "{not json");
      // the account route may answer 401 first (no session): what matters is no 500
      expect([400, 401], `${path}: ${JSON.stringify(bad.body)}`).toContain(bad.status);
      const huge = await post(route, path, JSON.stringify({ email: "a@b.c", password: "x".repeat(2_000_000) }));
      expect([401, 413], `${path}: ${JSON.stringify(huge.body)}`).toContain(huge.status);
    }
    const bad = await post(routes.signin, "/api/auth/signin", "{not json");
    expect(bad).toEqual({ status: 400, body: { error: { code: "bad_request", message: "body: not valid JSON" } } });
    const huge = await post(routes.signin, "/api/auth/signin", JSON.stringify({ email: "a@b.c", password: "x".repeat(2_000_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error?.code).toBe("payload_too_large");
    const injected = await post(routes.signin, "/api/auth/signin", JSON.stringify({ email: "' OR 1=1;--", password: "' OR '1'='1" }));
    expect(injected.status).toBe(401);
  });

  it.skipIf(skip)("leaves every table and row as it was", async () => {
    expect(await fingerprint(t.db)).toEqual(before);
    expect(before.tickers).toBe(2);
  });
});

/** `{"query":{"query":...}}` `depth` levels deep, as text (JSON.stringify itself overflows the stack on it). */
function nestedText(depth: number): string {
  return `${'{"query":'.repeat(depth)}{"type":"sketch","points":[1,2,3,4,5]}${"}".repeat(depth)}`;
}

describe("security headers", () => {
  it("next.config applies them to every path, API routes and error answers included", async () => {
    const { default: config } = await import("@/next.config");
    const rules = await config.headers!();
    const all = rules.find((r) => r.source === "/:path*");
    expect(all, "a rule for every path").toBeDefined();
    const headers = Object.fromEntries(all!.headers.map((h) => [h.key.toLowerCase(), h.value]));
    expect(headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "cross-origin-opener-policy": "same-origin",
    });
    // Pages get their CSP (with a per-request nonce) from proxy.ts (tests/standalone/csp-nonce-hsts.mjs); the API
    // and assets, which the proxy does not see, from next.config.
    expect(headers["content-security-policy"]).toBeUndefined();
    for (const source of ["/api/:path*", "/_next/:path*"]) {
      const csp = rules.find((r) => r.source === source)?.headers.find((h) => h.key === "Content-Security-Policy")?.value ?? "";
      expect(csp, source).toMatch(/frame-ancestors 'none'/);
      expect(csp, source).toMatch(/object-src 'none'/);
      expect(csp, source).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
    expect(config.poweredByHeader).toBe(false);
  });
});
