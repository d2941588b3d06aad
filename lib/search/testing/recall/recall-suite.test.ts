import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import { rng } from "@/lib/search/testing/random";
import { FAMILIES, SPEC, dailyVolatility, generateDataset, shapesOf, writeCurve, type RecallDataset } from "@/lib/search/testing/recall/families";
import { handDrawnQuery } from "@/lib/search/testing/recall/hand-drawn";
import { handDrawnQueryB, jitterKeypointsB, NOISE_FAMILIES_B, noiseSeriesB, randomWarpB, SHAPES_B, WARP_FAMILIES_B } from "@/lib/search/testing/recall/held-out-b";
import { NOISE_FAMILIES, noiseSeries } from "@/lib/search/testing/recall/noise";
import { RECALL_SHAPE_NAMES, RECALL_SHAPES, jitterKeypoints, keypointsAt, sampleKeypoints } from "@/lib/search/testing/recall/shapes";
import { leaveOneFamilyOut, scoreDataset, type SearchFn } from "@/lib/search/testing/recall/score";
import { loadRealSource, randomWalkSource, sharedDataFile } from "@/lib/search/testing/recall/source";
import { MAX_SPEED, MIN_SPEED, WARP_FAMILIES, applyWarp, randomWarp } from "@/lib/search/testing/recall/warps";

const SMALL = { tickers: 30, perShape: 3, rangeQueries: 3, copies: 4 };
const walks = randomWalkSource({ tickers: 40, seed: 5 });
const corr = (a: number[], b: number[]) => {
  const ma = a.reduce((s, x) => s + x, 0) / a.length, mb = b.reduce((s, x) => s + x, 0) / b.length;
  let ab = 0, aa = 0, bb = 0;
  a.forEach((x, i) => ((ab += (x - ma) * (b[i] - mb)), (aa += (x - ma) ** 2), (bb += (b[i] - mb) ** 2)));
  return ab / Math.sqrt(aa * bb);
};

