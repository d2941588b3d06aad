import { describe, expect, it } from "vitest";
import { toDayNumber } from "@/lib/search/dates";
import { appendChunkRows, dayNumberOf, RowColumns, sortedByDay } from "@/lib/search-server/chunk-rows";

describe("dayNumberOf", () => {
  it("gives toDayNumber's day for every date from 1899 to 2101", () => {
    const wrong: string[] = [];
    for (let d = toDayNumber("1899-01-01"); d <= toDayNumber("2101-12-31"); d++) {
      const s = new Date(d * 86_400_000).toISOString().slice(0, 10);
      if (dayNumberOf(s) !== toDayNumber(s)) wrong.push(s);
    }
    expect(wrong).toEqual([]);
  });

  it("leaves anything but a real YYYY-MM-DD to toDayNumber (a timestamp's day, an error for a non-date)", () => {
    expect(dayNumberOf("2020-03-01T12:00:00Z")).toBe(toDayNumber("2020-03-01"));
    for (const s of ["2023-02-30", "2023-13-01", "20x3-01-01", "nonsense"]) {
      let expected: unknown, actual: unknown;
      try { expected = toDayNumber(s); } catch (e) { expected = (e as Error).message; }
      try { actual = dayNumberOf(s); } catch (e) { actual = (e as Error).message; }
      expect(actual).toEqual(expected);
    }
  });
});

describe("appendChunkRows", () => {
  it("reads what JSON.parse reads: numbers bit for bit, NaN for null, strings, booleans and missing values; rows that are not dated arrays skipped", () => {
    const text = `[["2020-01-02", 1.1, -0, 1e3, null, 12345678901234567890], ["2020-01-03", "7", true, 0.1, 2.5], 5, [3, 1, 2], ["2020-01-06", 1, 2, 3, 4, 5, 6, 7]]`;
    const out = new RowColumns(5, 1);
    appendChunkRows(text, out);
    expect(out.length).toBe(3);
    expect(Array.from(out.days.subarray(0, 3))).toEqual(["2020-01-02", "2020-01-03", "2020-01-06"].map(toDayNumber));
    const col = (k: number) => Array.from(out.values[k]!.subarray(0, 3));
    expect(col(0)).toEqual([1.1, NaN, 1]);
    expect(Object.is(col(1)[0], -0)).toBe(true);
    expect(col(1).slice(1)).toEqual([NaN, 2]);
    expect(col(2)).toEqual([1000, 0.1, 3]);
    expect(col(3)).toEqual([NaN, 2.5, 4]);
    expect(col(4)).toEqual([12345678901234567890, NaN, 5]);
  });

  it("puts rows of chunks given out of order in date order, stably", () => {
    const out = new RowColumns(1, 1);
    appendChunkRows(`[["2021-01-04", 3], ["2021-01-05", 4]]`, out);
    appendChunkRows(`[["2020-12-30", 1], ["2021-01-04", 9], ["2020-12-31", 2]]`, out);
    const s = sortedByDay(out);
    expect(Array.from(s.days.subarray(0, s.length))).toEqual(["2020-12-30", "2020-12-31", "2021-01-04", "2021-01-04", "2021-01-05"].map(toDayNumber));
    expect(Array.from(s.values[0]!.subarray(0, s.length))).toEqual([1, 2, 3, 9, 4]);
  });
});
