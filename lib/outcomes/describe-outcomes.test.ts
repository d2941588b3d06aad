import { describe, expect, it } from "vitest";
import { DEFAULT_OUTCOME_SETTINGS, describeOutcomes, describeOutcomesInSlices, fanDays } from "@/lib/outcomes/describe-outcomes";
import { buildPrices, everything } from "@/lib/outcomes/testing/synthetic-prices";
import type { MatchEnds, OutcomeStats, PriceColumns } from "@/lib/outcomes/types";
import { createRandom, gaussian } from "@/ml/random";

const COMPARED = { lengths: 12, windows: 1_000_000 };

/** Match ends drawn at random on each ticker, at least `gap` candles apart, inside [from, to). */
function randomEnds({ prices, perTicker, from, to, gap, seed }: { prices: PriceColumns; perTicker: number; from: number; to: number; gap: number; seed: number }): MatchEnds {
  const random = createRandom(seed);
  const ticker: number[] = [], end: number[] = [];
  for (let t = 0; t < prices.offsets.length - 1; t++) {
    const picked: number[] = [];
    for (let tries = 0; picked.length < perTicker && tries < perTicker * 100; tries++) {
      const e = from + Math.floor(random() * (to - from));
      if (picked.every((p) => Math.abs(p - e) >= gap)) picked.push(e);
    }
    for (const e of picked.sort((a, b) => a - b)) {
      ticker.push(t);
      end.push(prices.offsets[t] + e);
    }
  }
  return { ticker: Int32Array.from(ticker), end: Int32Array.from(end) };
}

/** Independent gaussian log returns, per ticker and day, plus an optional extra term. */
function noise({ tickers, length, vol, seed }: { tickers: number; length: number; vol: number; seed: number }): Float64Array[] {
  const random = createRandom(seed);
  return Array.from({ length: tickers }, () => Float64Array.from({ length }, () => vol * gaussian(random)));
}

const at = (stats: OutcomeStats, h: number) => stats.horizons.find((o) => o.horizon === h)!;
const width = (ci: [number, number] | null) => (ci ? ci[1] - ci[0] : NaN);

