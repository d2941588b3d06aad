import { describe, expect, it } from "vitest";
import { chunkText, createCandleTextCache, sliceChunkText } from "@/lib/candles/candle-chunk-text";

type Row = [string, number | null, number | null, number | null, number | null, number | null];
const candles = (rows: Row[]) => rows.map(([t, o, h, l, c, v]) => ({ t, o, h, l, c, v }));
/** what PostgreSQL prints for a JSONB array of rows */
const printed = (rows: unknown[]) => JSON.stringify(rows).replaceAll(",", ", ");
const parse = (parts: Buffer[]) => JSON.parse(`[${parts.map((p) => p.toString("utf8")).join(",")}]`);

const ROWS: Row[] = [
  ["2016-01-11", 88.1, 89, 87.5, 88.2, 1200],
  ["2016-01-12", null, null, null, 88.55, 0],
  ["2016-01-13", 88.6, 90.25, 0.000015, 1.5e-5, null],
  ["2016-01-14", -1, 2, 3, 4, 5],
];

describe("chunkText", () => {
  it("rewrites printed rows into API candles, exact numbers and nulls kept", () => {
    const chunk = chunkText(printed(ROWS), "1:2016:7");
    expect(parse([chunk.bytes])).toEqual(candles(ROWS));
    expect(chunk.version).toBe("1:2016:7");
    expect(chunk.sorted).toBe(true);
  });

  it("falls back to parsing when a row is not in the stored shape, with the same answer", () => {
    const odd = [...ROWS.slice(0, 2), ["2016-01-13", "x", 1, 2, 3, 4], ["2016-01-14", 1, 2, 3, 4, 5, 6]];
    const chunk = chunkText(printed(odd), "v");
    expect(parse([chunk.bytes])).toEqual([...candles(ROWS.slice(0, 2)), { t: "2016-01-13", o: "x", h: 1, l: 2, c: 3, v: 4 }, { t: "2016-01-14", o: 1, h: 2, l: 3, c: 4, v: 5 }]);
  });

  it("slices a date range out of the text, inclusive at both ends", () => {
    const chunk = chunkText(printed(ROWS), "v");
    expect(parse(sliceChunkText(chunk, "2016-01-12", "2016-01-13"))).toEqual(candles(ROWS.slice(1, 3)));
    expect(parse(sliceChunkText(chunk, "2016-01-14", "2016-12-31"))).toEqual(candles(ROWS.slice(3)));
    expect(parse(sliceChunkText(chunk, "0001-01-01", "9999-12-31"))).toEqual(candles(ROWS));
    expect(sliceChunkText(chunk, "2016-02-01", "2016-03-01")).toEqual([]);
    expect(sliceChunkText(chunk, "2016-01-12", "2016-01-11")).toEqual([]);
  });

  it("keeps the stored order of rows that are out of date order and still filters by date", () => {
    const shuffled = [ROWS[2]!, ROWS[0]!, ROWS[3]!, ROWS[1]!];
    const chunk = chunkText(printed(shuffled), "v");
    expect(chunk.sorted).toBe(false);
    expect(parse(sliceChunkText(chunk, "2016-01-12", "2016-01-13"))).toEqual(candles([ROWS[2]!, ROWS[1]!]));
  });

  it("counts bytes of non-ASCII text in the row offsets", () => {
    const chunk = chunkText(printed([["2016-01-11", 1, 2, 3, 4, 5], ["2016-01-12", "é€", 2, 3, 4, 5], ["2016-01-13", 1, 2, 3, 4, 6]]), "v");
    expect(parse(sliceChunkText(chunk, "2016-01-13", "2016-01-13"))).toEqual([{ t: "2016-01-13", o: 1, h: 2, l: 3, c: 4, v: 6 }]);
  });

  it("bounds the cache by bytes", () => {
    const cache = createCandleTextCache(100_000);
    const big = chunkText(printed(Array.from({ length: 400 }, (_, i): Row => [`2016-${String(1 + (i % 12)).padStart(2, "0")}-01`, i, i, i, i, i])), "v");
    for (let id = 1; id <= 20; id++) cache.set(`S${id}`, new Map([[2016, big]]));
    expect(cache.size).toBeLessThan(10);
    expect(cache.calculatedSize).toBeLessThanOrEqual(100_000);
  });
});
