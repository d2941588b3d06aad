import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

type Params = Record<string, string>;
type RouteModule = { GET: (req: NextRequest, ctx: { params: Promise<Params> }) => Promise<Response> };

async function call(route: RouteModule, url: string, params: Params = {}) {
  const response = await route.GET(new NextRequest(`http://localhost${url}`), { params: Promise.resolve(params) });
  return { status: response.status, body: await response.json() };
}

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("read API on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let routes: { tickers: RouteModule; candles: RouteModule; series: RouteModule; seriesByName: RouteModule; health: RouteModule };
  const aaRows = makeDailyRows("2014-01-01", 800, 3);

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    await insertDailySeries(t.db, "AAA", aaRows, {
      name: "Alpha Corp",
      scalars: { revenue: [["2015-03-31", 10], ["2015-06-30", 12], ["2015-09-30", 11]] },
    });
    await insertDailySeries(t.db, "BBB", makeDailyRows("2016-06-01", 30, 9), { name: "Beta Inc" });
    await insertDailySeries(t.db, "NUL", [
      ["2016-01-11", 88.1, 89, 87.5, 88.2, 1200],
      ["2016-01-12", null, null, null, 88.55, 0],
      ["2016-01-13", 88.6, 90.25, 0.000015, 1.5e-5, null],
    ]);
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    routes = {
      tickers: await import("@/app/api/tickers/route"),
      candles: await import("@/app/api/tickers/[symbol]/candles/route"),
      series: await import("@/app/api/tickers/[symbol]/series/route"),
      seriesByName: await import("@/app/api/tickers/[symbol]/series/[name]/route"),
      health: await import("@/app/api/health/route"),
    } as unknown as typeof routes;
  });
  afterAll(async () => {
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  it.skipIf(skip)("reports health", async () => {
    expect(await call(routes.health, "/api/health")).toEqual({ status: 200, body: { status: "ok", db: "ok", searchIndex: { state: expect.any(String) } } });
  });

  it.skipIf(skip)("lists tickers with summaries and filters by symbol or name", async () => {
    const all = await call(routes.tickers, "/api/tickers");
    expect(all.status).toBe(200);
    expect(all.body.map((t: { symbol: string }) => t.symbol)).toEqual(["AAA", "BBB", "NUL"]);
    const aaa = all.body[0];
    expect(aaa).toMatchObject({ symbol: "AAA", name: "Alpha Corp", count: 800, first: aaRows[0][0], last: aaRows.at(-1)![0], lastClose: aaRows.at(-1)![4] });
    expect(aaa.spark).toHaveLength(90);
    const byName = await call(routes.tickers, "/api/tickers?q=beta");
    expect(byName.body.map((t: { symbol: string }) => t.symbol)).toEqual(["BBB"]);
    const wildcard = await call(routes.tickers, "/api/tickers?q=%25");
    expect(wildcard.body).toEqual([]);
    // the JSON PostgreSQL builds for the API is exactly what the pages get from listTickers
    const { listTickers } = await import("@/lib/tickers/list-tickers");
    expect(all.body).toEqual(await listTickers(t.db));
    expect(byName.body).toEqual(await listTickers(t.db, { q: "beta" }));
  });

  it.skipIf(skip)("returns every candle across yearly chunks, and slices by date", async () => {
    const all = await call(routes.candles, "/api/tickers/aaa/candles", { symbol: "aaa" });
    expect(all.status).toBe(200);
    expect(all.body.symbol).toBe("AAA");
    expect(all.body.candles).toHaveLength(800);
    expect(all.body.candles[0]).toEqual({ t: aaRows[0][0], o: aaRows[0][1], h: aaRows[0][2], l: aaRows[0][3], c: aaRows[0][4], v: aaRows[0][5] });
    const dates = all.body.candles.map((c: { t: string }) => c.t);
    expect([...dates].sort()).toEqual(dates);

    const slice = await call(routes.candles, "/api/tickers/AAA/candles?from=2014-12-15&to=2015-01-15", { symbol: "AAA" });
    const expected = aaRows.filter((r) => r[0] >= "2014-12-15" && r[0] <= "2015-01-15").map((r) => r[0]);
    expect(slice.body.candles.map((c: { t: string }) => c.t)).toEqual(expected);
  });

  it.skipIf(skip)("keeps missing fields as null and numbers exact in the candles body", async () => {
    const result = await call(routes.candles, "/api/tickers/NUL/candles", { symbol: "NUL" });
    expect(result.body).toEqual({
      symbol: "NUL",
      candles: [
        { t: "2016-01-11", o: 88.1, h: 89, l: 87.5, c: 88.2, v: 1200 },
        { t: "2016-01-12", o: null, h: null, l: null, c: 88.55, v: 0 },
        { t: "2016-01-13", o: 88.6, h: 90.25, l: 0.000015, c: 0.000015, v: null },
      ],
    });
  });

  it.skipIf(skip)("answers bad parameters with 400 naming them, unknown symbols with 404", async () => {
    const badDate = await call(routes.candles, "/api/tickers/AAA/candles?from=2015-13-01", { symbol: "AAA" });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.code).toBe("bad_request");
    expect(badDate.body.error.message).toMatch(/^from/);
    const reversed = await call(routes.candles, "/api/tickers/AAA/candles?from=2016-01-01&to=2015-01-01", { symbol: "AAA" });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toMatch(/from must not be after to/);
    const injection = await call(routes.candles, "/api/tickers/x/candles", { symbol: "AAA'; DROP TABLE ticker;--" });
    expect(injection.status).toBe(400);
    expect(injection.body.error.message).toMatch(/^symbol/);
    const unknown = await call(routes.candles, "/api/tickers/ZZZ/candles", { symbol: "ZZZ" });
    expect(unknown).toEqual({ status: 404, body: { error: { code: "not_found", message: "Unknown symbol: ZZZ" } } });
  });

  it.skipIf(skip)("lists and reads the document's other series", async () => {
    const list = await call(routes.series, "/api/tickers/AAA/series", { symbol: "AAA" });
    expect(list.body.map((s: { name: string; kind: string }) => [s.name, s.kind])).toEqual([["daily", "ohlcv"], ["revenue", "scalar"]]);
    const revenue = await call(routes.seriesByName, "/api/tickers/AAA/series/revenue", { symbol: "AAA", name: "revenue" });
    expect(revenue.body).toMatchObject({ symbol: "AAA", name: "revenue", kind: "scalar", points: [{ t: "2015-03-31", v: 10 }, { t: "2015-06-30", v: 12 }, { t: "2015-09-30", v: 11 }] });
    const missing = await call(routes.seriesByName, "/api/tickers/AAA/series/ebitda", { symbol: "AAA", name: "ebitda" });
    expect(missing.status).toBe(404);
  });

  it.skipIf(skip)("the ticker list follows new data at once (its cached text is keyed by the data's stamp)", async () => {
    const before = await call(routes.tickers, "/api/tickers");
    await insertDailySeries(t.db, "ZZZ", makeDailyRows("2017-01-02", 40, 5), { name: "Zed Ltd" });
    const after = await call(routes.tickers, "/api/tickers");
    expect(after.body.map((x: { symbol: string }) => x.symbol)).toEqual([...before.body.map((x: { symbol: string }) => x.symbol), "ZZZ"]);
    await t.db.$executeRaw`UPDATE ticker SET name = 'Zed Renamed', updated_at = now() + interval '1 second' WHERE symbol = 'ZZZ'`;
    const renamed = await call(routes.tickers, "/api/tickers");
    expect(renamed.body.at(-1)).toMatchObject({ symbol: "ZZZ", name: "Zed Renamed", count: 40 });
    await t.db.$executeRaw`DELETE FROM ticker WHERE symbol = 'ZZZ'`;
    expect((await call(routes.tickers, "/api/tickers")).body).toEqual(before.body);
  });
});
