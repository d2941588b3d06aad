import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ZodError } from "zod";
import { toAppError } from "@/lib/api/error-table";
import { buildIndex } from "@/lib/search/build-index";
import { toDayNumber } from "@/lib/search/dates";
import { PRESET_NAMES } from "@/lib/search/presets";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { resolveQuery, type ShapeQuery } from "@/lib/search/resolve-query";
import { SearchInputError } from "@/lib/search/search-input-error";
import type { TickerColumns } from "@/lib/search/types";
import { createPgliteDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows, type Row } from "@/tests/helpers/seed-rows";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 10_000);

// Two small tickers; the generated requests name them, unknown symbols and junk.
const SERIES: Record<string, Row[]> = { AAA: makeDailyRows("2014-01-01", 160, 3), BBB: makeDailyRows("2014-03-03", 90, 5) };

const dateLike = fc.oneof(
  fc.constantFrom("2014-01-02", "2014-03-31", "2014-06-30", "2015-02-28", "2013-12-31", "1970-01-01", "9999-12-31", "0000-01-01"),
  fc.constantFrom("2015-02-30", "2015-13-01", "2015-00-10", "2015-99-99", "9999-99-99", "2015-1-1", "20150101", "", "2015-01-01T00:00:00Z", "2015-01-01\u0000", "２０１５-01-01"),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(
    ([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
  ),
);
const goodDate = fc.constantFrom("2013-12-31", "2014-01-02", "2014-02-14", "2014-03-31", "2014-05-30", "2014-06-30", "2014-09-01");
const junk = fc.oneof(
  fc.constantFrom(null, true, "", "'; DROP TABLE ticker;--", "%00", "\u0000", "__proto__", "constructor", "😀", 1e308, -1e308, 5e-324, -0, Number.MAX_SAFE_INTEGER + 2),
  fc.jsonValue({ maxDepth: 2 }),
);
const num = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -10, max: 2000 }),
  fc.constantFrom(1e308, -1e308, 1.7976931348623157e308, 5e-324, 0, -0, 0.5),
);
const symbol = fc.oneof(fc.constantFrom("AAA", "BBB", "aaa", "ZZZ", "AAA ", "'; DROP TABLE ticker;--", "A".repeat(5000)), fc.string({ maxLength: 12 }));
const validQuery = fc.oneof(
  fc.record({ type: fc.constant("sketch"), points: fc.oneof(fc.array(num, { minLength: 5, maxLength: 40 }), fc.array(fc.constantFrom(1e308, -1e308, 1, 0), { minLength: 5, maxLength: 12 })) }),
  fc.record({ type: fc.constant("range"), symbol: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("AAA", "BBB") }, symbol), from: goodDate, to: goodDate }),
  fc.record({ type: fc.constant("preset"), name: fc.constantFrom(...PRESET_NAMES) }),
  fc.record(
    { type: fc.constant("sequence"), pattern: fc.stringMatching(/^[GRDOgrdo]{1,12}$/), colorBy: fc.constantFrom("candle", "change"), threshold: fc.double({ min: 0.001, max: 1, noNaN: true }), doji: fc.double({ min: 0, max: 1, noNaN: true }) },
    { requiredKeys: ["type", "pattern"] },
  ),
);
/** Plausible bodies: every field in or near its range (dates and symbols may still be unknown or unreal). */
const plausible = fc.record(
  {
    query: validQuery,
    method: fc.constantFrom("zned", "dtw", "auto", "model"),
    minLength: fc.integer({ min: 3, max: 60 }),
    maxLength: fc.integer({ min: 20, max: 300 }),
    topK: fc.integer({ min: 1, max: 500 }),
    symbols: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom("AAA", "BBB") }, symbol), { maxLength: 3 }),
    from: goodDate,
    to: goodDate,
    horizon: fc.integer({ min: 1, max: 500 }),
    series: fc.constantFrom("close", "open", "high", "low", "volume", "revenue", "nope", "__proto__"),
    band: fc.double({ min: 0, max: 0.5, noNaN: true }),
  },
  { requiredKeys: ["query"] },
);
const KEYS = ["query", "method", "minLength", "maxLength", "topK", "symbols", "from", "to", "horizon", "series", "band", "__proto__", "constructor", "extra"];
const hostileQuery = fc.oneof(
  fc.record({ type: fc.constant("sketch"), points: fc.oneof(fc.array(num, { maxLength: 600 }), fc.array(junk, { maxLength: 8 })) }),
  fc.record({ type: fc.constant("range"), symbol: fc.oneof(symbol, junk), from: fc.oneof(dateLike, junk), to: fc.oneof(dateLike, junk) }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("preset"), name: fc.oneof(fc.string({ maxLength: 20 }), junk) }),
  fc.record({ type: fc.constant("sequence"), pattern: fc.oneof(fc.string({ maxLength: 70 }), junk), colorBy: junk, threshold: fc.oneof(num, junk), doji: fc.oneof(num, junk) }, { requiredKeys: ["type"] }),
  junk,
);
/** A plausible body with one or two fields replaced by hostile values (own __proto__ keys included). */
const corrupted = fc.tuple(plausible, fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.oneof(junk, num, dateLike, hostileQuery)), { minLength: 1, maxLength: 2 })).map(([b, edits]) => {
  const out: Record<string, unknown> = { ...b };
  for (const [key, value] of edits) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
});
const body = fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 4, arbitrary: corrupted }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });

