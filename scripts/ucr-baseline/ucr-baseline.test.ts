import { afterAll, describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { fromDayNumber } from "@/lib/search/dates";
import { prepareQueries } from "@/lib/search/prepare-queries";
import { prepareSeries } from "@/lib/search/prepare-series";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import { randomCandles } from "@/lib/search/testing/random-candles";
import { randomWalk, rng } from "@/lib/search/testing/random";
import { DEFAULT_TUNING } from "@/lib/search/tuning";
import { compileBaseline, startBaseline, type UcrBaseline } from "./ucr-baseline";

// The C baseline and the engine's plain scans compute the same distances (z-normalised, sqrt(sum / m), windows
// within a ticker and free of missing values), so their nearest windows must agree exactly.
const built = compileBaseline();
const index = buildIndex({ tickers: randomCandles({ seed: 5, count: 6, n: 500 }) });
const started: UcrBaseline[] = [];
afterAll(() => {
  started.forEach((b) => b.close());
  if ("remove" in built) built.remove();
});

describe.skipIf("skipped" in built)("the UCR-method baseline", () => {
  for (const method of ["dtw", "zned"] as const) {
    it(`finds the engine's nearest ${method} window`, async () => {
      if ("skipped" in built) return;
      const tune = DEFAULT_TUNING[method];
      const prepared = prepareSeries({ index, series: "close", smooth: tune.smooth, smoothKind: tune.smoothKind });
      const baseline = startBaseline({ binary: built.binary, values: prepared.values, offsets: prepared.offsets });
      started.push(baseline);
      const r = rng(11);
      for (let k = 0; k < 5; k++) {
        const points = Array.from(randomWalk(r, 40));
        const request = searchRequestSchema.parse({ query: { type: "sketch", points }, method, minLength: 40, maxLength: 40, band: 0.1, topK: 1 });
        const ours = await searchPatterns({ index, request, tuning: { threads: 1, warpFit: false } });
        const [query] = prepareQueries({ points, lengths: [40], method, band: 0.1, smooth: tune.smooth, smoothKind: tune.smoothKind });
        const theirs = await baseline.search(method === "dtw" ? "dtw" : "ed", query.q, query.r);
        const best = ours.matches[0];
        expect(index.symbols[theirs.ticker]).toBe(best.symbol);
        expect(fromDayNumber(prepared.days[prepared.offsets[theirs.ticker] + theirs.start])).toBe(best.start);
        expect(theirs.distance).toBeCloseTo(best.distance, 5);
      }
    });
  }
});
