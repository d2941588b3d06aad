import { describe, expect, it } from "vitest";
import { buildSearchQuery, decodePoints, describeSearch, encodePoints, fromSearchRequest, parseSearchUrl, toSearchRequest, type SearchState } from "@/lib/chart/search-url";

const roundTrip = (state: SearchState) => parseSearchUrl(new URLSearchParams(buildSearchQuery(state).slice(1)));

describe("search URLs", () => {
  it("round-trips every query type with its options", () => {
    const base = { method: "dtw" as const, minLength: 30, maxLength: 80, symbols: ["AAPL", "MSFT"], from: "2014-01-01", to: "2016-12-31", horizon: 10, topK: 50 };
    for (const query of [
      { type: "preset" as const, name: "double-top" },
      { type: "sequence" as const, pattern: "GGGR", colorBy: "change" as const },
      { type: "range" as const, symbol: "SPX", from: "2008-09-01", to: "2008-11-28" },
    ]) {
      expect(roundTrip({ query, options: base })).toEqual({ query, options: base });
    }
  });

  it("keeps a range query's window apart from the date filter", () => {
    const url = buildSearchQuery({ query: { type: "range", symbol: "SPX", from: "2008-09-01", to: "2008-11-28" }, options: { method: "auto", symbols: [], horizon: 20, topK: 20, from: "2000-01-01" } });
    expect(url).toBe("?type=range&symbol=SPX&from=2008-09-01&to=2008-11-28&rfrom=2000-01-01");
  });

  it("stores sketches compactly and decodes them to 0..1", () => {
    const points = [0, 0.5, 1, 0.25, 0.75, 0.1];
    const decoded = decodePoints(encodePoints(points))!;
    decoded.forEach((v, i) => expect(v).toBeCloseTo(points[i], 2));
    expect(decodePoints("1.2.3")).toBeNull();
    expect(decodePoints("1.2.3.4.x")).toBeNull();
  });

  it("drops malformed parts and keeps defaults out of the URL", () => {
    const state = parseSearchUrl({ type: "sequence", pattern: "GGXR", method: "magic", h: "-3", k: "9999" });
    expect(state).toEqual({ query: null, options: { method: "auto", symbols: [], horizon: 20, topK: 20 } });
    expect(buildSearchQuery(state)).toBe("");
  });

  it("builds the POST body the search contract expects", () => {
    const body = toSearchRequest({ query: { type: "sketch", points: [1, 2, 3, 2, 1] }, options: { method: "auto", symbols: ["SPX"], horizon: 20, topK: 20, minLength: 20 } });
    expect(body).toEqual({ query: { type: "sketch", points: [1, 2, 3, 2, 1] }, method: "auto", horizon: 20, topK: 20, minLength: 20, symbols: ["SPX"], onePerTicker: true });
    expect(toSearchRequest({ query: null, options: { method: "auto", symbols: [], horizon: 20, topK: 20 } })).toBeNull();
  });

  it("lists one match per ticker for drawn shapes and picked ranges unless asked otherwise, and says so only when it differs", () => {
    const options = { method: "auto" as const, symbols: [], horizon: 20, topK: 20 };
    const sketch = { type: "sketch" as const, points: [0, 1, 0.5, 0.2, 0.9] };
    const range = { type: "range" as const, symbol: "SPX", from: "2008-09-01", to: "2008-11-28" };
    const preset = { type: "preset" as const, name: "double-top" };
    const sequence = { type: "sequence" as const, pattern: "GGGR", colorBy: "candle" as const };
    expect(toSearchRequest({ query: range, options })).toMatchObject({ onePerTicker: true });
    expect(toSearchRequest({ query: preset, options })).not.toHaveProperty("onePerTicker");
    expect(toSearchRequest({ query: sequence, options: { ...options, onePerTicker: true } })).not.toHaveProperty("onePerTicker");
    const everyMatch = { query: sketch, options: { ...options, onePerTicker: false } };
    expect(toSearchRequest(everyMatch)).not.toHaveProperty("onePerTicker");
    expect(buildSearchQuery(everyMatch)).toMatch(/&per=all$/);
    expect(roundTrip(everyMatch).options.onePerTicker).toBe(false);
    expect(roundTrip({ query: sketch, options }).options.onePerTicker).toBeUndefined();
    expect(fromSearchRequest(toSearchRequest(everyMatch) as Parameters<typeof fromSearchRequest>[0])).toEqual(everyMatch);
    const presetPerTicker = { query: preset, options: { ...options, onePerTicker: true } };
    expect(buildSearchQuery(presetPerTicker)).toBe("?type=preset&name=double-top&per=one");
    expect(fromSearchRequest(toSearchRequest(presetPerTicker) as Parameters<typeof fromSearchRequest>[0])).toEqual(presetPerTicker);
    // the default is left out of the URL
    expect(buildSearchQuery({ query: sketch, options: { ...options, onePerTicker: true } })).not.toContain("per=");
    expect(describeSearch(everyMatch)).toBe("Drawn shape · every match");
  });

  it("carries a statistics threshold in the URL and the POST body, but not for a candle sequence", () => {
    const options = { method: "auto" as const, symbols: [], horizon: 20, topK: 20, minSimilarity: 0.45 };
    const preset = { query: { type: "preset" as const, name: "double-bottom" }, options };
    expect(buildSearchQuery(preset)).toBe("?type=preset&name=double-bottom&sim=45");
    expect(roundTrip(preset)).toEqual(preset);
    expect(toSearchRequest(preset)).toMatchObject({ outcomes: { minSimilarity: 0.45 } });
    expect(fromSearchRequest(toSearchRequest(preset) as Parameters<typeof fromSearchRequest>[0])).toEqual(preset);
    expect(toSearchRequest({ query: { type: "sequence", pattern: "GGGR", colorBy: "candle" }, options })).not.toHaveProperty("outcomes");
    expect(parseSearchUrl({ type: "preset", name: "v", sim: "100" }).options.minSimilarity).toBeUndefined();
    expect(parseSearchUrl({ type: "preset", name: "v", sim: "0" }).options.minSimilarity).toBeUndefined();
  });

  it("reads a saved search's request back into the form state toSearchRequest built it from", () => {
    const options = { method: "dtw" as const, minLength: 30, maxLength: 80, symbols: ["AAPL"], from: "2014-01-01", to: "2016-12-31", horizon: 10, topK: 50 };
    for (const query of [
      { type: "sketch" as const, points: [0, 1, 0.5, 0.2, 0.9] },
      { type: "preset" as const, name: "double-top" },
      { type: "sequence" as const, pattern: "GGOR", colorBy: "change" as const },
      { type: "range" as const, symbol: "SPX", from: "2008-09-01", to: "2008-11-28" },
    ]) {
      const state = { query, options };
      expect(fromSearchRequest(toSearchRequest(state) as Parameters<typeof fromSearchRequest>[0])).toEqual(state);
    }
    // The server's parsed request carries its defaults and fields the form has no control for.
    expect(fromSearchRequest({ query: { type: "preset", name: "cup-and-handle" }, method: "auto", topK: 20, horizon: 20, series: "close" } as Parameters<typeof fromSearchRequest>[0])).toEqual({ query: { type: "preset", name: "cup-and-handle" }, options: { method: "auto", minLength: undefined, maxLength: undefined, symbols: [], from: undefined, to: undefined, horizon: 20, topK: 20 } });
  });
});

describe("describeSearch", () => {
  const options = { method: "auto" as const, symbols: [], horizon: 20, topK: 20 };
  const query = { type: "preset" as const, name: "double-bottom" };
  it("names the query alone when every option is the default", () => {
    expect(describeSearch({ query, options })).toBe("Double bottom");
  });
  it("tells apart searches that differ in method, lengths, tickers, dates, horizon or statistics", () => {
    expect(describeSearch({ query, options: { ...options, method: "dtw", minLength: 40, maxLength: 80 } })).toBe("Double bottom · flexible timing · 40–80 candles");
    expect(describeSearch({ query, options: { ...options, symbols: ["A", "B", "C", "D"], from: "2010-01-04", horizon: 40, minSimilarity: 0.4 } })).toBe(
      "Double bottom · A, B, C +1 · 2010-01-04 to … · 40 after · stats ≥ 40%",
    );
  });
});