describe("recall suite generators", () => {
  it("every warp family is monotone from 0 to 1 with its local speed inside 0.65x-1.5x", () => {
    for (const family of [...WARP_FAMILIES, ...WARP_FAMILIES_B]) {
      const r = rng(11);
      let slowest = Infinity, fastest = 0;
      for (let k = 0; k < 200; k++) {
        const warp = (WARP_FAMILIES as readonly string[]).includes(family) ? randomWarp(family as (typeof WARP_FAMILIES)[number], r) : randomWarpB(family as (typeof WARP_FAMILIES_B)[number], r);
        expect(applyWarp(warp, 0)).toBe(0);
        expect(applyWarp(warp, 1)).toBeCloseTo(1, 12);
        // the speed between the samples of a 30-candle plant, where the shape is actually read
        for (let i = 1; i < 30; i++) {
          const speed = (applyWarp(warp, i / 29) - applyWarp(warp, (i - 1) / 29)) * 29;
          slowest = Math.min(slowest, speed);
          fastest = Math.max(fastest, speed);
        }
        expect(warp.minSpeed).toBeGreaterThanOrEqual(MIN_SPEED);
        expect(warp.maxSpeed).toBeLessThanOrEqual(MAX_SPEED);
      }
      expect(slowest, family).toBeGreaterThanOrEqual(MIN_SPEED - 1e-9);
      expect(fastest, family).toBeLessThanOrEqual(MAX_SPEED + 1e-9);
      // and the families really warp: over 200 draws each reaches well away from 1x
      expect(slowest, family).toBeLessThan(0.85);
      expect(fastest, family).toBeGreaterThan(1.2);
    }
  });

  it("jittered keypoints move by at most 8% of the height and 3% of the length, in order, ends in place", () => {
    const r = rng(3);
    for (const [name, jitter] of [...RECALL_SHAPE_NAMES.map((n) => [n, jitterKeypoints] as const), ...Object.keys(SHAPES_B).map((n) => [n, jitterKeypointsB] as const)]) {
      const clean = SHAPES_B[name];
      for (let k = 0; k < 100; k++) {
        const j = jitter(clean, r, SPEC.jitterHeight, SPEC.jitterTime);
        expect(j[0][0]).toBe(0);
        expect(j[j.length - 1][0]).toBe(1);
        j.forEach(([u, y], i) => {
          expect(Math.abs(y - clean[i][1])).toBeLessThanOrEqual(SPEC.jitterHeight);
          expect(Math.abs(u - clean[i][0])).toBeLessThanOrEqual(SPEC.jitterTime + 1e-12);
          if (i) expect(u).toBeGreaterThan(j[i - 1][0]);
        });
      }
    }
  });

  it("each noise family has unit variance; Student-t, Laplace and GARCH have fat tails, the Gaussian does not", () => {
    const kurtosis: Record<string, number> = {};
    for (const family of NOISE_FAMILIES) {
      const x = noiseSeries(family, rng(7), 40_000);
      const m = x.reduce((s, v) => s + v, 0) / x.length;
      const v = x.reduce((s, u) => s + (u - m) ** 2, 0) / x.length;
      kurtosis[family] = x.reduce((s, u) => s + (u - m) ** 4, 0) / x.length / v ** 2 - 3;
      expect(Math.sqrt(v), family).toBeGreaterThan(family === "garch" ? 0.8 : 0.93);
      expect(Math.sqrt(v), family).toBeLessThan(family === "garch" ? 1.2 : 1.07);
    }
    expect(Math.abs(kurtosis.gaussian)).toBeLessThan(0.2);
    expect(kurtosis["student-t"]).toBeGreaterThan(2);
    expect(kurtosis.laplace).toBeGreaterThan(2);
    expect(kurtosis.garch).toBeGreaterThan(0.3);
    for (const family of NOISE_FAMILIES_B) {
      const x = noiseSeriesB(family, rng(8), 40_000);
      const m = x.reduce((s, v) => s + v, 0) / x.length;
      const v = x.reduce((s, u) => s + (u - m) ** 2, 0) / x.length;
      expect(Math.sqrt(v), family).toBeGreaterThan(0.85);
      expect(Math.sqrt(v), family).toBeLessThan(1.15);
      expect(x.reduce((s, u) => s + (u - m) ** 4, 0) / x.length / v ** 2 - 3, family).toBeGreaterThan(1);
    }
  });

  it("plants of every family keep the specification's bounds and land only where the truth says", () => {
    for (const family of FAMILIES) {
      const d = generateDataset(family, 1, walks, SMALL);
      expect(d.symbols.length).toBe(SMALL.tickers);
      const plants = d.queries.flatMap((q) => q.plants);
      expect(plants.length, family.name).toBe(family.query === "range" ? SMALL.rangeQueries * SMALL.copies : Object.keys(shapesOf(family)).length * SMALL.perShape);
      for (const p of plants) {
        expect(p.minSpeed).toBeGreaterThanOrEqual(MIN_SPEED);
        expect(p.maxSpeed).toBeLessThanOrEqual(MAX_SPEED);
        expect(family.noise).toContain(p.noise);
        expect(Math.abs(p.drift)).toBeLessThanOrEqual(family.drift ? SPEC.drift : 0);
        if (family.query === "range") {
          // rounding to whole candles may pass the bound by half a candle of the source window
          expect(p.stretch!).toBeGreaterThanOrEqual(SPEC.stretch[0] - 0.02);
          expect(p.stretch!).toBeLessThanOrEqual(SPEC.stretch[1] + 0.02);
        } else {
          expect(p.length).toBeGreaterThanOrEqual(family.lengths[0]);
          expect(p.length).toBeLessThanOrEqual(family.lengths[1]);
          const clean = shapesOf(family)[p.shape];
          const dy = Math.max(...p.keys!.map(([, y], i) => Math.abs(y - clean[i][1])));
          expect(dy).toBeLessThanOrEqual(family.jitter ? SPEC.jitterHeight : 0);
        }
      }
      // outside the plants every series is its source, moved by one factor per stretch between plants
      for (const t of d.tickers) {
        const src = walks.tickers.find((s) => s.days.length === t.days.length && s.close[0] === t.close[0] && s.open[0] === t.open[0]);
        expect(src, t.symbol).toBeDefined();
        const mine = plants.filter((p) => p.symbol === t.symbol).sort((a, b) => a.at - b.at);
        const windows = [...mine.map((p) => [p.at, p.at + p.length] as const)];
        let worst = 0;
        for (let w = 0; w <= windows.length; w++) {
          const from = w === 0 ? 0 : windows[w - 1][1], to = w === windows.length ? t.close.length : windows[w][0];
          for (let i = from + 1; i < to; i++) worst = Math.max(worst, Math.abs(t.close[i] / t.close[i - 1] - src!.close[i] / src!.close[i - 1]));
        }
        expect(worst, t.symbol).toBeLessThan(1e-9);
        // no two plants overlap
        for (let k = 1; k < windows.length; k++) expect(windows[k][0]).toBeGreaterThanOrEqual(windows[k - 1][1]);
      }
      if (family.query === "range") {
        for (const q of d.queries) {
          expect(q.query.type).toBe("range");
          const symbol = q.query.type === "range" ? q.query.symbol : "";
          expect(q.plants.every((p) => p.symbol !== symbol)).toBe(true);
        }
      }
    }
  });

  it("the same seed gives the same data set, another seed another", () => {
    const fam = FAMILIES.find((f) => f.name === "smooth")!;
    const a = generateDataset(fam, 4, walks, SMALL), b = generateDataset(fam, 4, walks, SMALL), c = generateDataset(fam, 5, walks, SMALL);
    expect(a.queries).toEqual(b.queries);
    expect(a.tickers[3].close).toEqual(b.tickers[3].close);
    expect(a.queries[0].plants).not.toEqual(c.queries[0].plants);
  });

  it("a hand-drawn query is the shape, drawn unevenly and imprecisely, not its clean keypoints", () => {
    const r = rng(21);
    for (const name of RECALL_SHAPE_NAMES) {
      const clean = sampleKeypoints(RECALL_SHAPES[name]);
      for (let k = 0; k < 5; k++) {
        const { stroke, points } = handDrawnQuery(RECALL_SHAPES[name], r);
        expect(points).toHaveLength(64);
        expect(corr(points, clean), name).toBeGreaterThan(0.75);
        expect(Math.max(...points.map((v, i) => Math.abs(v - clean[i]))), name).toBeGreaterThan(0.05);
        // uneven pointer speed: the horizontal gaps between reported points vary a lot
        const gaps = stroke.slice(1).map((p, i) => p.x - stroke[i].x);
        const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
        const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
        expect(sd / mean, name).toBeGreaterThan(0.5);
      }
    }
  });

  it("the second drawer (held-out-b) also draws the shape, imprecisely, sometimes in two strokes", () => {
    const r = rng(22);
    let lifted = 0;
    for (const [name, keys] of Object.entries(SHAPES_B)) {
      const clean = sampleKeypoints(keys);
      for (let k = 0; k < 6; k++) {
        const { stroke, points } = handDrawnQueryB(keys, r);
        expect(points).toHaveLength(64);
        expect(corr(points, clean), name).toBeGreaterThan(0.7);
        expect(Math.max(...points.map((v, i) => Math.abs(v - clean[i]))), name).toBeGreaterThan(0.03);
        if (stroke.length > 1) lifted++;
      }
    }
    expect(lifted).toBeGreaterThan(3);
    expect(lifted).toBeLessThan(40);
  });
});

