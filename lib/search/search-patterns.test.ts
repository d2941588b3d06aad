import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { fromDayNumber, toDayNumber } from "@/lib/search/dates";
import { searchRequestSchema, type SearchRequest } from "@/lib/search/request-schema";
import { chooseEngine, groupLengths, searchPatterns } from "@/lib/search/search-patterns";
import { samplePreset } from "@/lib/search/presets";
import { SearchInputError } from "@/lib/search/search-input-error";
import { gaussian, randomWalk, rng } from "@/lib/search/testing/random";

const r = rng(21);
const index = buildIndex({
  tickers: ["AAA", "BBB"].map((symbol) => {
    const close = randomWalk(r, 300);
    return { symbol, days: Int32Array.from({ length: 300 }, (_, i) => 16500 + i), open: close, high: close, low: close, close, volume: new Float64Array(300).fill(5) };
  }),
});
const run = (body: SearchRequest) => searchPatterns({ index, request: searchRequestSchema.parse(body) });

describe("searchPatterns", () => {
  it("defaults the lengths around what was given", async () => {
    const res = await run({ query: { type: "sketch", points: [1, 3, 2, 5, 4, 6] }, maxLength: 10, method: "zned" });
    expect(res.matches.length).toBe(20);
    expect(res.matches.every((m) => m.length <= 10)).toBe(true);
    const range = await run({ query: { type: "range", symbol: "AAA", from: fromDayNumber(16600), to: fromDayNumber(16639) }, method: "dtw", topK: 5 });
    expect(range.matches.every((m) => m.length >= 20 && m.length <= 60)).toBe(true);
    expect(range.method).toBe("dtw");
    expect(range.engine).toEqual({ method: "dtw", reason: expect.stringMatching(/^asked for: banded DTW/) });
    expect((await run({ query: { type: "preset", name: "v-reversal" }, maxLength: 30, method: "zned" })).engine).toEqual({ method: "zned", reason: expect.stringMatching(/^asked for: z-normalised/) });
  });

  it("uses DTW for auto and lists the best match first with scores in [0, 1]", async () => {
    const res = await run({ query: { type: "preset", name: "v-reversal" }, minLength: 20, maxLength: 40 });
    expect(res.method).toBe("dtw");
    expect(res.engine?.method).toBe("dtw");
    expect(res.engine?.reason).toMatch(/^auto: .*recall/);
    const d = res.matches.map((m) => m.distance);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(res.matches.every((m) => m.score >= 0 && m.score <= 1)).toBe(true);
  });

  it("answers auto on a picked range with DTW and zned fused: apart on every ticker, never the picked window", async () => {
    const from = fromDayNumber(16600), to = fromDayNumber(16639);
    const body = { query: { type: "range" as const, symbol: "AAA", from, to }, topK: 8 };
    const fused = await run(body);
    expect(fused.method).toBe("dtw+zned");
    expect(fused.engine).toEqual({ method: "dtw+zned", reason: expect.stringMatching(/^auto: a picked range: .*pooled, each compared again with the picked range/) });
    expect(fused.matches).toHaveLength(8);
    expect(fused.matches.some((m) => m.symbol === "AAA" && m.start <= to && m.end >= from)).toBe(false);
    for (const [i, a] of fused.matches.entries()) for (const b of fused.matches.slice(i + 1)) expect(a.symbol !== b.symbol || a.end < b.start || b.end < a.start).toBe(true);
    const dtw = await searchPatterns({ index, request: searchRequestSchema.parse({ ...body, method: "dtw" }), tuning: { keepPool: true } });
    // zned looks at the specification's stretch of the picked 40 candles only: 0.8-1.25x
    const zned = await run({ ...body, method: "zned", topK: dtw.matches.length, minLength: 32, maxLength: 50 });
    const overlaps = (a: { symbol: string; start: string; end: string }, b: typeof a) => a.symbol === b.symbol && a.start <= b.end && b.start <= a.end;
    // re-ranked (the default): each match a place one of the two lists holds, refined within the stretch, by the re-rank's distance
    expect(fused.matches.every((m) => m.length >= 32 && m.length <= 50)).toBe(true);
    expect(fused.matches.every((m) => [...dtw.matches, ...zned.matches].some((o) => overlaps(m, o)))).toBe(true);
    expect(fused.matches.map((m) => m.distance)).toEqual(fused.matches.map((m) => m.distance).sort((a, b) => a - b));
    // rank fusion instead: every fused match is one of the two engines' own answers, with that engine's distance
    const ranked = await searchPatterns({ index, request: searchRequestSchema.parse(body), tuning: { rangeRerank: false } });
    expect(ranked.engine?.reason).toMatch(/^auto: a picked range: .*fused/);
    expect(ranked.matches.some((m) => m.length < 32 || m.length > 50)).toBe(true);
    const key = (m: { symbol: string; start: string; end: string; distance: number }) => `${m.symbol} ${m.start} ${m.end} ${m.distance}`;
    const either = new Set([...dtw.matches, ...zned.matches].map(key));
    expect(ranked.matches.every((m) => either.has(key(m)))).toBe(true);
    // tuned off, auto answers a range with DTW alone
    const alone = await searchPatterns({ index, request: searchRequestSchema.parse(body), tuning: { rangeFusion: false } });
    expect(alone.engine?.method).toBe("dtw");
    expect(alone.matches).toEqual((await run({ ...body, method: "dtw" })).matches);
  });

  it("a second candidate source widens the DTW pool with windows new to it, and the answer stays apart on each ticker", async () => {
    const tickers = Array.from({ length: 6 }, (_, t) => {
      const close = randomWalk(r, 400);
      return { symbol: `P${t}`, days: Int32Array.from({ length: 400 }, (_, i) => 16500 + i), open: close, high: close, low: close, close, volume: new Float64Array(400).fill(5) };
    });
    const idx = buildIndex({ tickers });
    const request = searchRequestSchema.parse({ query: { type: "preset", name: "double-bottom" }, minLength: 30, maxLength: 50, method: "dtw", topK: 6 });
    const pool = async (tuning: object) => (await searchPatterns({ index: idx, request, tuning: { keepPool: true, ...tuning } })).matches;
    const plain = await pool({});
    for (const extraSource of ["zned", "zcoarse", "dcoarse"] as const) {
      const wide = await pool({ extraSource, extraPool: 3 });
      expect(wide.length).toBeGreaterThan(plain.length);
      for (const [i, a] of wide.entries()) for (const b of wide.slice(i + 1)) expect(a.symbol === b.symbol && a.start <= b.end && b.start <= a.end).toBe(false);
    }
    // the answer is still topK matches, best first
    const top = (await searchPatterns({ index: idx, request, tuning: { extraSource: "zcoarse", extraPool: 3 } })).matches;
    expect(top.length).toBe(6);
    expect(top.map((m) => m.distance)).toEqual([...top.map((m) => m.distance)].sort((a, b) => a - b));
  });

  it("searches another field of the candles", async () => {
    await expect(run({ query: { type: "preset", name: "double-top" }, series: "volume" })).resolves.toMatchObject({ matches: [] }); // flat volume has no shape
    await expect(run({ query: { type: "preset", name: "double-top" }, series: "eps" })).rejects.toMatchObject({ field: "series" });
  });

  it("names the field of requests the index cannot answer", async () => {
    await expect(run({ query: { type: "preset", name: "double-top" }, method: "model" })).rejects.toBeInstanceOf(SearchInputError);
    await expect(run({ query: { type: "range", symbol: "ZZZ", from: "2015-01-01", to: "2015-02-01" } })).rejects.toMatchObject({ field: "query.symbol" });
    await expect(run({ query: { type: "range", symbol: "AAA", from: "1990-01-01", to: "1990-02-01" } })).rejects.toMatchObject({ field: "query.from" });
    await expect(run({ query: { type: "sequence", pattern: "G" }, symbols: ["AAA", "NOPE"] })).rejects.toMatchObject({ field: "symbols" });
  });
});

