import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import type { SearchTuning } from "@/lib/search/tuning";
import { loadLongCsv } from "@/lib/search/testing/load-long-csv";
import { loadPlanted, plantedBenchmark, plantsFound } from "@/lib/search/testing/planted";

// The planted-pattern benchmark in-process, seed 7 (hard): what `planted.mjs score` measures through HTTP.
const planted = plantedBenchmark();

describe.skipIf(!planted)("planted-pattern recall (../shared/bench/planted.mjs, seed 7, hard)", () => {
  it("the DTW engine's warp-fit ranking finds at least 88% of the plants, more than DTW's own ranking", async () => {
    const { csv, truth } = loadPlanted({ ...planted!, seed: "7", difficulty: "hard" });
    const { sketch } = (await import(planted!.bench)) as { sketch: (name: string, n?: number) => number[] };
    const index = buildIndex({ tickers: loadLongCsv({ file: csv }) });
    const recall = async (tuning: SearchTuning) => {
      const shapes = [...new Set(truth.instances.map((t) => t.shape))];
      let sum = 0;
      for (const shape of shapes) {
        const inst = truth.instances.filter((t) => t.shape === shape);
        const request = searchRequestSchema.parse({ query: { type: "sketch", points: sketch(shape) }, method: "dtw", topK: inst.length, minLength: 30, maxLength: 80, symbols: truth.symbols });
        const res = await searchPatterns({ index, request, tuning });
        sum += plantsFound(res.matches, inst).size / inst.length;
      }
      return sum / shapes.length;
    };
    const warpFit = await recall({});
    const dtwOnly = await recall({ warpFit: false });
    console.log(`planted recall, seed 7: warp fit ${warpFit.toFixed(3)}, DTW ranking ${dtwOnly.toFixed(3)}`);
    expect(warpFit).toBeGreaterThanOrEqual(0.88);
    expect(warpFit).toBeGreaterThan(dtwOnly);
  }, 60_000);
});
