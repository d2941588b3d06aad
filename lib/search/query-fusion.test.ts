import { describe, expect, it } from "vitest";
import { fuseRankings } from "@/lib/search/query-fusion";
import type { Match } from "@/lib/search/types";

const match = (symbol: string, start: string, end: string, distance = 0.5): Match => ({ symbol, start, end, length: 10, distance, score: 1 - distance, forward: { days: 20, return: null } });

describe("fuseRankings", () => {
  const a = [match("AAA", "2015-01-05", "2015-02-05", 0.1), match("BBB", "2015-03-02", "2015-04-01", 0.2), match("CCC", "2016-01-04", "2016-02-04", 0.3)];
  const b = [match("CCC", "2016-01-06", "2016-02-05", 0.9), match("DDD", "2014-05-01", "2014-06-02", 0.8), match("AAA", "2015-01-06", "2015-02-04", 0.7)];

  it("ranks a window both lists hold above windows only one list ranks higher", () => {
    // AAA: 1/1 + 1/3; CCC: 1/3 + 1/1; BBB: 1/2; DDD: 1/2 (k = 0)
    const fused = fuseRankings([a, b], { topK: 4 });
    expect(fused.map((m) => m.symbol)).toEqual(["AAA", "CCC", "BBB", "DDD"]);
  });

  it("keeps the first list's window and distance for a place both found", () => {
    const fused = fuseRankings([a, b], { topK: 2 });
    expect(fused[1]).toEqual(a[2]);
  });

  it("a large k flattens the ranks' weights; the order stays stable for ties", () => {
    const fused = fuseRankings([a, b], { topK: 4, k: 1000 });
    expect(fused.slice(0, 2).map((m) => m.symbol)).toEqual(["AAA", "CCC"]);
    expect(fused.slice(2).map((m) => m.symbol)).toEqual(["BBB", "DDD"]);
  });

  it("never returns two windows that overlap on one ticker, and at most topK", () => {
    // the second list's AAA overlaps the first's by less than half: a different place, but not apart
    const partly = [match("AAA", "2015-01-25", "2015-03-20"), match("EEE", "2017-01-02", "2017-02-01")];
    const fused = fuseRankings([a, partly], { topK: 10 });
    expect(fused.filter((m) => m.symbol === "AAA")).toHaveLength(1);
    expect(fused.map((m) => m.symbol).sort()).toEqual(["AAA", "BBB", "CCC", "EEE"]);
    expect(fuseRankings([a, b], { topK: 1 })).toHaveLength(1);
  });

  it("one list comes back as it was", () => {
    expect(fuseRankings([a], { topK: 3 })).toEqual(a);
    expect(fuseRankings([[], []], { topK: 3 })).toEqual([]);
  });
});
