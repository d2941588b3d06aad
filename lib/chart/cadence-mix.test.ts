import { describe, expect, it } from "vitest";
import { describeCadenceMix } from "@/lib/chart/cadence-mix";

const tickers = [
  { symbol: "SPX", first: "2000-01-03", last: "2020-12-31", count: 5285 },
  { symbol: "MSFT", first: "2013-02-08", last: "2018-02-07", count: 1259 },
  { symbol: "AAPL-SAMPLE", first: "2000-01-01", last: "2010-03-01", count: 123 },
];

describe("describeCadenceMix", () => {
  it("warns when a monthly range is matched against daily windows", () => {
    const w = describeCadenceMix({ query: { type: "range", symbol: "AAPL-SAMPLE" }, matches: [{ symbol: "SPX" }, { symbol: "MSFT" }, { symbol: "SPX" }], tickers });
    expect(w).toMatch(/^The picked range is monthly data \(AAPL-SAMPLE\), and the matches are daily series \(SPX, MSFT\): the search compares candles as candles/);
  });

  it("warns when a drawn shape finds monthly series among daily ones", () => {
    const w = describeCadenceMix({ query: { type: "sketch" }, matches: [{ symbol: "SPX" }, { symbol: "AAPL-SAMPLE" }, { symbol: "MSFT" }], tickers });
    expect(w).toMatch(/^1 match is from monthly series \(AAPL-SAMPLE\) while the others are daily: /);
  });

  it("says nothing when everything compared has one cadence, or the tickers are unknown", () => {
    expect(describeCadenceMix({ query: { type: "range", symbol: "SPX" }, matches: [{ symbol: "MSFT" }], tickers })).toBeNull();
    expect(describeCadenceMix({ query: { type: "preset" }, matches: [{ symbol: "SPX" }, { symbol: "MSFT" }], tickers })).toBeNull();
    expect(describeCadenceMix({ query: { type: "preset" }, matches: [{ symbol: "ZZZ" }, { symbol: "AAPL-SAMPLE" }], tickers })).toBeNull();
    expect(describeCadenceMix({ query: { type: "preset" }, matches: [], tickers })).toBeNull();
  });
});
