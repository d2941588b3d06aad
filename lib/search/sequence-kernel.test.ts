import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { fromDayNumber } from "@/lib/search/dates";
import { forwardReturn } from "@/lib/search/forward-return";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import { SEQUENCE_SAMPLE_CAP, searchSequence } from "@/lib/search/search-sequence";
import { sequenceKernel } from "@/lib/search/sequence-kernel";
import { randomCandles } from "@/lib/search/testing/random-candles";
import type { Match, SearchIndex } from "@/lib/search/types";

const candles = (seed: number, count: number, n: number) => randomCandles({ seed, count, n, stagger: true, symbol: (t) => `S${String(t).padStart(4, "0")}` });

/** The sequence search as it was first written: every occurrence listed, then sorted by recency. */
function referenceSequence({ index, pattern, colorBy = "candle", threshold = 0.07, tickers, lo, hi, topK, horizon }: { index: SearchIndex; pattern: string; colorBy?: "candle" | "change"; threshold?: number; tickers: Int32Array; lo: Int32Array; hi: Int32Array; topK: number; horizon: number }) {
  const { open, close } = index.fields;
  const colour = (t: number, i: number) => {
    if (colorBy === "change") {
      const prev = i > index.offsets[t] ? close[i - 1] : NaN;
      if (!(close[i] > 0) || !(prev > 0)) return "?";
      const chg = close[i] / prev - 1;
      return chg > 0 ? "G" : chg === 0 ? "D" : -chg > threshold ? "R" : "O";
    }
    return !(open[i] > 0) || !(close[i] > 0) ? "?" : close[i] > open[i] ? "G" : close[i] < open[i] ? "R" : "D";
  };
  const p = pattern.length;
  const found: { t: number; s: number }[] = [];
  tickers.forEach((t, ti) => {
    for (let s = lo[ti]; s + p <= hi[ti]; s++) {
      let j = 0;
      while (j < p && colour(t, s + j) === pattern[j]) j++;
      if (j === p) found.push({ t, s });
    }
  });
  const byRecency = [...found].sort((x, y) => index.days[y.s] - index.days[x.s] || x.t - y.t);
  const lastEnd = new Map<number, number>();
  const matches: Match[] = [];
  for (const f of byRecency) {
    if (matches.length >= topK) break;
    const e = lastEnd.get(f.t);
    if (e !== undefined && f.s + p > e) continue;
    lastEnd.set(f.t, f.s);
    const end = f.s + p - 1;
    matches.push({ symbol: index.symbols[f.t], start: fromDayNumber(index.days[f.s]), end: fromDayNumber(index.days[end]), length: p, distance: 0, score: 1, forward: { days: horizon, return: forwardReturn({ index, ticker: f.t, end, horizon }) } });
  }
  return { matches, ends: found.map((f) => `${f.t}:${f.s + p - 1}`), total: found.length };
}

const all = (index: SearchIndex) => ({ tickers: Int32Array.from(index.symbols, (_, i) => i), lo: index.offsets.slice(0, -1), hi: index.offsets.slice(1) });

describe("sequence kernel", () => {
  const index = buildIndex({ tickers: candles(3, 12, 700) });

  it("gives the same count, latest matches and occurrences (for the outcome statistics) as listing every occurrence", async () => {
    const cases = [
      { pattern: "GGR", topK: 20, horizon: 20 },
      { pattern: "G", topK: 7, horizon: 5 },
      { pattern: "RDG", topK: 500, horizon: 60 },
      { pattern: "GO", topK: 30, horizon: 10, colorBy: "change" as const },
      { pattern: "OR", topK: 3, horizon: 1, colorBy: "change" as const, threshold: 0.02 },
    ];
    for (const c of cases) {
      for (const range of [all(index), { tickers: Int32Array.from([2, 5, 9]), lo: Int32Array.from([index.offsets[2] + 100, index.offsets[5], index.offsets[9] + 650]), hi: Int32Array.from([index.offsets[2] + 400, index.offsets[6], index.offsets[10]]) }]) {
        const expected = referenceSequence({ index, ...c, ...range });
        for (const offload of [false, true]) {
          const got = await searchSequence({ index, ...c, ...range, offload });
          expect(got.total).toBe(expected.total);
          expect(got.matches).toEqual(expected.matches);
          // every occurrence is read once while they fit the sample cap; past it, a sample of real ones, none twice
          expect(got.occurrences!.total).toBe(expected.total);
          const read = Array.from(got.occurrences!.ticker, (t, i) => `${t}:${got.occurrences!.end[i]}`);
          if (expected.total <= SEQUENCE_SAMPLE_CAP) expect(read.sort()).toEqual([...expected.ends].sort());
          else {
            expect(read.length).toBe(SEQUENCE_SAMPLE_CAP);
            expect(new Set(read).size).toBe(read.length);
            expect(read.every((k) => expected.ends.includes(k))).toBe(true);
          }
        }
      }
    }
  });

  it("keeps a uniform sample of at most sampleCap occurrences whatever the pattern matches, with the count still exact", () => {
    const big = buildIndex({ tickers: candles(5, 60, 4_000) });
    const range = all(big);
    const params = { ...big.fields, offsets: big.offsets, days: big.days, ...range, pattern: Uint8Array.from("G", (ch) => ch.charCodeAt(0)), colorBy: 0 as const, threshold: 0.07, doji: 0, topK: 20, sampleCap: 10_000 };
    const counted = sequenceKernel(params);
    const expected = referenceSequence({ index: big, pattern: "G", topK: 20, horizon: 5, ...range });
    expect(counted.total).toBe(expected.total);
    expect(counted.total).toBeGreaterThan(100_000);
    expect(counted.sampleTicker.length).toBe(10_000);
    expect(counted.sampleEnd.length).toBe(10_000);
    // every sampled end is a real occurrence, none twice; spread over the tickers (uniform: each holds about its share)
    const real = new Set(expected.ends);
    const keys = Array.from(counted.sampleTicker, (t, i) => `${t}:${counted.sampleEnd[i]}`);
    expect(keys.every((k) => real.has(k))).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
    const perTicker = new Map<number, number>();
    for (const t of counted.sampleTicker) perTicker.set(t, (perTicker.get(t) ?? 0) + 1);
    expect(perTicker.size).toBe(60);
    for (const n of perTicker.values()) expect(n).toBeGreaterThan(10_000 / 60 / 2);
    expect(counted.matchStart.length).toBe(20);
  });

  it("counts a one-letter pattern over a million candles off the event loop", async () => {
    const large = buildIndex({ tickers: candles(9, 250, 4_000) });
    const order: string[] = [];
    setImmediate(() => order.push("event loop"));
    const request = searchRequestSchema.parse({ query: { type: "sequence", pattern: "G" } });
    const res = await searchPatterns({ index: large, request }).then((r) => (order.push("search"), r));
    expect(res.total).toBeGreaterThan(400_000);
    expect(order).toEqual(["event loop", "search"]);
  });
});