describe("recall suite scoring", () => {
  const plant = { symbol: "A", shape: "x", start: "2020-01-01", end: "2020-01-10", length: 10, at: 0, warp: "smooth" as const, minSpeed: 1, maxSpeed: 1, noise: "gaussian" as const, amplitude: 1, drift: 0 };
  const dataset = (plants: (typeof plant)[]) => ({ family: "f", seed: 1, symbols: ["A", "B"], queries: [{ id: "q", query: { type: "sketch" as const, points: [0, 1, 0, 1, 0] }, plants }] });
  const answer = (matches: { symbol: string; start: string; end: string }[]): SearchFn => async () => matches;

  it("counts a match as a hit at date IoU >= 0.5 on the plant's symbol, each plant once, only within the first R", async () => {
    const score = async (matches: { symbol: string; start: string; end: string }[], plants = [plant]) => (await scoreDataset(dataset(plants), "zned", answer(matches)))[0];
    expect((await score([{ symbol: "A", start: "2020-01-01", end: "2020-01-20" }])).hits).toBe(1); // 10 / 20 days
    expect((await score([{ symbol: "A", start: "2020-01-01", end: "2020-01-21" }])).hits).toBe(0); // 10 / 21
    expect((await score([{ symbol: "A", start: "2020-01-06", end: "2020-01-15" }])).hits).toBe(0); // 5 / 15
    expect((await score([{ symbol: "B", start: "2020-01-01", end: "2020-01-10" }])).hits).toBe(0);
    const second = { ...plant, start: "2020-03-01", end: "2020-03-10" };
    const twice = await score([{ symbol: "A", start: "2020-01-01", end: "2020-01-10" }, { symbol: "A", start: "2020-01-02", end: "2020-01-10" }], [plant, second]);
    expect(twice).toMatchObject({ R: 2, hits: 1, recall: 0.5 });
    const late = await score([{ symbol: "B", start: "2020-01-01", end: "2020-01-10" }, { symbol: "B", start: "2020-02-01", end: "2020-02-10" }, { symbol: "A", start: "2020-03-01", end: "2020-03-10" }], [plant, second]);
    expect(late.hits).toBe(0);
    // the depth diagnostic asks for depth x R matches and counts a plant found anywhere in them
    let asked = 0;
    const deep = await scoreDataset(dataset([plant, second]), "zned", async (body) => ((asked = body.topK ?? 0), [{ symbol: "B", start: "2020-01-01", end: "2020-01-10" }, { symbol: "B", start: "2020-02-01", end: "2020-02-10" }, { symbol: "A", start: "2020-03-01", end: "2020-03-10" }]), 2);
    expect(asked).toBe(4);
    expect(deep[0].hits).toBe(1);
    // the pool diagnostic asks for R and counts a plant anywhere in however many matches come back
    const pool = await scoreDataset(dataset([plant, second]), "zned", async (body) => ((asked = body.topK ?? 0), [{ symbol: "B", start: "2020-01-01", end: "2020-01-10" }, { symbol: "B", start: "2020-02-01", end: "2020-02-10" }, { symbol: "A", start: "2020-03-01", end: "2020-03-10" }]), 1, true);
    expect(asked).toBe(2);
    expect(pool[0].hits).toBe(1);
  });

  it("the request asks for R matches over the data set's symbols with the family's lengths", async () => {
    let seen: unknown;
    await scoreDataset({ ...dataset([plant, plant]), queries: [{ ...dataset([plant, plant]).queries[0], minLength: 30, maxLength: 80 }] }, "dtw", async (body) => ((seen = body), []));
    expect(seen).toEqual({ query: { type: "sketch", points: [0, 1, 0, 1, 0] }, method: "dtw", topK: 2, minLength: 30, maxLength: 80, symbols: ["A", "B"] });
  });

  it("leave-one-family-out reports each family under the setting best on the others", () => {
    const table = new Map([
      ["a", new Map([["x", 0.9], ["y", 0.5], ["z", 0.5]])],
      ["b", new Map([["x", 0.6], ["y", 0.7], ["z", 0.6]])],
    ]);
    expect(leaveOneFamilyOut(table)).toEqual([
      { family: "x", chosen: "b", recall: 0.6 },
      { family: "y", chosen: "a", recall: 0.5 },
      { family: "z", chosen: "a", recall: 0.5 },
    ]);
  });

  it("zned finds a clean, unwarped, noiseless plant of each shape first", async () => {
    const r = rng(9);
    const d: RecallDataset = { ...generateDataset(FAMILIES[0], 1, walks, { ...SMALL, perShape: 0 }), family: "clean" };
    d.queries = RECALL_SHAPE_NAMES.map((shape, k) => {
      const t = d.tickers[k], at = 100 + 20 * k, L = 40 + 5 * k;
      const vol = dailyVolatility(t.close);
      const keys = RECALL_SHAPES[shape];
      writeCurve(t, at, Float64Array.from({ length: L }, (_, i) => 3 * vol * Math.sqrt(L) * (keypointsAt(keys, i / (L - 1)) - keys[0][1])), vol, r);
      const plant = { symbol: t.symbol, shape, start: "", end: "", length: L, at, warp: "smooth" as const, minSpeed: 1, maxSpeed: 1, noise: "gaussian" as const, amplitude: 1, drift: 0 };
      const day = (i: number) => new Date(t.days[i] * 864e5).toISOString().slice(0, 10);
      return { id: shape, query: { type: "sketch", points: sampleKeypoints(keys) }, minLength: 30, maxLength: 80, plants: [{ ...plant, start: day(at), end: day(at + L - 1) }] };
    });
    const index = buildIndex({ tickers: d.tickers });
    const scores = await scoreDataset(d, "zned", async (body) => (await searchPatterns({ index, request: searchRequestSchema.parse(body) })).matches);
    expect(scores.map((s) => s.recall)).toEqual(RECALL_SHAPE_NAMES.map(() => 1));
  });
});

