import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { randomWalkColumns } from "@/lib/search/testing/random";
import { answerFromIndex, scannedRequest } from "@/lib/search-server/run-search-request";

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

  it("one match per ticker scans 2.5x deep first and 5x only when that full list held too few tickers", async () => {
    const countAdmissions = () => {
      const admit = <T>(task: () => Promise<T>) => (admit.count++, task());
      admit.count = 0;
      return admit;
    };
    const asked = { query: { type: "preset", name: "double-top" }, method: "zned", onePerTicker: true } as const;
    expect(scannedRequest(searchRequestSchema.parse({ ...asked, topK: 20 })).topK).toBe(50);
    expect(scannedRequest(searchRequestSchema.parse({ ...asked, topK: 20 }), 5).topK).toBe(100);

    // two tickers cannot give five: the 20-window list (topK 5 x 2.5, bucketed) comes back full, so 50 are scanned
    const two = makeIndex(7);
    const admitTwo = countAdmissions();
    const few = await answerFromIndex({ index: two, request: searchRequestSchema.parse({ ...asked, topK: 5 }), admit: admitTwo });
    expect(admitTwo.count).toBe(2);
    expect(few.matches.map((m) => m.symbol).sort()).toEqual(["AAA", "BBB"]);

    // twelve tickers: the first list already holds three of them
    const twelve = buildIndex({ tickers: Array.from({ length: 12 }, (_, i) => randomWalkColumns({ symbol: `T${i}`, n: 400, seed: 20 + i })) });
    const admitTwelve = countAdmissions();
    const many = await answerFromIndex({ index: twelve, request: searchRequestSchema.parse({ ...asked, topK: 3 }), admit: admitTwelve });
    expect(admitTwelve.count).toBe(1);
    expect(new Set(many.matches.map((m) => m.symbol)).size).toBe(3);
  });

  it("builds the base-rate sums of a horizon nobody asked for in slices, so the event loop keeps turning", async () => {
    // 400 tickers x 2,500 candles: one pass over them takes tens of milliseconds, many 10 ms slices
    const big = buildIndex({ tickers: Array.from({ length: 400 }, (_, t) => randomWalkColumns({ symbol: `T${t}`, n: 2500, seed: 100 + t })) });
    const request = searchRequestSchema.parse({ query: { type: "preset", name: "v-reversal" }, method: "zned", minLength: 30, maxLength: 30, topK: 3, horizon: 37 });
    await answerFromIndex({ index: big, request: { ...request, horizon: 20 } });
    let turns = 0;
    let running = true;
    const spin = () => running && (turns++, setImmediate(spin));
    setImmediate(spin);
    const answer = await answerFromIndex({ index: big, request });
    running = false;
    expect(answer.outcomeStats?.horizon).toBe(37);
    expect(answer.outcomeStats?.horizons.find((h) => h.horizon === 37)?.base.all.mean).toEqual(expect.any(Number));
    expect(turns).toBeGreaterThan(0); // without the slices the answer comes in microtasks alone: 0 turns
  });
});