describe("describeOutcomes on constructed data", () => {
  it("finds a planted edge: +3% over the 20 days after each match", () => {
    const tickers = 40, length = 2500, h = 20;
    const eps = noise({ tickers, length, vol: 0.01, seed: 11 });
    const skeleton = buildPrices({ tickers, length, logReturn: () => 0 });
    const matches = randomEnds({ prices: skeleton, perTicker: 8, from: 200, to: length - 100, gap: 3 * h, seed: 12 });
    const lift = eps.map(() => new Float64Array(length));
    matches.end.forEach((e, i) => {
      const local = e - skeleton.offsets[matches.ticker[i]];
      for (let d = 1; d <= h; d++) lift[matches.ticker[i]][local + d] += 0.03 / h;
    });
    const prices = buildPrices({ tickers, length, logReturn: (t, i) => eps[t][i] + lift[t][i] });
    const stats = describeOutcomes({ prices, matches, horizon: h, searched: everything(prices), compared: COMPARED });
    const o = at(stats, h);
    console.log(`planted edge: n ${o.n}, effectiveN ${o.effectiveN}, edge ${o.edge}, ci ${o.edgeCi95}, naive ${o.naiveCi95}`);
    expect(o.n).toBe(320);
    expect(o.edge).toBeGreaterThan(0.025);
    expect(o.edge).toBeLessThan(0.035);
    expect(o.edgeCi95![0]).toBeGreaterThan(0.01);
    expect(stats.verdict.kind).toBe("better");
    expect(stats.verdict.sentence).toMatch(/^The matches did better than the same tickers over the same period/);
    // the lift is spread over 20 days: a 1-day horizon sees about a twentieth of it
    expect(at(stats, 1).edge).toBeGreaterThan(0.0005);
    expect(at(stats, 1).edge).toBeLessThan(0.003);
  });

  it("gives no edge for a pure-drift sample once the base rate is period-matched, where the all-windows rate shows one", () => {
    const tickers = 30, length = 2500, h = 20;
    const eps = noise({ tickers, length, vol: 0.01, seed: 21 });
    // a bull market on days 1000-1600 (+0.3% a day for every ticker), flat otherwise
    const prices = buildPrices({ tickers, length, logReturn: (t, i) => eps[t][i] + (i >= 1000 && i < 1600 ? 0.003 : 0) });
    // matches by pure chance, all inside the bull market
    const matches = randomEnds({ prices, perTicker: 6, from: 1150, to: 1430, gap: h, seed: 22 });
    const stats = describeOutcomes({ prices, matches, horizon: h, searched: everything(prices), compared: COMPARED });
    const o = at(stats, h);
    console.log(`pure drift: n ${o.n}, effectiveN ${o.effectiveN}, mean ${o.mean}, period base ${o.base.period.mean}, all base ${o.base.all.mean}, edge ${o.edge}, ci ${o.edgeCi95}, all-windows edge ${o.allWindowsEdge}`);
    expect(o.allWindowsEdge).toBeGreaterThan(0.03);
    expect(o.base.period.mean).toBeGreaterThan(0.05);
    expect(Math.abs(o.edge!)).toBeLessThan(0.01);
    expect(o.edgeCi95![0]).toBeLessThan(0);
    expect(o.edgeCi95![1]).toBeGreaterThan(0);
    expect(stats.verdict.kind).toBe("no-edge");
    expect(stats.verdict.sentence).toMatch(/^No measurable edge after accounting for overlap and the period's drift/);
    expect(stats.verdict.sentence).toMatch(/drift of these tickers over this period/);
  });

  it("does not shrink the interval when every match is duplicated across 10 tickers on the same dates", () => {
    const length = 3000, h = 20;
    const eps = noise({ tickers: 1, length, vol: 0.012, seed: 31 });
    const one = buildPrices({ tickers: 1, length, logReturn: (_, i) => eps[0][i] });
    const single = randomEnds({ prices: one, perTicker: 60, from: 200, to: length - 100, gap: 30, seed: 32 });
    const statsOne = describeOutcomes({ prices: one, matches: single, horizon: h, searched: everything(one), compared: COMPARED });

    // ten tickers sharing the market's moves, each with a little noise of its own, matched on the same dates
    const idio = noise({ tickers: 10, length, vol: 0.002, seed: 33 });
    const ten = buildPrices({ tickers: 10, length, logReturn: (t, i) => eps[0][i] + idio[t][i] });
    const copies: MatchEnds = {
      ticker: Int32Array.from({ length: single.end.length * 10 }, (_, k) => k % 10),
      end: Int32Array.from({ length: single.end.length * 10 }, (_, k) => ten.offsets[k % 10] + single.end[Math.floor(k / 10)]),
    };
    const statsTen = describeOutcomes({ prices: ten, matches: copies, horizon: h, searched: everything(ten), compared: COMPARED });
    // exact copies (ten identical series): the same clusters hold ten times the matches
    const same = buildPrices({ tickers: 10, length, logReturn: (_, i) => eps[0][i] });
    const exact = describeOutcomes({ prices: same, matches: { ticker: copies.ticker, end: Int32Array.from(copies.end, (e, k) => same.offsets[k % 10] + (e - ten.offsets[k % 10])) }, horizon: h, searched: everything(same), compared: COMPARED });

    const [a, b, c] = [at(statsOne, h), at(statsTen, h), at(exact, h)];
    console.log(`duplicates: n ${a.n} -> ${b.n}; effectiveN ${a.effectiveN} -> ${b.effectiveN} (exact copies ${c.effectiveN}); bootstrap CI width ${width(a.edgeCi95)} -> ${width(b.edgeCi95)} (exact copies ${width(c.edgeCi95)}); naive SE CI width ${width(a.naiveCi95)} -> ${width(b.naiveCi95)}; win-rate CI width ${width(a.winRateCi95)} -> ${width(b.winRateCi95)}`);
    expect(b.n).toBe(a.n * 10);
    expect(b.effectiveN).toBe(a.effectiveN);
    expect(c.effectiveN).toBe(a.effectiveN);
    expect(width(c.edgeCi95)).toBeCloseTo(width(a.edgeCi95), 12);
    expect(width(b.edgeCi95) / width(a.edgeCi95)).toBeGreaterThan(0.85);
    expect(width(b.edgeCi95) / width(a.edgeCi95)).toBeLessThan(1.15);
    // the win rate's interval comes from the same clusters: ten copies do not narrow it either
    expect(width(b.winRateCi95) / width(a.winRateCi95)).toBeGreaterThan(0.8);
    expect(b.winRateCi95![0]).toBeLessThanOrEqual(b.winRate!);
    expect(b.winRateCi95![1]).toBeGreaterThanOrEqual(b.winRate!);
    // the plain standard error would have believed ten times the evidence: an interval about sqrt(10) narrower
    expect(width(b.naiveCi95) / width(a.naiveCi95)).toBeLessThan(0.4);
  });

  it("measures the calibrated 10-90% band's coverage near 80% on later, held-out dates when returns are exchangeable", () => {
    const tickers = 50, length = 2000, h = 20;
    const eps = noise({ tickers, length, vol: 0.01, seed: 41 });
    const prices = buildPrices({ tickers, length, logReturn: (t, i) => eps[t][i] });
    const matches = randomEnds({ prices, perTicker: 30, from: 100, to: length - 80, gap: h, seed: 42 });
    const stats = describeOutcomes({ prices, matches, horizon: h, searched: everything(prices), compared: COMPARED });
    const { band, n } = at(stats, h);
    console.log(`coverage: n ${n}, band ${band.lo} to ${band.hi}, nominal ${band.nominal}, measured ${band.coverage} over ${band.checked}`);
    expect(band.nominal).toBeCloseTo(0.8, 12);
    expect(band.checked).toBeGreaterThan(0.75 * n);
    expect(band.coverage).toBeGreaterThan(0.76);
    expect(band.coverage).toBeLessThan(0.84);
    // 20 days of 1% daily noise: the 10% and 90% points of a lognormal with sigma 0.01 * sqrt(20)
    expect(band.lo).toBeCloseTo(Math.exp(-1.2816 * 0.01 * Math.sqrt(20)) - 1, 2);
    expect(band.hi).toBeCloseTo(Math.exp(1.2816 * 0.01 * Math.sqrt(20)) - 1, 2);
  });

  it("shows coverage below nominal when the later years are wilder than the earlier ones", () => {
    const tickers = 50, length = 2000, h = 20;
    const eps = noise({ tickers, length, vol: 0.01, seed: 51 });
    // the last fifth of the dates swings three times as much
    const prices = buildPrices({ tickers, length, logReturn: (t, i) => eps[t][i] * (i >= 1600 ? 3 : 1) });
    const matches = randomEnds({ prices, perTicker: 30, from: 100, to: length - 80, gap: h, seed: 52 });
    const { band } = at(describeOutcomes({ prices, matches, horizon: h, searched: everything(prices), compared: COMPARED }), h);
    console.log(`regime change: measured coverage ${band.coverage} (nominal ${band.nominal})`);
    expect(band.coverage).toBeLessThan(0.74);
  });

  it("gives the same answer for the same seed and a different bootstrap for another", () => {
    const tickers = 8, length = 1500, h = 10;
    const eps = noise({ tickers, length, vol: 0.01, seed: 61 });
    const prices = buildPrices({ tickers, length, logReturn: (t, i) => eps[t][i] });
    const matches = randomEnds({ prices, perTicker: 10, from: 100, to: length - 80, gap: h, seed: 62 });
    const run = (seed: number) => describeOutcomes({ prices, matches, horizon: h, searched: everything(prices), compared: COMPARED, settings: { seed } });
    expect(run(7)).toEqual(run(7));
    expect(at(run(7), h).edgeCi95).not.toEqual(at(run(8), h).edgeCi95);
    expect(at(run(7), h).edge).toBe(at(run(8), h).edge);
  });

  it("reports the asked horizon beside the defaults, a fan to the longest one, and the comparisons made", () => {
    const prices = buildPrices({ tickers: 3, length: 400, logReturn: (t, i) => 0.001 * Math.sin(i + t) });
    const matches = randomEnds({ prices, perTicker: 3, from: 50, to: 300, gap: 40, seed: 71 });
    const stats = describeOutcomes({ prices, matches, horizon: 3, searched: everything(prices), compared: { lengths: 7, windows: 12345 } });
    expect(stats.horizons.map((o) => o.horizon)).toEqual([1, 3, 5, 10, 20, 60]);
    expect(stats.fan.days).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(stats.fan.match!.p50).toHaveLength(60);
    expect(stats.fan.base!.p90).toHaveLength(60);
    expect(stats.verdict.kind).toBe("too-few");
    expect(stats.comparisons).toMatchObject({ lengths: 7, windows: 12345, horizons: 6 });
    expect(stats.comparisons.note).toMatch(/^12,345 windows at 7 lengths were compared/);
    expect(stats.cost).toBe(0.001);
    // a long horizon is drawn from 60 days spread over it
    expect(fanDays(500)).toHaveLength(60);
    expect([fanDays(500)[0], fanDays(500).at(-1)]).toEqual([1, 500]);
  });

  it("says there is nothing to measure when no match has data after it", () => {
    const prices = buildPrices({ tickers: 2, length: 100, logReturn: () => 0.001 });
    const stats = describeOutcomes({ prices, matches: { ticker: Int32Array.of(0, 1), end: Int32Array.of(95, 195) }, horizon: 20, searched: everything(prices), compared: COMPARED });
    expect(at(stats, 20)).toMatchObject({ n: 0, effectiveN: 0, edge: null, edgeCi95: null });
    expect(stats.verdict.kind).toBe("no-data");
  });
});

describe("describeOutcomesInSlices", () => {
  it("gives describeOutcomes' own answer, the event loop turning between horizons and fan sides", async () => {
    const tickers = 30, length = 1500, h = 15;
    const eps = noise({ tickers, length, vol: 0.012, seed: 31 });
    const prices = buildPrices({ tickers, length, logReturn: (t, i) => eps[t][i] });
    const matches = randomEnds({ prices, perTicker: 10, from: 100, to: length - 80, gap: 20, seed: 32 });
    const args = { prices, matches, horizon: h, searched: everything(prices), compared: COMPARED, settings: { cost: 0.002 } };
    // sliceMs 0: a slice ends at every step, so a callback waiting for the next turn of the loop runs in between
    let turns = 0;
    let ticker = setImmediate(function tick() {
      turns++;
      ticker = setImmediate(tick);
    });
    const sliced = await describeOutcomesInSlices(args, { sliceMs: 0 }).finally(() => clearImmediate(ticker));
    expect(sliced).toEqual(describeOutcomes(args));
    expect(sliced.horizons.map((o) => o.horizon)).toEqual([...DEFAULT_OUTCOME_SETTINGS.horizons, h].sort((a, b) => a - b));
    // a step per horizon and per side of the fan
    expect(turns).toBeGreaterThanOrEqual(sliced.horizons.length + 1);
  });
});