const shared = sharedDataFile();
describe.skipIf(!shared)("recall suite on the real data (../shared/data)", () => {
  it("picked ranges are real, prominent windows left as they are, and the DTW engine finds most knots plants", async () => {
    const source = loadRealSource(shared!);
    expect(source.tickers.length).toBeGreaterThan(400);
    const range = generateDataset(FAMILIES.find((f) => f.name === "range")!, 1, source, SMALL);
    for (const q of range.queries) {
      if (q.query.type !== "range") throw new Error("a range family query is a range");
      const { symbol, from, to } = q.query;
      const t = range.tickers.find((x) => x.symbol === symbol)!;
      const days = Array.from(t.days, (x) => new Date(x * 864e5).toISOString().slice(0, 10));
      const a = days.indexOf(from), b = days.indexOf(to);
      const src = source.tickers.find((s) => s.days.length === t.days.length && s.open[0] === t.open[0])!;
      const logs = (c: Float64Array) => Array.from(c.subarray(a, b + 1), Math.log);
      // the same window up to one price factor: its log path shifted by a constant
      const diff = logs(t.close).map((v, i) => v - logs(src.close)[i]);
      expect(Math.max(...diff) - Math.min(...diff)).toBeLessThan(1e-9);
      const path = logs(t.close);
      expect(Math.max(...path) - Math.min(...path)).toBeGreaterThanOrEqual(2 * dailyVolatility(src.close) * Math.sqrt(path.length) - 1e-9);
    }
    const knots = generateDataset(FAMILIES[0], 1, source, { ...SMALL, perShape: 5 });
    const index = buildIndex({ tickers: knots.tickers });
    const scores = await scoreDataset(knots, "dtw", async (body) => (await searchPatterns({ index, request: searchRequestSchema.parse(body) })).matches);
    const recall = scores.reduce((s, x) => s + x.recall, 0) / scores.length;
    console.log(`recall suite, knots seed 1 (30 tickers, 5 per shape), dtw: ${recall.toFixed(3)}`);
    expect(recall).toBeGreaterThan(0.6);
  });
});