function tickerColumns(symbol: string, rows: Row[]): TickerColumns {
  const col = (i: number) => Float64Array.from(rows, (r) => (r[i] as number | null) ?? Number.NaN);
  return { symbol, days: Int32Array.from(rows, (r) => toDayNumber(r[0])), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}

describe("search request validation -> resolveQuery, on random and hostile bodies", () => {
  const index = buildIndex({ tickers: Object.entries(SERIES).map(([s, rows]) => tickerColumns(s, rows)) });

  it(`throws only a ZodError or a SearchInputError, and maps to a 4xx (${RUNS} cases)`, () => {
    let valid = 0;
    fc.assert(
      fc.property(body, (b) => {
        try {
          const request = searchRequestSchema.parse(b);
          valid++;
          if (request.query.type === "sequence") return;
          const resolved = resolveQuery({
            query: request.query as ShapeQuery,
            minLength: request.minLength,
            maxLength: request.maxLength,
            bySymbol: index.bySymbol,
            days: index.days,
            offsets: index.offsets,
            rangeValues: () => index.fields.close,
          });
          expect(resolved.minLength).toBeLessThanOrEqual(resolved.maxLength);
          expect(resolved.points.length).toBeGreaterThanOrEqual(5);
        } catch (error) {
          if (!(error instanceof ZodError) && !(error instanceof SearchInputError)) throw error;
          const status = error instanceof ZodError ? toAppError(error).status : 400;
          expect(status).toBe(400);
        }
      }),
      { numRuns: RUNS },
    );
    // The generator must reach past validation often enough to exercise resolveQuery.
    expect(valid).toBeGreaterThan(RUNS / 50);
  });
});

type PostRoute = { POST: (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> };

describe("POST /api/search on random and hostile bodies (PGlite, the route's whole path)", () => {
  let t: TestDatabase;
  let route: PostRoute;
  const saved = { ...process.env };

  beforeAll(async () => {
    t = await createPgliteDatabase();
    for (const [s, rows] of Object.entries(SERIES)) await insertDailySeries(t.db, s, rows, { scalars: s === "AAA" ? { revenue: [["2014-03-31", 10], ["2014-06-30", 12], ["2014-09-30", 11], ["2014-12-31", 9], ["2015-03-31", 13], ["2015-06-30", 14]] } : {} });
    process.env.SEARCH_RATE_LIMIT = "0";
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    route = (await import("@/app/api/search/route")) as unknown as PostRoute;
    (await import("@/lib/search-server/search-rate-limit")).resetSearchLoadControls();
  });
  afterAll(async () => {
    process.env = saved;
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  it(`answers 200 or a 4xx with a JSON error naming the problem, never a 5xx (${RUNS} cases)`, async () => {
    const statuses = new Map<number, number>();
    const rawText = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("", "{", "null", "[]", '{"query":', "\u0000", '{"__proto__":{"polluted":1}}'));
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 8, arbitrary: body.map((b) => JSON.stringify(b) ?? "null") }, { weight: 1, arbitrary: rawText }), async (text) => {
        const response = await route.POST(
          new NextRequest("http://localhost/api/search", { method: "POST", body: text, headers: { "content-type": "application/json" } }),
          { params: Promise.resolve({}) },
        );
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const payload = (await response.json()) as { error?: { code: string; message: string }; matches?: unknown[] };
        if (response.status === 200) {
          expect(Array.isArray(payload.matches)).toBe(true);
          return;
        }
        expect([400, 409], `${response.status} for ${text}: ${JSON.stringify(payload)}`).toContain(response.status);
        expect(payload.error?.message).toMatch(/\S/);
      }),
      { numRuns: RUNS },
    );
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    console.log(`[faults] /api/search statuses over ${RUNS} random bodies: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    // 10,000 searches through the route: a minute of CPU on a quiet machine, more when it is shared
  }, 300_000);
});
