import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchStooqDaily } from "@/lib/providers/fetch-stooq-daily";
import { fetchYahooDaily } from "@/lib/providers/fetch-yahoo-daily";
import { addProviderSymbol, listProviderSymbols } from "@/lib/providers/provider-symbols";
import { refreshPrices } from "@/lib/providers/refresh-prices";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

const FIXTURES = path.resolve(import.meta.dirname, "../../lib/providers/fixtures");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");

/** A stand-in for Yahoo and Stooq on 127.0.0.1 serving the recorded-shape answers, and logging the requests. */
function startFakeProviders(): Promise<{ base: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push(url.pathname + url.search);
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": type, ...headers });
      res.end(body);
    };
    const yahoo = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
    if (yahoo) {
      const symbol = decodeURIComponent(yahoo[1]!);
      if (symbol === "AAPL") return send(200, "application/json", fixture("yahoo-aapl-chart.json"));
      if (symbol === "LIMIT") return send(429, "text/plain", fixture("yahoo-429.txt"), { "retry-after": "30" });
      if (symbol === "ZZZZ") return send(200, "application/json", fixture("yahoo-empty.json"));
      return send(404, "application/json", fixture("yahoo-not-found.json"));
    }
    if (url.pathname === "/q/d/l/") {
      const s = url.searchParams.get("s");
      if (s === "aapl.us") return send(200, "text/csv", fixture("stooq-aapl-us.csv"));
      if (s === "busy.us") return send(200, "text/plain", fixture("stooq-limit.txt"));
      if (s === "empty.us") return send(200, "text/plain", "");
      return send(200, "text/plain", fixture("stooq-no-data.txt"));
    }
    send(404, "text/plain", "not found");
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as { port: number };
      resolve({ base: `http://127.0.0.1:${address.port}`, requests, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

describe("provider adapters against a local server", () => {
  let fake: Awaited<ReturnType<typeof startFakeProviders>>;
  beforeAll(async () => {
    fake = await startFakeProviders();
  });
  afterAll(async () => {
    await fake.close();
  });

  it("Yahoo: asks the chart API for daily candles and returns the JSON", async () => {
    const got = await fetchYahooDaily({ symbol: "AAPL", baseUrl: fake.base, range: "1mo" });
    expect(got).toMatchObject({ ok: true, fileName: "AAPL.json" });
    expect(fake.requests.at(-1)).toMatch(/^\/v8\/finance\/chart\/AAPL\?interval=1d&range=1mo/);
  });
  it("Yahoo: reports the error payload, the 429 with its Retry-After and an empty answer", async () => {
    expect(await fetchYahooDaily({ symbol: "NOPE", baseUrl: fake.base })).toMatchObject({ ok: false, status: 404, message: "yahoo answered 404: No data found, symbol may be delisted" });
    expect(await fetchYahooDaily({ symbol: "LIMIT", baseUrl: fake.base })).toMatchObject({ ok: false, status: 429, retryAfterSeconds: 30, message: "yahoo rate limit (429): retry after 30 s" });
    expect(await fetchYahooDaily({ symbol: "ZZZZ", baseUrl: fake.base })).toMatchObject({ ok: false, message: "yahoo: no prices in the answer" });
  });
  it("Stooq: returns the CSV; 'No data', the hits limit and an empty body are failures", async () => {
    expect(await fetchStooqDaily({ symbol: "AAPL", baseUrl: fake.base })).toMatchObject({ ok: true, fileName: "aapl.us.csv" });
    expect(await fetchStooqDaily({ symbol: "NOPE", baseUrl: fake.base })).toMatchObject({ ok: false, message: "stooq: No data" });
    expect(await fetchStooqDaily({ symbol: "BUSY", baseUrl: fake.base })).toMatchObject({ ok: false, status: 429 });
    expect(await fetchStooqDaily({ symbol: "EMPTY", baseUrl: fake.base })).toMatchObject({ ok: false, message: "stooq: empty answer" });
  });
  it("reports an unreachable provider without throwing", async () => {
    const got = await fetchYahooDaily({ symbol: "AAPL", baseUrl: "http://127.0.0.1:9", timeoutMs: 2000 });
    expect(got).toMatchObject({ ok: false, status: 0 });
  });
});

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("refreshing prices into %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let fake: Awaited<ReturnType<typeof startFakeProviders>>;
  beforeAll(async () => {
    if (skip) return;
    t = await create();
    fake = await startFakeProviders();
  });
  afterAll(async () => {
    await fake?.close();
    await t?.drop();
  });

  it.skipIf(skip)("feeds each provider's answer to the importer and records per-symbol status", async () => {
    await addProviderSymbol(t.db, { symbol: "aapl", provider: "yahoo" });
    await addProviderSymbol(t.db, { symbol: "NOPE", provider: "stooq" });
    const baseUrls = { yahoo: fake.base, stooq: fake.base };
    const results = await refreshPrices(t.db, { baseUrls });
    expect(results).toEqual([
      { symbol: "AAPL", provider: "yahoo", status: "ok", message: "9 rows (new)", rowsKept: 9 },
      { symbol: "NOPE", provider: "stooq", status: "failed", message: "stooq: No data" },
    ]);
    const stored = await t.db.$queryRaw<{ count: number; first: string; last: string; name: string }[]>`
      SELECT s.count, to_char(s.first, 'YYYY-MM-DD') AS first, to_char(s.last, 'YYYY-MM-DD') AS last, t.name
      FROM series s JOIN ticker t ON t.id = s.ticker_id WHERE t.symbol = 'AAPL' AND s.name = 'daily'`;
    expect(stored).toEqual([{ count: 9, first: "2024-01-02", last: "2024-01-12", name: "Apple Inc." }]);

    // Stooq's CSV of the same days merges into the stored series: nothing new.
    await addProviderSymbol(t.db, { symbol: "AAPL", provider: "stooq" });
    const again = await refreshPrices(t.db, { baseUrls, symbols: ["AAPL"] });
    expect(again[0]).toMatchObject({ symbol: "AAPL", provider: "stooq", status: "ok" });
    const list = await listProviderSymbols(t.db);
    expect(list.map((s) => [s.symbol, s.provider, s.lastStatus])).toEqual([["AAPL", "stooq", "ok"], ["NOPE", "stooq", "failed"]]);
  });

  it.skipIf(skip)("skips the rest of a provider's symbols for this run after a 429", async () => {
    await addProviderSymbol(t.db, { symbol: "LIMIT", provider: "yahoo" });
    await addProviderSymbol(t.db, { symbol: "MSFT", provider: "yahoo" });
    const before = fake.requests.length;
    const results = await refreshPrices(t.db, { baseUrls: { yahoo: fake.base, stooq: fake.base }, symbols: ["LIMIT", "MSFT"] });
    expect(results.map((r) => r.message)).toEqual(["yahoo rate limit (429): retry after 30 s", "skipped: yahoo rate-limited this run"]);
    expect(fake.requests.length - before).toBe(1);
  });
});
