import { describe, expect, it } from "vitest";
import { mergeSeriesRows, splitByYear, summarizeSeries } from "@/lib/import/merge-series-rows";

describe("series merging", () => {
  it("merges by date with the incoming row winning and no duplicates", () => {
    const stored = [["2020-01-01", 1], ["2020-01-03", 3], ["2020-01-05", 5]] as const;
    const incoming = [["2020-01-03", 30], ["2020-01-04", 4], ["2020-01-06", 6]] as const;
    expect(mergeSeriesRows<readonly [string, number]>([...stored], [...incoming])).toEqual([
      ["2020-01-01", 1], ["2020-01-03", 30], ["2020-01-04", 4], ["2020-01-05", 5], ["2020-01-06", 6],
    ]);
  });

  it("splits sorted rows into calendar years", () => {
    const years = splitByYear([["2019-12-31", 1], ["2020-01-02", 2], ["2020-06-01", 3]] as [string, number][]);
    expect([...years.keys()]).toEqual([2019, 2020]);
    expect(years.get(2020)).toHaveLength(2);
  });

  it("summarises the last close, the change and a 90-close sparkline", () => {
    const rows = Array.from({ length: 100 }, (_, i) => [`2020-01-${i}`, null, null, null, 100 + i, 0] as const);
    const s = summarizeSeries("ohlcv", rows);
    expect(s).toMatchObject({ lastClose: 199, prevClose: 198, changePct: 0.5051 });
    expect((s.spark as number[]).length).toBe(90);
    expect(summarizeSeries("scalar", [["2020-03-31", 10], ["2020-06-30", 12]])).toEqual({ last: 12, prev: 10, changePct: 20 });
  });
});
