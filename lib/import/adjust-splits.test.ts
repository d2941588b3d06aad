import { describe, expect, it } from "vitest";
import { adjustSplits } from "@/lib/import/adjust-splits";
import { cleanDailyRows } from "@/lib/import/clean-daily-rows";

const row = (t: string, c: number, v: number, split = 1) => ({ row: { line: 0, t, o: c, h: c * 1.01, l: c * 0.99, c, v }, split });

describe("adjustSplits", () => {
  it("divides prices before a 4:1 split by 4 and multiplies volume, so there is no cliff", () => {
    // AlphaVantage order: newest first; the split day already trades post-split.
    const adjusted = adjustSplits([row("2020-09-01", 134, 150), row("2020-08-31", 129, 220, 4), row("2020-08-28", 500, 50), row("2020-08-27", 504, 40)]);
    const { rows } = cleanDailyRows(adjusted);
    expect(rows.map((r) => r[0])).toEqual(["2020-08-27", "2020-08-28", "2020-08-31", "2020-09-01"]);
    expect(rows.map((r) => r[4])).toEqual([126, 125, 129, 134]);
    expect(rows.map((r) => r[5])).toEqual([160, 200, 220, 150]);
    for (let i = 1; i < rows.length; i++) expect(Math.abs(rows[i][4] / rows[i - 1][4] - 1)).toBeLessThan(0.05);
  });

  it("accumulates several splits and ignores input order", () => {
    const adjusted = adjustSplits([row("2020-01-01", 600, 1), row("2020-03-01", 50, 1, 2), row("2020-02-01", 300, 1, 3), row("2020-04-01", 51, 1)]);
    const closes = adjusted.map((r) => r.c);
    expect(closes).toEqual([100, 50, 150, 51]);
  });

  it("leaves non-numeric fields for cleaning to report", () => {
    const [older] = adjustSplits([{ row: { line: 3, t: "2020-01-01", o: "x", h: "", l: 1, c: 8, v: "?" }, split: 1 }, row("2020-01-02", 2, 1, 4)]);
    expect(older).toMatchObject({ o: "x", h: "", l: 0.25, c: 2, v: "?" });
  });
});
