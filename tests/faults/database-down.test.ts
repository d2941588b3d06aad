import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { REFRESH_CHECK_MS } from "@/lib/search-server/get-search-index";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";
import { createClusterDatabase, startThrowawayCluster, throwawayClusterAvailable, type ThrowawayCluster } from "@/tests/helpers/throwaway-cluster";

// A PostgreSQL cluster of its own (port 24433, below the ephemeral range so no client socket holds it), so stopping it hurts no other test.
const PORT = Number(process.env.FAULT_PG_PORT ?? 24433);
const unavailable = await throwawayClusterAvailable();
if (unavailable) console.warn(`database-down faults skipped: ${unavailable}`);

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Routes = { health: Handler; tickers: Handler; candles: Handler; search: Handler; scan: Handler };

const searchBody = JSON.stringify({ query: { type: "preset", name: "double-bottom" }, method: "zned", topK: 3 });

describe.skipIf(unavailable !== null)("the app while its PostgreSQL goes down and comes back (same process)", () => {
  let cluster: ThrowawayCluster;
  let db: Db;
  let routes: Routes;
  let warmIndexes: typeof import("@/lib/warmup/warm-indexes").warmIndexes;
  let resetSearchLoadControls: () => void;
  const saved = { ...process.env };

  async function call(name: keyof Routes, url: string, params: Record<string, string> = {}) {
    const init = name === "search" ? { method: "POST", body: searchBody, headers: { "content-type": "application/json" } } : undefined;
    const started = performance.now();
    const response = await routes[name](new NextRequest(`http://localhost${url}`, init), { params: Promise.resolve(params) });
    const ms = performance.now() - started;
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // kept as text: the assertion below then shows what came back
    }
    return { status: response.status, body, retryAfter: response.headers.get("retry-after"), ms };
  }

  const every = () =>
    Promise.all([
      call("health", "/api/health"),
      call("tickers", "/api/tickers"),
      call("candles", "/api/tickers/AAA/candles", { symbol: "AAA" }),
      call("search", "/api/search"),
    ]);

  beforeAll(async () => {
    cluster = await startThrowawayCluster({ port: PORT });
    const url = await createClusterDatabase(cluster, "faults");
    await migrate({ connectionString: url });
    // A short query timeout so the frozen-server case below answers in seconds (the default is 30 s).
    db = createDb(url, 4, { queryTimeoutMs: 2000 });
    await insertDailySeries(db, "AAA", makeDailyRows("2014-01-01", 400, 3), { name: "Alpha" });
    await insertDailySeries(db, "BBB", makeDailyRows("2015-01-01", 300, 5), { name: "Beta" });
    vi.resetModules();
    process.env.SEARCH_RATE_LIMIT = "0";
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = db;
    routes = {
      health: (await import("@/app/api/health/route")).GET as unknown as Handler,
      tickers: (await import("@/app/api/tickers/route")).GET as unknown as Handler,
      candles: (await import("@/app/api/tickers/[symbol]/candles/route")).GET as unknown as Handler,
      search: (await import("@/app/api/search/route")).POST as unknown as Handler,
      scan: (await import("@/app/api/scan/route")).GET as unknown as Handler,
    };
    ({ warmIndexes } = await import("@/lib/warmup/warm-indexes"));
    ({ resetSearchLoadControls } = await import("@/lib/search-server/search-rate-limit"));
    resetSearchLoadControls();
  });
  afterAll(async () => {
    process.env = saved;
    resetSearchLoadControls?.();
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await db?.$disconnect().catch(() => {});
    await cluster?.destroy();
  });

  it("answers 200 while the database is up (pool connections open)", async () => {
    const answers = await every();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
  });

  it("answers 503 with a JSON error and Retry-After within about a second once the server is killed, and never crashes", async () => {
    await cluster.stop("immediate");
    // Past the index's refresh window the search's freshness check meets the dead database: wait it out.
    await new Promise((resolve) => setTimeout(resolve, REFRESH_CHECK_MS + 100));
    // First round: the pool still holds connections the crash cut; second round: new connections are refused.
    for (const round of [1, 2]) {
      const answers = await every();
      console.log(`[faults] database down, round ${round}: ${answers.map((a, i) => `${["health", "tickers", "candles", "search"][i]} ${a.status} in ${a.ms.toFixed(0)} ms`).join(", ")}`);
      // Searches need no database once the index is loaded: they go on answering from memory.
      const search = answers.pop()!;
      expect(search.status, JSON.stringify(search.body)).toBe(200);
      expect((search.body as { matches: unknown[] }).matches).toHaveLength(3);
      expect(search.ms).toBeLessThan(5000);
      for (const a of answers) {
        expect(a.status, JSON.stringify(a.body)).toBe(503);
        expect(a.retryAfter).toBe("5");
        expect(a.body).toMatchObject({ error: { code: "unavailable", message: expect.stringMatching(/database/i) } });
        // Generous bound: keeps a hang from passing; the measured figure is printed above.
        expect(a.ms).toBeLessThan(5000);
      }
    }
    const scan = await call("scan", "/api/scan?pattern=double-bottom");
    expect(scan.status).toBe(503);
    // With REQUIRE_LOGIN the sign-in check needs the database: a caller with a token hears 503, not 401.
    process.env.REQUIRE_LOGIN = "true";
    try {
      const { proxy } = await import("@/proxy");
      // The API is outside the proxy's matcher; its route wrapper checks the sign-in.
      const api = await routes.tickers(new NextRequest("http://localhost/api/tickers", { headers: { authorization: "Bearer psk_0000000000000000000000000000" } }), { params: Promise.resolve({}) });
      expect(api.status).toBe(503);
      expect(api.headers.get("retry-after")).toBe("5");
      expect(await api.json()).toMatchObject({ error: { code: "unavailable" } });
      const page = await proxy(new NextRequest("http://localhost/t/AAA", { headers: { cookie: "ps_session=0000000000000000000000000000" } }));
      expect(page.status).toBe(503);
      // no credentials at all need no database: still the sign-in redirect
      expect((await proxy(new NextRequest("http://localhost/t/AAA"))).status).toBe(307);
    } finally {
      delete process.env.REQUIRE_LOGIN;
    }
    // The background warm-up (instrumentation.ts) logs and returns instead of throwing.
    const lines: string[] = [];
    await expect(warmIndexes(db, { log: (line) => lines.push(line) })).resolves.toBeUndefined();
    // the loaded search index stays in service; the model part says why it did not load
    expect(lines.join("\n")).toMatch(/search index ready/);
    expect(lines.join("\n")).toMatch(/model index not loaded/);
  });

  it("recovers without a restart when the server is back", async () => {
    await cluster.start();
    // The first request after a restart may still meet a connection from before; within a few tries all are 200.
    await vi.waitFor(async () => expect((await every()).map((a) => a.status)).toEqual([200, 200, 200, 200]), { timeout: 10_000, interval: 200 });
    const answers = await every();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect((answers[1].body as { symbol: string }[]).map((t) => t.symbol)).toEqual(["AAA", "BBB"]);
    expect((answers[2].body as { candles: unknown[] }).candles).toHaveLength(400);
    expect((answers[3].body as { method: string }).method).toBe("zned");
  });

  it("answers 503 instead of hanging when the database stops answering (server processes frozen)", async () => {
    const pids = cluster.pids();
    for (const pid of pids) process.kill(pid, "SIGSTOP");
    try {
      await new Promise((resolve) => setTimeout(resolve, REFRESH_CHECK_MS + 100));
      const answers = await every();
      console.log(`[faults] database frozen: ${answers.map((a, i) => `${["health", "tickers", "candles", "search"][i]} ${a.status} in ${a.ms.toFixed(0)} ms`).join(", ")}`);
      // the search's freshness check gives up after a second and the loaded index answers
      const search = answers.pop()!;
      expect(search.status, JSON.stringify(search.body)).toBe(200);
      expect(search.ms).toBeLessThan(5000);
      for (const a of answers) {
        expect(a.status, JSON.stringify(a.body)).toBe(503);
        expect(a.body).toMatchObject({ error: { code: "unavailable" } });
        expect(a.ms).toBeLessThan(15_000);
      }
    } finally {
      for (const pid of pids) process.kill(pid, "SIGCONT");
    }
    await vi.waitFor(async () => expect((await every()).map((a) => a.status)).toEqual([200, 200, 200, 200]), { timeout: 10_000, interval: 200 });
  });

  it("maps a query cut by a shutdown (57P01 admin_shutdown) to 503, and serves again after the restart", async () => {
    const { toAppError } = await import("@/lib/api/error-table");
    const running = db.$queryRaw`SELECT pg_sleep(20)::text`.then(
      () => null,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cluster.stop("fast");
    const error = await running;
    expect(error).toBeTruthy();
    const mapped = toAppError(error);
    expect({ code: mapped.code, status: mapped.status }, String((error as Error).message)).toEqual({ code: "unavailable", status: 503 });
    await cluster.start();
    await vi.waitFor(async () => expect((await every()).map((a) => a.status)).toEqual([200, 200, 200, 200]), { timeout: 10_000, interval: 200 });
  });

  it("answers 503 with Retry-After, not a hang, when every pooled connection is busy past the connect timeout", async () => {
    // A client of its own with one connection, held by a slow transaction: the next request waits for a
    // connection (3 s connect timeout) and gets a 503 it can retry, while the database itself is fine.
    const small = createDb(cluster.url.replace(/\/postgres$/, "/faults"), 1, { queryTimeoutMs: 20_000 });
    const previous = (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = small;
    try {
      const tickers = (await import("@/app/api/tickers/route")).GET as unknown as Handler;
      const holding = small.$transaction(async (tx) => tx.$queryRaw`SELECT pg_sleep(6)::text`, { timeout: 20_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = performance.now();
      const response = await tickers(new NextRequest("http://localhost/api/tickers"), { params: Promise.resolve({}) });
      const ms = performance.now() - started;
      console.log(`[faults] pool exhausted: tickers ${response.status} in ${ms.toFixed(0)} ms`);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.json()).toMatchObject({ error: { code: "unavailable" } });
      await holding;
      expect((await tickers(new NextRequest("http://localhost/api/tickers"), { params: Promise.resolve({}) })).status).toBe(200);
    } finally {
      (globalThis as { patternscopeDb?: unknown }).patternscopeDb = previous;
      await small.$disconnect();
    }
  });
});
