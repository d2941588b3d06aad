import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import { randomWalkColumns } from "@/lib/search/testing/random";
import { cachedSearch } from "@/lib/search-server/search-result-cache";

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
});