describe("long windows", () => {
  // Random walks with a time-warped, noisy head-and-shoulders of 160-300 candles planted in five of eight.
  const r2 = rng(33);
  const plants: { symbol: string; at: number; length: number }[] = [];
  const longIndex = buildIndex({
    tickers: Array.from({ length: 8 }, (_, t) => {
      const close = randomWalk(r2, 1500, 100, 0.015);
      if (t < 5) {
        const length = 160 + 35 * t, at = 300 + 150 * t;
        const knots = [0, 0.25 + 0.08 * (r2() - 0.5), 0.5 + 0.08 * (r2() - 0.5), 0.75 + 0.08 * (r2() - 0.5), 1];
        const shape = samplePreset({ name: "head-and-shoulders", n: 401 });
        const base = Math.log(close[at]), amp = 0.015 * Math.sqrt(length) * 1.8;
        for (let i = 0; i < length; i++) {
          const u = (i / (length - 1)) * 4, k = Math.min(3, Math.floor(u));
          const w = knots[k] + (knots[k + 1] - knots[k]) * (u - k);
          close[at + i] = Math.exp(base + amp * (shape[Math.round(w * 400)] - shape[0]) + 0.006 * gaussian(r2));
        }
        const jump = close[at + length - 1] / close[at + length];
        for (let i = at + length; i < close.length; i++) close[i] *= jump;
        plants.push({ symbol: `L${t}`, at, length });
      }
      return { symbol: `L${t}`, days: Int32Array.from({ length: 1500 }, (_, i) => 15000 + i), open: close, high: close, low: close, close, volume: new Float64Array(1500).fill(1) };
    }),
  });
  const body = { query: { type: "preset" as const, name: "head-and-shoulders" as const }, method: "dtw" as const, minLength: 120, maxLength: 320, topK: 5 };
  const found = (matches: { symbol: string; start: string; end: string }[]) =>
    plants.filter((p) => matches.some((m) => {
      const s = toDayNumber(m.start) - 15000, e = toDayNumber(m.end) - 15000 + 1;
      const inter = Math.max(0, Math.min(e, p.at + p.length) - Math.max(s, p.at));
      return m.symbol === p.symbol && inter / (Math.max(e, p.at + p.length) - Math.min(s, p.at)) >= 0.5;
    })).length;

  it("draws their DTW candidates from averaged candles and still finds every long plant, at full resolution", async () => {
    const averaged = await searchPatterns({ index: longIndex, request: searchRequestSchema.parse(body) });
    expect(found(averaged.matches)).toBe(5);
    // the answer is in candles: lengths off the averages' grid come from the full-resolution warp fit
    expect(averaged.matches.every((m) => m.length >= 120 && m.length <= 320)).toBe(true);
    const fullResolution = await searchPatterns({ index: longIndex, request: searchRequestSchema.parse(body), tuning: { warpScanPoints: Infinity } });
    expect(found(fullResolution.matches)).toBe(5);
  });

  it("groups lengths by averaging factor, about `points` averages a window", () => {
    expect(groupLengths([30, 64, 127, 128, 150, 200, 300], 64)).toEqual([
      { factor: 1, lengths: [30, 64, 127] },
      { factor: 2, lengths: [64, 75] },
      { factor: 3, lengths: [67] },
      { factor: 4, lengths: [75] },
    ]);
    expect(groupLengths([30, 300], Infinity)).toEqual([{ factor: 1, lengths: [30, 300] }]);
    // a coarser view: every factor times coarsen
    expect(groupLengths([30, 64, 127, 128], 64, 2)).toEqual([
      { factor: 2, lengths: [15, 32, 64] },
      { factor: 4, lengths: [32] },
    ]);
  });
});

