import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/client";
import { LOAD_WAIT_MS } from "@/lib/search-server/get-search-index";
import { createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";

const hasPostgres = await postgresAvailable();

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * A server whose search index takes long to load (here: the chunk reads are held until the test lets them go,
 * as a 25M-candle load would take a minute) answers health and chart reads at once, says the index is loading,
 * and answers searches with 503 + Retry-After instead of holding them; once loaded, searches answer.
 */
describe.skipIf(!hasPostgres)("a server while its search index loads", () => {
  let t: TestDatabase;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const routes: Record<"health" | "candles" | "search", Handler> = {} as never;
  let warm: Promise<void>;

  beforeAll(async () => {
    t = await createPostgresDatabase();
    await insertDailySeries(t.db, "AAA", makeDailyRows("2014-01-01", 400, 3));
    await insertDailySeries(t.db, "BBB", makeDailyRows("2015-01-01", 300, 5));
    // The same client, with the loader's chunk reads held at the gate.
    const held = new Proxy(t.db, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key !== "$queryRaw" || typeof value !== "function") return value;
        return async (sql: TemplateStringsArray, ...values: unknown[]) => {
          if (sql.join("?").includes("s.ticker_id IN (")) await gate; // the loader's batch read only
          return (value as (...a: unknown[]) => unknown).call(target, sql, ...values);
        };
      },
    }) as Db;
    vi.resetModules();
    process.env.SEARCH_RATE_LIMIT = "0";
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = held;
    routes.health = (await import("@/app/api/health/route")).GET as unknown as Handler;
    routes.candles = (await import("@/app/api/tickers/[symbol]/candles/route")).GET as unknown as Handler;
    routes.search = (await import("@/app/api/search/route")).POST as unknown as Handler;
    const { warmIndexes } = await import("@/lib/warmup/warm-indexes");
    warm = warmIndexes(held, { log: () => {} });
  }, 60_000);
  afterAll(async () => {
    release?.();
    await warm;
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  async function call(name: keyof typeof routes, url: string, params: Record<string, string> = {}) {
    const init = name === "search" ? { method: "POST", body: JSON.stringify({ query: { type: "preset", name: "double-bottom" }, method: "zned", topK: 3 }), headers: { "content-type": "application/json" } } : undefined;
    const response = await routes[name](new NextRequest(`http://localhost${url}`, init), { params: Promise.resolve(params) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, retryAfter: response.headers.get("retry-after") };
  }

  it("says the index is loading, keeps serving charts, refuses searches with Retry-After, then searches once loaded", async () => {
    // the warm-up has started the load; it sits at the gate
    for (let i = 0; i < 100 && ((await call("health", "/api/health")).body.searchIndex as { state?: string } | undefined)?.state !== "loading"; i++) await new Promise((r) => setTimeout(r, 50));
    const health = await call("health", "/api/health");
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "ok", db: "ok", searchIndex: { state: "loading", progress: { tickers: 0, totalTickers: 2, candles: 0, totalCandles: 700 } } });

    const candles = await call("candles", "/api/tickers/AAA/candles", { symbol: "AAA" });
    expect(candles.status).toBe(200);
    expect((candles.body.candles as unknown[]).length).toBe(400);

    const started = performance.now();
    const search = await call("search", "/api/search");
    expect(search.status).toBe(503);
    expect(search.retryAfter).toBe("5");
    expect(search.body).toMatchObject({ error: { code: "unavailable", message: expect.stringMatching(/search index is still loading \(0% of 700 candles\)/) } });
    // held no longer than the wait (generous bound: a hang until the load ends must not pass)
    expect(performance.now() - started).toBeLessThan(LOAD_WAIT_MS + 3000);

    release();
    await warm;
    expect((await call("health", "/api/health")).body).toMatchObject({ searchIndex: { state: "ready", tickers: 2, candles: 700 } });
    const after = await call("search", "/api/search");
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    expect(after.body.matches).toHaveLength(3);

    // the event-loop delay is in the answer only when PATTERNSCOPE_LOOP_STATS asks for it (benchmarks)
    expect((await call("health", "/api/health")).body.eventLoop).toBeUndefined();
    process.env.PATTERNSCOPE_LOOP_STATS = "true";
    try {
      expect((await call("health", "/api/health?loopStats=reset")).body.eventLoop).toMatchObject({ p99Ms: expect.any(Number), maxMs: expect.any(Number) });
    } finally {
      delete process.env.PATTERNSCOPE_LOOP_STATS;
    }
  }, 30_000);
});
