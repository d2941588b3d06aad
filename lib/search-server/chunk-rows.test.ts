import { describe, expect, it } from "vitest";
import { toDayNumber } from "@/lib/search/dates";
import { packChunkRows } from "@/lib/import/pack-chunk-rows";
import type { SeriesRow } from "@/lib/import/merge-series-rows";
import { appendPackedRows, RowColumns, sortedByDay } from "@/lib/search-server/chunk-rows";

describe("appendPackedRows", () => {
  it("reads back what the importer packs: dates as day numbers, numbers bit for bit, NaN for null and missing values, values past the width left out", () => {
    const rows: SeriesRow[] = [["1899-12-31", 1.1, -0, 1e3, null, 12345678901234567890], ["2020-01-03", 0.1, 2.5], ["2101-12-31", 1, 2, 3, 4, 5, 6, 7]];
    const out = new RowColumns(5, 1);
    appendPackedRows(packChunkRows(rows, 5), out);
    expect(out.length).toBe(3);
    expect(Array.from(out.days.subarray(0, 3))).toEqual(["1899-12-31", "2020-01-03", "2101-12-31"].map(toDayNumber));
    const col = (k: number) => Array.from(out.values[k]!.subarray(0, 3));
    expect(col(0)).toEqual([1.1, 0.1, 1]);
    expect(Object.is(col(1)[0], 0)).toBe(true);
    expect(col(1).slice(1)).toEqual([2.5, 2]);
    expect(col(2)).toEqual([1000, NaN, 3]);
    expect(col(3)).toEqual([NaN, NaN, 4]);
    expect(col(4)).toEqual([12345678901234567890, NaN, 5]);
  });

  it("refuses bytes that are not whole rows of the width asked for", () => {
    const packed = packChunkRows([["2020-01-02", 1]], 1);
    expect(() => appendPackedRows(packed, new RowColumns(5))).toThrow(/not whole rows of 44 bytes/);
    expect(() => appendPackedRows(packed.subarray(0, 11), new RowColumns(1))).toThrow(/11 bytes/);
  });

  it("puts rows of chunks given out of order in date order, stably", () => {
    const out = new RowColumns(1, 1);
    appendPackedRows(packChunkRows([["2021-01-04", 3], ["2021-01-05", 4]], 1), out);
    appendPackedRows(packChunkRows([["2020-12-30", 1], ["2021-01-04", 9], ["2020-12-31", 2]], 1), out);
    const s = sortedByDay(out);
    expect(Array.from(s.days.subarray(0, s.length))).toEqual(["2020-12-30", "2020-12-31", "2021-01-04", "2021-01-04", "2021-01-05"].map(toDayNumber));
    expect(Array.from(s.values[0]!.subarray(0, s.length))).toEqual([1, 2, 3, 9, 4]);
  });
});
