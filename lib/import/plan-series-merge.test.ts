import { describe, expect, it } from "vitest";
import type { SeriesRow } from "@/lib/import/merge-series-rows";
import { planSeriesMerge, seriesInputs, type StoredSeries } from "@/lib/import/plan-series-merge";
import { createRowReport } from "@/lib/import/row-report";
import type { DailyRow, ParsedTicker } from "@/lib/import/types";

const day = (t: string, c: number): DailyRow => [t, c, c, c, c, 100];

function ticker(daily: DailyRow[], frequency?: string): ParsedTicker {
  return { symbol: "ABC", metadata: {}, document: {}, daily, scalars: [], report: createRowReport(), frequency };
}

const stored = (chunks: Record<number, SeriesRow[]>, frequency = "daily"): Map<string, StoredSeries> =>
  new Map([["daily", { id: 7, frequency, chunks: new Map(Object.entries(chunks).map(([y, r]) => [Number(y), r])) }]]);

describe("planSeriesMerge", () => {
  it("creates a new series with one chunk per year and stats over all of them", () => {
    const plan = planSeriesMerge(seriesInputs(ticker([day("2020-12-30", 1), day("2020-12-31", 2), day("2021-01-04", 3)])), new Map());
    expect(plan.updated).toEqual([]);
    expect(plan.chunks.map((c) => [c.year, c.first, c.last, c.count])).toEqual([
      [2020, "2020-12-30", "2020-12-31", 2],
      [2021, "2021-01-04", "2021-01-04", 1],
    ]);
    expect(plan.created).toHaveLength(1);
    expect(plan.created[0]).toMatchObject({ name: "daily", kind: "ohlcv", frequency: "daily", first: "2020-12-30", last: "2021-01-04", count: 3 });
    expect(plan.created[0].summary).toMatchObject({ lastClose: 3, prevClose: 2, changePct: 50 });
  });

  it("plans nothing when the same rows are already stored (re-import)", () => {
    const rows = [day("2020-12-30", 1), day("2020-12-31", 2)];
    const plan = planSeriesMerge(seriesInputs(ticker(rows)), stored({ 2020: rows.map((r) => [...r] as SeriesRow) }));
    expect(plan).toEqual({ created: [], updated: [], chunks: [] });
  });

  it("rewrites only the years whose content changed, new values winning, stats over stored + new", () => {
    const old2019 = [day("2019-06-03", 5)];
    const old2020 = [day("2020-01-02", 10), day("2020-01-03", 11)];
    const plan = planSeriesMerge(
      seriesInputs(ticker([day("2019-06-03", 5), day("2020-01-03", 12), day("2020-01-06", 13)])),
      stored({ 2019: old2019, 2020: old2020 }),
    );
    expect(plan.created).toEqual([]);
    expect(plan.chunks.map((c) => c.year)).toEqual([2020]);
    expect(plan.chunks[0].rows.map((r) => [r[0], r[4]])).toEqual([["2020-01-02", 10], ["2020-01-03", 12], ["2020-01-06", 13]]);
    expect(plan.updated).toHaveLength(1);
    expect(plan.updated[0]).toMatchObject({ id: 7, first: "2019-06-03", last: "2020-01-06", count: 4 });
  });

  it("updates the series stats alone when only the frequency changed", () => {
    const rows = [day("2020-01-31", 1), day("2020-02-28", 2)];
    const plan = planSeriesMerge(seriesInputs(ticker(rows, "monthly")), stored({ 2020: rows }));
    expect(plan.chunks).toEqual([]);
    expect(plan.updated.map((s) => [s.id, s.frequency])).toEqual([[7, "monthly"]]);
  });

  it("leaves out empty series", () => {
    expect(seriesInputs({ ...ticker([]), scalars: [{ name: "revenue", frequency: "quarterly", rows: [] }] })).toEqual([]);
  });
});
