import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import { loadLongCsv } from "@/lib/search/testing/load-long-csv";
import { randomCandles } from "@/lib/search/testing/random-candles";
import type { TickerColumns } from "@/lib/search/types";

const candles = (seed: number, count: number, n: number) => randomCandles({ seed, count, n });

function bruteCount(tickers: TickerColumns[], pattern: string, colour: (t: TickerColumns, i: number) => string): number {
  let n = 0;
  for (const t of tickers) {
    for (let s = 0; s + pattern.length <= t.close.length; s++) {
      let ok = true;
      for (let j = 0; j < pattern.length && ok; j++) ok = colour(t, s + j) === pattern[j];
      if (ok) n++;
    }
  }
  return n;
}

const candleColour = (t: TickerColumns, i: number) => (!(t.open[i] > 0) || !(t.close[i] > 0) ? "?" : t.close[i] > t.open[i] ? "G" : t.close[i] < t.open[i] ? "R" : "D");
const changeColour = (t: TickerColumns, i: number) => {
  if (i === 0 || !(t.close[i] > 0) || !(t.close[i - 1] > 0)) return "?";
  const chg = t.close[i] / t.close[i - 1] - 1;
  return chg > 0 ? "G" : chg === 0 ? "D" : chg < -0.07 ? "R" : "O";
};

describe("sequence search", () => {
  const tickers = candles(1, 5, 600);
  const index = buildIndex({ tickers });

  it("counts every candle-colour occurrence exactly and lists the latest first without overlaps", async () => {
    for (const pattern of ["GGGR", "GG", "RDG", "D"]) {
      const res = await searchPatterns({ index, request: searchRequestSchema.parse({ query: { type: "sequence", pattern }, topK: 50 }) });
      expect(res.total).toBe(bruteCount(tickers, pattern, candleColour));
      expect(res.method).toBe("sequence");
      const ends = res.matches.map((m) => m.end);
      expect(ends).toEqual([...ends].sort().reverse());
      for (const a of res.matches) for (const b of res.matches) if (a !== b && a.symbol === b.symbol) expect(a.end < b.start || b.end < a.start).toBe(true);
    }
  });

  it("colours by close-to-close change with a drop threshold", async () => {
    for (const pattern of ["GO", "OR", "RG", "GGO"]) {
      const res = await searchPatterns({ index, request: searchRequestSchema.parse({ query: { type: "sequence", pattern, colorBy: "change" } }) });
      expect(res.total).toBe(bruteCount(tickers, pattern, changeColour));
    }
  });

  it("respects the symbol and date filters", async () => {
    const res = await searchPatterns({ index, request: searchRequestSchema.parse({ query: { type: "sequence", pattern: "GR" }, symbols: ["S2"], from: "2016-07-01", to: "2016-09-30" }) });
    const one = [{ ...tickers[2] }];
    const from = Date.parse("2016-07-01") / 864e5, to = Date.parse("2016-09-30") / 864e5;
    let n = 0;
    for (let s = 0; s + 2 <= 600; s++) if (one[0].days[s] >= from && one[0].days[s + 1] <= to && candleColour(one[0], s) === "G" && candleColour(one[0], s + 1) === "R") n++;
    expect(res.total).toBe(n);
    expect(res.matches.every((m) => m.symbol === "S2" && m.start >= "2016-07-01" && m.end <= "2016-09-30")).toBe(true);
  });

  const shared = "/work/shared";
  const hasShared = fs.existsSync(`${shared}/bench/planted.mjs`) && fs.existsSync(`${shared}/data/all_stocks_5yr.csv.gz`);
  if (!hasShared) console.warn(`${shared} not found: skipping the check against planted.mjs sequences`);
  it.skipIf(!hasShared)("agrees with planted.mjs sequences on the shared data", async () => {
    const file = `${shared}/data/all_stocks_5yr.csv.gz`;
    const out = execFileSync("node", [`${shared}/bench/planted.mjs`, "sequences", "--src", file, "--pattern", "GGGR"], { encoding: "utf8" });
    const expected = Number(/occurrences=(\d+)/.exec(out)![1]);
    const real = buildIndex({ tickers: loadLongCsv({ file }) });
    const res = await searchPatterns({ index: real, request: searchRequestSchema.parse({ query: { type: "sequence", pattern: "GGGR" } }) });
    expect(res.total).toBe(expected);
  });
});
