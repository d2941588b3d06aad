import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { fromDayNumber } from "@/lib/search/dates";
import { searchRequestSchema, type SearchRequest } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import { SearchInputError } from "@/lib/search/search-input-error";
import { randomWalk, rng } from "@/lib/search/testing/random";

const r = rng(21);
const index = buildIndex({
  tickers: ["AAA", "BBB"].map((symbol) => {
    const close = randomWalk(r, 300);
    return { symbol, days: Int32Array.from({ length: 300 }, (_, i) => 16500 + i), open: close, high: close, low: close, close, volume: new Float64Array(300).fill(5) };
  }),
});
const run = (body: SearchRequest) => searchPatterns({ index, request: searchRequestSchema.parse(body) });

describe("searchPatterns", () => {
  it("defaults the lengths around what was given", async () => {
    const res = await run({ query: { type: "sketch", points: [1, 3, 2, 5, 4, 6] }, maxLength: 10, method: "zned" });
    expect(res.matches.length).toBe(20);
    expect(res.matches.every((m) => m.length <= 10)).toBe(true);
    const range = await run({ query: { type: "range", symbol: "AAA", from: fromDayNumber(16600), to: fromDayNumber(16639) }, method: "dtw", topK: 5 });
    expect(range.matches.every((m) => m.length >= 20 && m.length <= 60)).toBe(true);
    expect(range.method).toBe("dtw");
  });

  it("uses DTW for auto and lists the best match first with scores in [0, 1]", async () => {
    const res = await run({ query: { type: "preset", name: "v-reversal" }, minLength: 20, maxLength: 40 });
    expect(res.method).toBe("dtw");
    const d = res.matches.map((m) => m.distance);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(res.matches.every((m) => m.score >= 0 && m.score <= 1)).toBe(true);
  });

  it("searches another field of the candles", async () => {
    await expect(run({ query: { type: "preset", name: "double-top" }, series: "volume" })).resolves.toMatchObject({ matches: [] }); // flat volume has no shape
    await expect(run({ query: { type: "preset", name: "double-top" }, series: "eps" })).rejects.toMatchObject({ field: "series" });
  });

  it("names the field of requests the index cannot answer", async () => {
    await expect(run({ query: { type: "preset", name: "double-top" }, method: "model" })).rejects.toBeInstanceOf(SearchInputError);
    await expect(run({ query: { type: "range", symbol: "ZZZ", from: "2015-01-01", to: "2015-02-01" } })).rejects.toMatchObject({ field: "query.symbol" });
    await expect(run({ query: { type: "range", symbol: "AAA", from: "1990-01-01", to: "1990-02-01" } })).rejects.toMatchObject({ field: "query.from" });
    await expect(run({ query: { type: "sequence", pattern: "G" }, symbols: ["AAA", "NOPE"] })).rejects.toMatchObject({ field: "symbols" });
  });
});
