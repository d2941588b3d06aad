import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { prefixBlocks, PREFIX_BLOCK } from "@/lib/search/prefix-blocks";
import { fillPrefix } from "@/lib/search/scan-kernel";
import { prefixAt } from "@/lib/search/warp-fit";
import { prepareSeries, prepareSeriesAveraged } from "@/lib/search/prepare-series";
import { fullPrefixSums } from "@/lib/search/testing/full-prefix";
import { loadLongCsv } from "@/lib/search/testing/load-long-csv";
import { randomWalk, rng } from "@/lib/search/testing/random";

/** Every range [from, to] of the sample rebuilt by fillPrefix and every position by prefixAt equal the full arrays bit for bit. */
function expectExact(values: Float64Array, ranges: [number, number][]) {
  const full = fullPrefixSums(values);
  const blocks = prefixBlocks(values);
  expect(blocks.blockSum.length).toBe(Math.floor(values.length / PREFIX_BLOCK) + 1);
  const n = values.length;
  const S = new Float64Array(n + 1), S2 = new Float64Array(n + 1), N = new Int32Array(n + 1);
  const at = new Float64Array(3);
  let mismatches = 0;
  for (const [from, to] of ranges) {
    fillPrefix(values, blocks.blockSum, blocks.blockSumSq, blocks.blockNan, from, to, S, S2, N);
    for (let i = from; i <= to; i++) {
      if (!Object.is(S[i - from], full.sum[i]) || !Object.is(S2[i - from], full.sumSq[i]) || N[i - from] !== full.nanCount[i]) mismatches++;
    }
    for (const i of [from, to, (from + to) >> 1]) {
      prefixAt(values, blocks.blockSum, blocks.blockSumSq, blocks.blockNan, i, at);
      if (!Object.is(at[0], full.sum[i]) || !Object.is(at[1], full.sumSq[i]) || at[2] !== full.nanCount[i]) mismatches++;
    }
  }
  expect(mismatches).toBe(0);
}

describe("prefix checkpoints", () => {
  it("rebuild the full prefix sums bit for bit on random data with gaps, at every block edge and at random ranges", () => {
    const r = rng(18);
    for (const n of [0, 1, 63, 64, 65, 1000, 20_011]) {
      const values = Float64Array.from(randomWalk(r, n), (v, i) => (r() < 0.01 || i % 997 === 5 ? NaN : v * 1e3 * (1 + r())));
      const ranges: [number, number][] = [[0, n], [n, n], [0, 0]];
      for (let b = 0; b <= n; b += PREFIX_BLOCK) ranges.push([b, Math.min(n, b + 1)], [Math.max(0, b - 1), b]);
      for (let k = 0; k < 200 && n > 0; k++) {
        const from = Math.floor(r() * n), to = from + Math.floor(r() * (n - from + 1));
        ranges.push([from, to]);
      }
      expectExact(values, ranges);
    }
  });

  it("hold what the engines' prepared series need: the same sums as the full arrays over each ticker", () => {
    const r = rng(3);
    const index = buildIndex({
      tickers: [300, 1, 129, 64, 800].map((n, t) => {
        const close = Float64Array.from(randomWalk(r, n), (v, i) => (i === 40 ? NaN : Math.exp(3 + 0.02 * v)));
        return { symbol: `T${t}`, days: Int32Array.from({ length: n }, (_, i) => 16000 + i), open: close, high: close, low: close, close, volume: close };
      }),
    });
    for (const prepared of [prepareSeries({ index, series: "close" }), prepareSeries({ index, series: "close", smooth: 5, smoothKind: "sg" }), prepareSeriesAveraged({ index, series: "close", smooth: 5, smoothKind: "sg", factor: 3 })]) {
      const o = prepared.offsets;
      expectExact(prepared.values, Array.from({ length: o.length - 1 }, (_, t): [number, number] => [o[t], o[t + 1]]));
    }
  });

  const file = "/work/shared/data/all_stocks_5yr.csv.gz";
  const hasShared = fs.existsSync(file);
  if (!hasShared) console.warn(`${file} not found: skipping the check on the real data`);
  it.skipIf(!hasShared)("rebuild the full prefix sums bit for bit over the real data (every ticker of the shared file)", () => {
    const index = buildIndex({ tickers: loadLongCsv({ file }) });
    const prepared = prepareSeries({ index, series: "close", smooth: 5, smoothKind: "sg" });
    const o = prepared.offsets;
    expectExact(prepared.values, Array.from({ length: o.length - 1 }, (_, t): [number, number] => [o[t], o[t + 1]]));
  });
});
