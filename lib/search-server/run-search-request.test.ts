import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { randomWalkColumns } from "@/lib/search/testing/random";
import { answerFromIndex } from "@/lib/search-server/run-search-request";

const makeIndex = (seed: number) => buildIndex({ tickers: [randomWalkColumns({ symbol: "AAA", n: 600, seed }), randomWalkColumns({ symbol: "BBB", n: 600, seed: seed + 1 })] });

describe("answers of the exact engines", () => {
  it("answers a repeated request whole from the answer cache: no new alignment, no new outcome statistics", async () => {
    const index = makeIndex(3);
    const request = searchRequestSchema.parse({ query: { type: "preset", name: "double-bottom" }, method: "dtw", topK: 5 });
    let admitted = 0;
    const admit = <T>(task: () => Promise<T>) => (admitted++, task());
    const first = await answerFromIndex({ index, request, admit });
    const again = await answerFromIndex({ index, request: searchRequestSchema.parse({ ...request }), admit });
    expect(admitted).toBe(1);
    expect(first.matches.length).toBe(5);
    expect(first.matches[0]).toHaveProperty("alignment");
    // recomputing would build new match objects (alignMatches) and a new statistics object (describeOutcomes)
    expect(again.matches).toBe(first.matches);
    expect(again.outcomeStats).toBe(first.outcomeStats);

    // another cost reuses the scan (no admission) but is its own answer, with its own verdict
    const costly = await answerFromIndex({ index, request: searchRequestSchema.parse({ ...request, cost: 0.05 }), admit });
    expect(admitted).toBe(1);
    expect(costly.outcomeStats).not.toBe(first.outcomeStats);
    expect(costly.outcomeStats?.cost).toBe(0.05);
    expect((await answerFromIndex({ index, request: searchRequestSchema.parse({ ...request, cost: 0.05 }), admit })).outcomeStats).toBe(costly.outcomeStats);
  });

  it("recomputes once the index is replaced (new data) and never remembers a failure", async () => {
    const request = searchRequestSchema.parse({ query: { type: "preset", name: "v-reversal" }, method: "zned", topK: 4 });
    const first = makeIndex(5), second = makeIndex(9);
    const a = await answerFromIndex({ index: first, request });
    const b = await answerFromIndex({ index: second, request });
    expect(b.matches).not.toBe(a.matches);
    expect(b.matches).not.toEqual(a.matches);
    const failing = searchRequestSchema.parse({ ...request, method: "dtw", topK: 3 });
    await expect(answerFromIndex({ index: first, request: failing, admit: () => Promise.reject(new Error("queue full")) })).rejects.toThrow("queue full");
    const retried = await answerFromIndex({ index: first, request: failing });
    expect(retried.matches.length).toBe(3);
  });
});
