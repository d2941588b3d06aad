import { describe, expect, it } from "vitest";
import { createRandom, gaussian } from "@/ml/random";
import { buildIndex } from "@/lib/search/build-index";
import { prepareQueries } from "@/lib/search/prepare-queries";
import { prepareSeries } from "@/lib/search/prepare-series";
import { samplePreset } from "@/lib/search/presets";
import { scanChain, selectNonOverlapping, type ChainParams } from "@/lib/search/scan-chain";
import { scanKernel, type KernelParams } from "@/lib/search/scan-kernel";
import { runChain } from "@/lib/search/worker-pool";

// Four random-walk tickers, each scanned whole: one chain step per length.
function chainOf(lengths: number[], k: number, seed = Infinity): ChainParams {
  const r = createRandom(8);
  const tickers = [260, 300, 220, 280].map((n, t) => {
    const close = new Float64Array(n);
    let v = 50;
    for (let i = 0; i < n; i++) close[i] = v *= Math.exp(gaussian(r) * 0.02);
    return { symbol: `T${t}`, days: Int32Array.from(close, (_, i) => 18000 + i), open: close, high: close, low: close, close, volume: close };
  });
  const index = buildIndex({ tickers });
  const prepared = prepareSeries({ index, series: "close", smooth: 5, smoothKind: "sg" });
  const points = samplePreset({ name: "double-bottom", n: 64 });
  const ids = Int32Array.from(index.symbols, (_, t) => t);
  const steps = lengths.map((m) => {
    const params: KernelParams = {
      values: prepared.values,
      blockSum: prepared.blockSum,
      blockSumSq: prepared.blockSumSq,
      blockNan: prepared.blockNan,
      offsets: index.offsets,
      tickers: ids,
      lo: Int32Array.from(ids, (t) => index.offsets[t]),
      hi: Int32Array.from(ids, (t) => index.offsets[t + 1]),
      queries: prepareQueries({ points, lengths: [m], method: "dtw", band: 0.1, lengthPrior: 0, smooth: 5, smoothKind: "sg" }),
      method: 1,
      k,
      exclude: { ticker: -1, start: 0, end: 0 },
      initialWorst: Infinity,
    };
    return { params, realTicker: ids, rescale: 1 };
  });
  return { steps, k, seed };
}

describe("scanChain", () => {
  it("answers as the scans one by one, unseeded, then picked together", () => {
    const lengths = [30, 40, 55];
    const chained = scanChain(chainOf(lengths, 5), scanKernel);
    const separate = chainOf(lengths, 5).steps.flatMap(({ params }) => {
      const r = scanKernel(params);
      return Array.from({ length: r.count }, (_, i) => ({ ticker: r.ticker[i], start: r.start[i], length: r.len[i], distance: r.dist[i] }));
    });
    expect(chained).toHaveLength(5);
    expect(chained).toEqual(selectNonOverlapping(separate, 5));
  });

  it("keeps only matches under its seed, and runs the same on a search thread", async () => {
    const lengths = [30, 40, 55];
    const all = scanChain(chainOf(lengths, 5), scanKernel);
    const bound = (all[2].distance + all[3].distance) / 2;
    expect(scanChain(chainOf(lengths, 5, bound), scanKernel)).toEqual(all.slice(0, 3));
    expect(await runChain({ params: chainOf(lengths, 5) })).toEqual(all);
  });
});
