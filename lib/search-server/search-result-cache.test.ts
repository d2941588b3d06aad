import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import { randomWalkColumns } from "@/lib/search/testing/random";
import { answerJson, cachedSearch } from "@/lib/search-server/search-result-cache";
import { answerFromIndex } from "@/lib/search-server/run-search-request";

const makeIndex = (seed: number) => buildIndex({ tickers: [randomWalkColumns({ symbol: "AAA", n: 400, seed }), randomWalkColumns({ symbol: "BBB", n: 400, seed: seed + 1 })] });

describe("search result cache", () => {
  it("answers a repeated request from the cache, and shares one scan between identical concurrent requests", async () => {
    const index = makeIndex(1);
    const request = searchRequestSchema.parse({ query: { type: "preset", name: "double-bottom" }, method: "zned", topK: 5 });
    let scans = 0;
    const run = () => (scans++, searchPatterns({ index, request }));
    const [a, b] = await Promise.all([cachedSearch({ index, request, run }), cachedSearch({ index, request, run })]);
    const c = await cachedSearch({ index, request, run });
    expect(scans).toBe(1);
    expect(b.matches).toEqual(a.matches);
    expect(c.matches).toEqual(a.matches);
    expect(a.matches.length).toBe(5);
    // a different request is a different entry
    const other = searchRequestSchema.parse({ ...request, topK: 3 });
    const d = await cachedSearch({ index, request: other, run: () => (scans++, searchPatterns({ index, request: other })) });
    expect(scans).toBe(2);
    expect(d.matches).toEqual(a.matches.slice(0, 3));
  });

  it("forgets answers when the index is replaced (new data) and never remembers a failure", async () => {
    const request = searchRequestSchema.parse({ query: { type: "preset", name: "v-reversal" }, method: "dtw", topK: 3 });
    const first = makeIndex(1), second = makeIndex(7);
    let scans = 0;
    const a = await cachedSearch({ index: first, request, run: () => (scans++, searchPatterns({ index: first, request })) });
    const b = await cachedSearch({ index: second, request, run: () => (scans++, searchPatterns({ index: second, request })) });
    expect(scans).toBe(2);
    expect(b.matches).not.toEqual(a.matches);
    const failing = searchRequestSchema.parse({ ...request, topK: 2 });
    await expect(cachedSearch({ index: first, request: failing, run: () => Promise.reject(new Error("scan failed")) })).rejects.toThrow("scan failed");
    const retried = await cachedSearch({ index: first, request: failing, run: () => (scans++, searchPatterns({ index: first, request: failing })) });
    expect(scans).toBe(3);
    expect(retried.matches.length).toBe(2);
  });

  it("writes an answer's JSON byte for byte as JSON.stringify would, a hit's from the cached text with its own tookMs", async () => {
    const index = makeIndex(4);
    const request = searchRequestSchema.parse({ query: { type: "preset", name: "head-and-shoulders" }, method: "dtw", topK: 6 });
    const first = await answerFromIndex({ index, request });
    expect(answerJson(first).toString("utf8")).toBe(JSON.stringify(first));
    const hits = [await answerFromIndex({ index, request }), await answerFromIndex({ index, request })];
    hits[1] = { ...hits[1] }; // a copy of a hit is not the hit: written out in full
    for (const tookMs of [0, 7, 1234]) {
      for (const hit of hits) {
        const timed = Object.assign(hit, { tookMs });
        expect(answerJson(timed).toString("utf8")).toBe(JSON.stringify(timed));
      }
    }
    expect(JSON.parse(answerJson(hits[0]).toString("utf8"))).toEqual({ ...first, tookMs: 1234 });
    // a field of the hit changed after it was handed out is written too
    const changed = Object.assign(await answerFromIndex({ index, request }), { total: -1 });
    expect(JSON.parse(answerJson(changed).toString("utf8")).total).toBe(-1);
  });
});
