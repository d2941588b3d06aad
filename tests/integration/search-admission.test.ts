import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPgliteDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";

type AdmissionModule = typeof import("@/lib/search-server/admission");
type LoadModule = typeof import("@/lib/search-server/search-rate-limit");
type PostRoute = { POST: (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> };

const validBody = JSON.stringify({ query: { type: "preset", name: "head-and-shoulders" }, method: "zned", topK: 3 });

function post(route: PostRoute, body: BodyInit, ip = "198.51.100.7", signal?: AbortSignal) {
  const request = new NextRequest("http://localhost/api/search", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    signal,
  });
  return route.POST(request, { params: Promise.resolve({}) });
}

describe("POST /api/search admission, body limit and rate limit (pglite)", () => {
  let t: TestDatabase;
  let route: PostRoute;
  // Imported after resetModules so the test and the route share one module instance (the error classes).
  let searchAdmission: AdmissionModule["searchAdmission"];
  let resetSearchLoadControls: LoadModule["resetSearchLoadControls"];
  const saved = { ...process.env };

  beforeAll(async () => {
    t = await createPgliteDatabase();
    await insertDailySeries(t.db, "AAA", makeDailyRows("2014-01-01", 400, 3));
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    route = (await import("@/app/api/search/route")) as unknown as PostRoute;
    ({ searchAdmission } = await import("@/lib/search-server/admission"));
    ({ resetSearchLoadControls } = await import("@/lib/search-server/search-rate-limit"));
  });
  afterAll(async () => {
    process.env = saved;
    resetSearchLoadControls?.();
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  it("searches, keeps 400 for invalid JSON and refuses a body over 256 KB with 413", async () => {
    resetSearchLoadControls();
    const ok = await post(route, validBody);
    expect(ok.status).toBe(200);
    expect((await ok.json()).method).toBe("zned");
    const bad = await post(route, "{not json");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: "bad_request", message: "body: not valid JSON" } });
    const huge = await post(route, JSON.stringify({ query: { type: "sketch", points: Array(60_000).fill(1.2345) } }));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("payload_too_large");
  });

  it("limits searches per client IP with 429 and Retry-After; another client is unaffected", async () => {
    process.env.SEARCH_RATE_LIMIT = "3";
    resetSearchLoadControls();
    for (let i = 0; i < 3; i++) expect((await post(route, "{bad")).status).toBe(400);
    const limited = await post(route, validBody);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).error.code).toBe("rate_limited");
    expect((await post(route, validBody, "203.0.113.9")).status).toBe(200);
    delete process.env.SEARCH_RATE_LIMIT;
  });

  it("answers 503 with Retry-After beyond the queue, and drops a queued search whose client left", async () => {
    process.env.SEARCH_CONCURRENCY = "1";
    process.env.SEARCH_QUEUE = "1";
    process.env.SEARCH_RATE_LIMIT = "0";
    resetSearchLoadControls();
    // Hold the only slot with a task the test controls, so the route's searches must wait.
    let release!: () => void;
    const holding = searchAdmission().run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    // bodies nobody asked before: a repeated search would come from the result cache without a slot
    const fresh = (n: number) => JSON.stringify({ query: { type: "preset", name: "double-top" }, method: "dtw", topK: n, band: n / 100 });
    const queued = post(route, fresh(4), "198.51.100.7", controller.signal);
    await vi.waitFor(() => expect(searchAdmission().stats().queued).toBe(1));
    const refused = await post(route, fresh(5));
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await refused.json()).error.code).toBe("unavailable");
    // a search answered before needs no slot: it comes from the cache while the slot is held
    const repeated = await post(route, validBody);
    expect(repeated.status).toBe(200);
    expect((await repeated.json()).matches).toHaveLength(3);
    controller.abort();
    expect((await queued).status).toBe(499);
    expect(searchAdmission().stats()).toEqual({ running: 1, queued: 0 });
    release();
    await holding;
    // the refused and the abandoned searches were not remembered as failures: they run now
    expect((await post(route, fresh(5))).status).toBe(200);
    expect((await post(route, fresh(4))).status).toBe(200);
    delete process.env.SEARCH_CONCURRENCY;
    delete process.env.SEARCH_QUEUE;
    delete process.env.SEARCH_RATE_LIMIT;
  });
});
