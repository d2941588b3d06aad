import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";

type AdmissionModule = typeof import("@/lib/search-server/admission");
type LoadModule = typeof import("@/lib/search-server/search-rate-limit");
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ScanResultBody = { items: { symbol: string; probability: number }[]; scanned: number };

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

const TINY = { epochs: 1, samples: 180, holdoutSamples: 60, batchSize: 60, embeddingSize: 8, seed: 3 };
const ctx = { params: Promise.resolve({}) };

const search = (POST: Handler, body: object, ip = "198.51.100.20") =>
  POST(new NextRequest("http://localhost/api/search", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", "x-forwarded-for": ip } }), ctx);
const scan = (GET: Handler, qs: string, ip = "198.51.100.30") => GET(new NextRequest(`http://localhost/api/scan?${qs}`, { headers: { "x-forwarded-for": ip } }), ctx);

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("bounded work per request on %s: scan and sequence admission, deadlines, normalised cache keys", (_kind, create, skip) => {
  let t: TestDatabase;
  let searchRoute: Handler;
  let scanRoute: Handler;
  let searchAdmission: AdmissionModule["searchAdmission"];
  let resetSearchLoadControls: LoadModule["resetSearchLoadControls"];
  let scansRun: () => number;
  let inferences: () => number;
  const saved = { ...process.env };

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    for (const [i, s] of ["AAA", "BBB", "CCC"].entries()) await insertDailySeries(t.db, s, makeDailyRows("2016-01-01", 500, i + 11));
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    ({ POST: searchRoute } = (await import("@/app/api/search/route")) as unknown as { POST: Handler });
    ({ GET: scanRoute } = (await import("@/app/api/scan/route")) as unknown as { GET: Handler });
    ({ searchAdmission } = await import("@/lib/search-server/admission"));
    ({ resetSearchLoadControls } = await import("@/lib/search-server/search-rate-limit"));
    // count the engine's scans: every search that is not answered from the cache runs searchPatterns once
    const engine = await import("@/lib/search/search-patterns");
    const spy = vi.spyOn(engine, "searchPatterns");
    scansRun = () => spy.mock.calls.length;
    const classifier = vi.spyOn(await import("@/ml/model"), "classifyWindows");
    inferences = () => classifier.mock.calls.length;
    const { trainAndStoreModel } = await import("@/lib/model/train-and-store-model");
    const trained = await trainAndStoreModel(t.db, { training: TINY, activate: true });
    trained.model.model.dispose();
  }, 120_000);
  afterAll(async () => {
    process.env = saved;
    resetSearchLoadControls?.();
    vi.restoreAllMocks();
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  it.skipIf(skip)("limits /api/scan per client like searches (429 with Retry-After)", async () => {
    process.env.SEARCH_RATE_LIMIT = "2";
    resetSearchLoadControls();
    for (let i = 0; i < 2; i++) expect((await scan(scanRoute, "pattern=double-bottom&minProbability=0")).status).toBe(200);
    const limited = await scan(scanRoute, "pattern=double-bottom");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).error.code).toBe("rate_limited");
    expect((await scan(scanRoute, "pattern=double-bottom", "203.0.113.40")).status).toBe(200);
    delete process.env.SEARCH_RATE_LIMIT;
  });

  it.skipIf(skip)("queues /api/scan and sequence searches behind the search admission (503 when full)", async () => {
    process.env.SEARCH_CONCURRENCY = "1";
    process.env.SEARCH_QUEUE = "0";
    process.env.SEARCH_RATE_LIMIT = "0";
    resetSearchLoadControls();
    let release!: () => void;
    const holding = searchAdmission().run(() => new Promise<void>((r) => (release = r)));
    // a lookback nobody scanned yet, and a pattern nobody counted: both need a slot
    const scanRefused = await scan(scanRoute, "pattern=double-top&lookback=41");
    expect(scanRefused.status).toBe(503);
    expect(Number(scanRefused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await scanRefused.json()).error.code).toBe("unavailable");
    const sequenceRefused = await search(searchRoute, { query: { type: "sequence", pattern: "GRRG" } });
    expect(sequenceRefused.status).toBe(503);
    expect((await sequenceRefused.json()).error.code).toBe("unavailable");
    release();
    await holding;
    expect((await scan(scanRoute, "pattern=double-top&lookback=41")).status).toBe(200);
    expect((await search(searchRoute, { query: { type: "sequence", pattern: "GRRG" } })).status).toBe(200);
  });

  it.skipIf(skip)("answers 503 with a JSON error when a search or a scan passes SEARCH_DEADLINE_MS", async () => {
    process.env.SEARCH_CONCURRENCY = "1";
    process.env.SEARCH_QUEUE = "4";
    process.env.SEARCH_MAX_WAIT_MS = "0";
    process.env.SEARCH_RATE_LIMIT = "0";
    process.env.SEARCH_DEADLINE_MS = "300";
    resetSearchLoadControls();
    let release!: () => void;
    const holding = searchAdmission().run(() => new Promise<void>((r) => (release = r)));
    const late = setTimeout(() => release(), 3000);
    const [searched, scanned] = await Promise.all([
      search(searchRoute, { query: { type: "preset", name: "cup-and-handle" }, method: "zned", band: 0.21 }),
      scan(scanRoute, "pattern=double-top&lookback=43"),
    ]);
    clearTimeout(late);
    for (const res of [searched, scanned]) {
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBeTruthy();
      const body = await res.json();
      expect(body.error.code).toBe("unavailable");
      expect(body.error.message).toMatch(/deadline of 300 ms/);
    }
    // the queue let go of both: nothing waits for the slot
    expect(searchAdmission().stats()).toEqual({ running: 1, queued: 0 });
    release();
    await holding;
    delete process.env.SEARCH_DEADLINE_MS;
    delete process.env.SEARCH_MAX_WAIT_MS;
  });

  it.skipIf(skip)("answers other topK and horizon values of a search from one scan, as a direct search would", async () => {
    process.env.SEARCH_CONCURRENCY = "2";
    process.env.SEARCH_RATE_LIMIT = "0";
    resetSearchLoadControls();
    const base = { query: { type: "preset", name: "double-bottom" }, method: "zned", minLength: 30, maxLength: 40 };
    const before = scansRun();
    const answers: { topK: number; horizon: number; body: { matches: { forward: { days: number } }[]; outcomeStats: { horizon: number } } }[] = [];
    // topK 1..10 and 11..20 are two buckets: two scans for the 28 requests
    for (const topK of [1, 2, 3, 5, 8, 10, 13, 20]) {
      for (const horizon of [1, 5, 20, 60]) {
        const res = await search(searchRoute, { ...base, topK, horizon });
        expect(res.status).toBe(200);
        answers.push({ topK, horizon, body: await res.json() });
      }
    }
    expect(scansRun() - before).toBe(2);
    // the same answers as the engine gives each request on its own
    const { getSearchIndex } = await import("@/lib/search-server/get-search-index");
    const { searchPatterns } = await import("@/lib/search/search-patterns");
    const { searchRequestSchema } = await import("@/lib/search/request-schema");
    const index = await getSearchIndex(t.db);
    for (const a of answers.filter((x) => x.topK === 3 || x.horizon === 60)) {
      const direct = await searchPatterns({ index, request: searchRequestSchema.parse({ ...base, topK: a.topK, horizon: a.horizon }) });
      // the route adds each match's alignment to the query after the engine: the rest is the engine's answer
      const matches = a.body.matches.map(({ alignment, ...match }: { alignment?: unknown; forward: { days: number } }) => {
        expect(alignment).toBeDefined();
        return match;
      });
      expect(matches).toEqual(direct.matches);
      expect(a.body.outcomeStats.horizon).toBe(a.horizon);
    }
    // scans of the latest windows are classified once per lookback: pattern and threshold only filter them
    const beforeScans = inferences();
    const first = (await (await scan(scanRoute, "pattern=double-bottom&lookback=47&minProbability=0")).json()) as ScanResultBody;
    expect(inferences() - beforeScans).toBe(1);
    for (const pattern of ["double-top", "head-and-shoulders", "double-bottom"]) {
      const res = await scan(scanRoute, `pattern=${pattern}&lookback=47&minProbability=0.01`);
      expect(res.status).toBe(200);
    }
    expect(first.scanned).toBe(3);
    expect(inferences() - beforeScans).toBe(1);
  });
});
