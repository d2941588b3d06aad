import { describe, expect, it, vi } from "vitest";
import { buildIndex, createIndexBuilder } from "@/lib/search/build-index";
import type { TickerColumns } from "@/lib/search/types";

const ticker = (symbol: string, n: number, first: number): TickerColumns => {
  const v = Float64Array.from({ length: n }, (_, i) => first + i);
  return { symbol, days: Int32Array.from({ length: n }, (_, i) => 18000 + i), open: v, high: v, low: v, close: v, volume: v };
};

describe("createIndexBuilder", () => {
  it("grows past a capacity that was too small and gives the same index as buildIndex", () => {
    const list = [ticker("A", 3, 1), ticker("B", 5, 10), ticker("C", 2, 100)];
    const builder = createIndexBuilder({ capacity: 4 });
    for (const t of list) builder.add(t);
    const grown = builder.finish();
    const built = buildIndex({ tickers: [...list].reverse() });
    expect(grown.candles).toBe(10);
    expect(Array.from(grown.offsets)).toEqual([0, 3, 8, 10]);
    expect(Array.from(grown.fields.close)).toEqual(Array.from(built.fields.close));
    expect(Array.from(grown.days)).toEqual(Array.from(built.days));
    expect(grown.fields.close.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it("refuses tickers out of symbol order (the index is searched by position)", () => {
    const builder = createIndexBuilder({ capacity: 10 });
    builder.add(ticker("B", 2, 1));
    expect(() => builder.add(ticker("A", 2, 1))).toThrow(/symbol order/);
  });
});

describe("index versions", () => {
  it("are unique in the process even across copies of the module (a production build bundles it into several chunks)", async () => {
    vi.resetModules();
    const copy = (await import("@/lib/search/build-index")) as typeof import("@/lib/search/build-index");
    expect(copy.buildIndex).not.toBe(buildIndex);
    const versions = [buildIndex, copy.buildIndex].flatMap((build) => Array.from({ length: 20 }, () => build({ tickers: [ticker("A", 3, 1)] }).version));
    expect(new Set(versions).size).toBe(40);
  });
});