describe("a picked range", () => {
  // SRC holds a cup at days 100..159 with a strong day-to-day zigzag on top; LIKE holds the same cup, clean, at 200..259
  const cup = (i: number, n: number) => 1 - Math.sin((Math.PI * i) / (n - 1)) * 0.3;
  const r2 = rng(5);
  const ticker = (symbol: string, at: number, zigzag: number) => {
    const close = randomWalk(r2, 400, 100, 0.004);
    for (let i = 0; i < 60; i++) close[at + i] = 100 * cup(i, 60) * (1 + (i % 2 ? zigzag : -zigzag));
    return { symbol, days: Int32Array.from({ length: 400 }, (_, i) => 17000 + i), open: close, high: close, low: close, close, volume: new Float64Array(400).fill(1) };
  };
  const rangeIndex = buildIndex({ tickers: [ticker("SRC", 100, 0.03), ticker("LIKE", 200, 0)] });
  const body: SearchRequest = { query: { type: "range", symbol: "SRC", from: fromDayNumber(17100), to: fromDayNumber(17159) }, method: "zned", topK: 1, symbols: ["LIKE"] };
  const best = async (rangeSmooth: number) => (await searchPatterns({ index: rangeIndex, request: searchRequestSchema.parse(body), tuning: { rangeSmooth } })).matches[0];

  it("is compared after its own day-to-day noise is averaged away, so its clean look-alike is found whole and much closer", async () => {
    const raw = await best(0), smoothed = await best(0.083);
    // unsmoothed, the zigzag's distance to any clean window is least on the shortest one: half the cup
    expect(raw.length).toBeLessThan(40);
    expect(Math.abs(toDayNumber(smoothed.start) - 17200)).toBeLessThanOrEqual(3);
    expect(Math.abs(smoothed.length - 60)).toBeLessThanOrEqual(6);
    expect(smoothed.distance).toBeLessThan(raw.distance * 0.6);
  });
});

