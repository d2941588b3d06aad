import { describe, expect, it } from "vitest";
import { MAX_SAME_TICKER, onePerTicker } from "@/lib/search/one-per-ticker";
import type { Match } from "@/lib/search/types";

const match = (symbol: string, start: string, distance: number): Match => ({ symbol, start, end: start, length: 20, distance, score: 1 - distance, forward: { days: 20, return: null } });

describe("one match per ticker", () => {
  it("keeps each ticker's best match in rank order and hands it the others of its ticker, best first", () => {
    const ranked = [match("AAA", "2015-01-01", 0.1), match("AAA", "2016-01-01", 0.2), match("BBB", "2015-03-01", 0.25), match("AAA", "2017-01-01", 0.3), match("CCC", "2014-01-01", 0.4), match("BBB", "2018-01-01", 0.5)];
    const kept = onePerTicker(ranked, 10);
    expect(kept.map((m) => m.symbol)).toEqual(["AAA", "BBB", "CCC"]);
    expect(kept[0].start).toBe("2015-01-01");
    expect(kept[0].sameTicker.map((m) => m.start)).toEqual(["2016-01-01", "2017-01-01"]);
    expect(kept[1].sameTicker.map((m) => m.start)).toEqual(["2018-01-01"]);
    expect(kept[2].sameTicker).toEqual([]);
    // every match is either kept or with its ticker's kept match
    expect(kept.length + kept.reduce((n, m) => n + m.sameTicker.length, 0)).toBe(ranked.length);
  });

  it("stops at topK tickers and caps the matches carried per ticker", () => {
    const ranked = [...Array.from({ length: 30 }, (_, i) => match("AAA", `2015-01-${String(i + 1).padStart(2, "0")}`, i / 100)), match("BBB", "2015-01-01", 0.5), match("CCC", "2015-01-01", 0.6)];
    const kept = onePerTicker(ranked, 2);
    expect(kept.map((m) => m.symbol)).toEqual(["AAA", "BBB"]);
    expect(kept[0].sameTicker).toHaveLength(MAX_SAME_TICKER);
  });
});
