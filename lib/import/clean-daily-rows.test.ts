import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanDailyRows, type RawDailyRow } from "@/lib/import/clean-daily-rows";

let line = 1;
const raw = (t: unknown, o: unknown, h: unknown, l: unknown, c: unknown, v?: unknown): RawDailyRow => ({ line: ++line, t, o, h, l, c, v });

describe("cleanDailyRows", () => {
  it("keeps a row with missing open/high/low as nulls when close exists (like 2016-01-12,,,,88.55,0,DHR)", () => {
    const { rows, report } = cleanDailyRows([raw("2016-01-12", "", "", "", "88.55", "0")]);
    expect(rows).toEqual([["2016-01-12", null, null, null, 88.55, 0]]);
    expect(report).toMatchObject({ read: 1, kept: 1, fixed: 1, rejected: 0 });
    expect(report.fixes["missing open/high/low kept as null"].count).toBe(1);
  });

  it("rejects rows without a usable close or date, with reasons", () => {
    const { rows, report } = cleanDailyRows([
      raw("2016-01-04", "1", "2", "1", "", "5"),
      raw("2016-01-05", "1", "2", "1", "abc", "5"),
      raw("2016-01-06", "1", "2", "1", "0", "5"),
      raw("2016-01-07", "1", "2", "1", "-2", "5"),
      raw("2016-02-30", "1", "2", "1", "1.5", "5"),
      raw("", "1", "2", "1", "1.5", "5"),
    ]);
    expect(rows).toEqual([]);
    expect(report).toMatchObject({ read: 6, kept: 0, rejected: 6, fixed: 0 });
    expect(Object.fromEntries(Object.entries(report.rejections).map(([k, v]) => [k, v.count]))).toEqual({
      "missing close": 1,
      "non-numeric close": 1,
      "zero or negative close": 2,
      "invalid date": 1,
      "missing date": 1,
    });
  });

  it("nulls non-numeric and non-positive open/high/low and bad volumes", () => {
    const { rows, report } = cleanDailyRows([
      raw("2016-01-04", "abc", "11", "9", "10", "n/a"),
      raw("2016-01-05", "0", "-1", "9", "10", "-5"),
    ]);
    expect(rows).toEqual([
      ["2016-01-04", null, 11, 9, 10, null],
      ["2016-01-05", null, null, 9, 10, null],
    ]);
    expect(report.fixed).toBe(2);
    expect(Object.keys(report.fixes).sort()).toEqual([
      "negative volume set to null",
      "non-numeric open set to null",
      "non-numeric volume set to null",
      "zero or negative high set to null",
      "zero or negative open set to null",
    ]);
  });

  it("swaps high < low and widens high/low to contain open and close", () => {
    const { rows, report } = cleanDailyRows([raw("2016-01-08", "10.4", "10.0", "10.6", "10.5", "1"), raw("2016-01-11", "10.5", "10.4", "10.45", "10.8", "1")]);
    expect(rows).toEqual([
      ["2016-01-08", 10.4, 10.6, 10.0, 10.5, 1],
      ["2016-01-11", 10.5, 10.8, 10.4, 10.8, 1],
    ]);
    expect(report.fixes["high < low swapped"].count).toBe(2);
    expect(report.fixes["high/low widened to include open and close"].count).toBe(1);
  });

  it("sorts unsorted dates and keeps the last row of a duplicated date", () => {
    const first = raw("2016-01-05", "1", "2", "1", "1.5", "10");
    const { rows, report } = cleanDailyRows([
      raw("2016-01-06", "1", "2", "1", "1.6", "10"),
      first,
      raw("2016-01-04", "1", "2", "1", "1.4", "10"),
      raw("2016-01-05", "1", "2", "1", "1.55", "11"),
    ]);
    expect(rows.map((r) => [r[0], r[4]])).toEqual([["2016-01-04", 1.4], ["2016-01-05", 1.55], ["2016-01-06", 1.6]]);
    expect(report).toMatchObject({ read: 4, kept: 3, rejected: 1, fixed: 2 });
    expect(report.rejections["duplicate date (a later row replaces it)"].examples).toEqual([first.line]);
    expect(report.fixes["duplicate date (last row kept)"].count).toBe(1);
    expect(report.fixes["date out of order (sorted)"].count).toBe(3);
  });

  it("accepts JSON numbers and nulls (a missing volume column is not a fix)", () => {
    const { rows, report } = cleanDailyRows([raw("2009-06-01", 28.7, 30.05, 28.45, 30.04), raw("2009-06-02", null, 30, 28, 29, null)]);
    expect(rows).toEqual([["2009-06-01", 28.7, 30.05, 28.45, 30.04, null], ["2009-06-02", null, 30, 28, 29, null]]);
    expect(report.fixed).toBe(1);
  });

  it("always accounts for every row: kept + rejected = read, output sorted with unique dates", () => {
    const field = fc.oneof(fc.constant(""), fc.constant("abc"), fc.constant("-1"), fc.constant("0"), fc.double({ min: 0.01, max: 1000, noNaN: true }).map(String));
    const date = fc.oneof(fc.integer({ min: 1, max: 31 }).map((d) => `2016-01-${String(d).padStart(2, "0")}`), fc.constant("bad"));
    fc.assert(
      fc.property(fc.array(fc.tuple(date, field, field, field, field, field), { maxLength: 60 }), (tuples) => {
        const { rows, report } = cleanDailyRows(tuples.map(([t, o, h, l, c, v], i) => ({ line: i + 2, t, o, h, l, c, v })));
        expect(report.kept + report.rejected).toBe(report.read);
        expect(report.read).toBe(tuples.length);
        expect(rows.length).toBe(report.kept);
        expect(report.fixed).toBeLessThanOrEqual(report.kept);
        for (let i = 1; i < rows.length; i++) expect(rows[i - 1][0] < rows[i][0]).toBe(true);
        for (const [, o, h, l, c] of rows) {
          expect(c).toBeGreaterThan(0);
          if (h !== null && l !== null) expect(h).toBeGreaterThanOrEqual(l);
          if (h !== null) expect(h).toBeGreaterThanOrEqual(Math.max(c, o ?? c));
          if (l !== null) expect(l).toBeLessThanOrEqual(Math.min(c, o ?? c));
        }
      }),
    );
  });
});
