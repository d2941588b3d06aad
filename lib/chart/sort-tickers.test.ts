import { describe, expect, it } from "vitest";
import { nextTickerOrder, parseTickerOrder, sortTickers } from "@/lib/chart/sort-tickers";
import type { TickerSummary } from "@/lib/tickers/types";

const t = (symbol: string, over: Partial<TickerSummary> = {}): TickerSummary => ({ symbol, name: null, exchange: null, currency: null, isSample: false, first: "2010-01-04", last: "2018-02-07", count: 100, lastClose: 10, changePct: 0, spark: [], ...over });

describe("sortTickers", () => {
  // The list as the database gives it: samples first, then by symbol.
  const list = [t("AAPL-SAMPLE", { isSample: true, name: "Apple (sample)" }), t("AAL"), t("AAP"), t("AAPL", { name: "Apple Inc." }), t("MAAP")];

  it("lists the exact symbol first, then symbols that start with the text, then the rest in their order", () => {
    expect(sortTickers(list, { q: "aap", order: parseTickerOrder(undefined, undefined) }).map((x) => x.symbol)).toEqual(["AAP", "AAPL-SAMPLE", "AAPL", "AAL", "MAAP"]);
    expect(sortTickers(list, { q: "", order: parseTickerOrder(undefined, undefined) }).map((x) => x.symbol)).toEqual(list.map((x) => x.symbol));
  });

  it("sorts by a column either way, missing values last, ties by symbol", () => {
    const rows = [t("B", { changePct: 2 }), t("A", { changePct: null }), t("C", { changePct: -1 }), t("D", { changePct: 2 })];
    expect(sortTickers(rows, { order: { sort: "change", dir: "desc" } }).map((x) => x.symbol)).toEqual(["B", "D", "C", "A"]);
    expect(sortTickers(rows, { order: { sort: "change", dir: "asc" } }).map((x) => x.symbol)).toEqual(["C", "B", "D", "A"]);
    expect(sortTickers([t("b", { name: "beta" }), t("a", { name: null }), t("c", { name: "Alpha" })], { order: { sort: "name", dir: "asc" } }).map((x) => x.symbol)).toEqual(["c", "b", "a"]);
  });
});

describe("ticker order in the URL", () => {
  it("reads known columns and directions, biggest first for numbers, and flips on a second click", () => {
    expect(parseTickerOrder("change", undefined)).toEqual({ sort: "change", dir: "desc" });
    expect(parseTickerOrder("symbol", "desc")).toEqual({ sort: "symbol", dir: "desc" });
    expect(parseTickerOrder("drop table", "up")).toEqual({ sort: null, dir: "asc" });
    expect(nextTickerOrder({ sort: null, dir: "asc" }, "change")).toEqual({ sort: "change", dir: "desc" });
    expect(nextTickerOrder({ sort: "change", dir: "desc" }, "change")).toEqual({ sort: "change", dir: "asc" });
    expect(nextTickerOrder({ sort: "change", dir: "desc" }, "symbol")).toEqual({ sort: "symbol", dir: "asc" });
  });
});