describe("auto on a drawn shape with a model", () => {
  it("fuses the model search in only while a model is ready; else DTW alone, saying why", () => {
    expect(chooseEngine("auto", "sketch", { model: "ready", fuseModel: true }).method).toBe("dtw+model");
    expect(chooseEngine("auto", "preset", { model: "ready", fuseModel: true }).reason).toMatch(/^auto: a drawn shape with a model active: /);
    const loading = chooseEngine("auto", "sketch", { model: "loading", fuseModel: true });
    expect(loading.method).toBe("dtw");
    expect(loading.reason).toMatch(/the model search joins once the active model has loaded$/);
    expect(chooseEngine("auto", "sketch", { model: "none", fuseModel: true })).toEqual({ method: "dtw", reason: expect.not.stringMatching(/model/) });
    // tuned off, asked for an engine, or a picked range: the model is not part of the answer
    expect(chooseEngine("auto", "sketch", { model: "ready", fuseModel: false }).method).toBe("dtw");
    expect(chooseEngine("dtw", "sketch", { model: "ready", fuseModel: true }).method).toBe("dtw");
    expect(chooseEngine("auto", "range", { model: "ready", fuseModel: true }).method).toBe("dtw+zned");
  });

  it("re-fits windows another engine found in the DTW pool, on the asked tickers only", async () => {
    const request = searchRequestSchema.parse({ query: { type: "preset", name: "double-bottom" }, method: "dtw", topK: 2, minLength: 20, maxLength: 30 });
    const pool = await searchPatterns({ index, request, tuning: { keepPool: true } });
    const t = index.bySymbol.get("BBB")!;
    const taken = pool.matches.filter((m) => m.symbol === "BBB").map((m) => [toDayNumber(m.start) - 16500, toDayNumber(m.end) - 16500]);
    // a place on BBB that no pool window comes near
    const at = Array.from({ length: 270 }, (_, s) => s).find((s) => taken.every(([a, b]) => s + 25 + 8 < a || b + 8 < s))!;
    expect(at).toBeDefined();
    const candidates = { ticker: [t], start: [index.offsets[t] + at], len: [25] };
    const near = (m: { symbol: string; start: string; end: string }) => m.symbol === "BBB" && toDayNumber(m.start) - 16500 < at + 25 && toDayNumber(m.end) - 16500 >= at;
    expect(pool.matches.some(near)).toBe(false);
    const joined = await searchPatterns({ index, request, tuning: { keepPool: true }, candidates });
    expect(joined.matches.filter(near)).toHaveLength(1);
    expect(joined.matches.length).toBe(pool.matches.length + 1);
    const onlyA = await searchPatterns({ index, request: searchRequestSchema.parse({ ...request, symbols: ["AAA"] }), tuning: { keepPool: true }, candidates });
    expect(onlyA.matches.every((m) => m.symbol === "AAA")).toBe(true);
  });
});
