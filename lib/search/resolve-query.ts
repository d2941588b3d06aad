import { toDayNumber } from "@/lib/search/dates";
import { samplePreset } from "@/lib/search/presets";
import type { ParsedSearchRequest } from "@/lib/search/request-schema";
import { SearchInputError } from "@/lib/search/search-input-error";
import type { ExcludedWindow, SearchIndex } from "@/lib/search/types";

export type ShapeQuery = Exclude<ParsedSearchRequest["query"], { type: "sequence" }>;

export type ResolvedQuery = {
  points: ArrayLike<number>;
  minLength: number;
  maxLength: number;
  /** The range query's own window (ticker -1 when there is none), never returned as a match. */
  exclude: ExcludedWindow;
};

/** First index in a[from, to) whose value is >= x (a is sorted there). */
export function lowerBound(a: Int32Array, from: number, to: number, x: number): number {
  let lo = from, hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The query's points and the length range every engine searches: 20..120 candles for sketches and presets, the
 * picked length +-50% for ranges, unless the request sets them. One place, so exact and model search agree.
 */
export function resolveQuery({
  query,
  minLength: requestedMin,
  maxLength: requestedMax,
  bySymbol,
  days,
  offsets,
  rangeValues,
}: {
  query: ShapeQuery;
  minLength?: number;
  maxLength?: number;
  bySymbol: Map<string, number>;
  days: Int32Array;
  offsets: Int32Array;
  /** The values a range query reads its window from; called only for range queries. */
  rangeValues: () => Float64Array;
}): ResolvedQuery {
  let points: ArrayLike<number>;
  let minLength = requestedMin, maxLength = requestedMax;
  let exclude = { ticker: -1, start: 0, end: 0 };
  if (query.type === "range") {
    const t = bySymbol.get(query.symbol);
    if (t === undefined) throw new SearchInputError("query.symbol", `unknown symbol ${query.symbol}`);
    const a = lowerBound(days, offsets[t], offsets[t + 1], toDayNumber(query.from));
    const b = lowerBound(days, offsets[t], offsets[t + 1], toDayNumber(query.to) + 1);
    const window = Array.from(rangeValues().subarray(a, b)).filter((v) => !Number.isNaN(v));
    if (window.length < 5) throw new SearchInputError("query.from", `the range holds ${window.length} values of ${query.symbol}; at least 5 are needed`);
    points = window;
    minLength ??= Math.max(5, Math.min(Math.round(window.length * 0.5), maxLength ?? Infinity));
    maxLength ??= Math.max(minLength, Math.round(window.length * 1.5));
    exclude = { ticker: t, start: a, end: b };
  } else {
    points = query.type === "sketch" ? query.points : samplePreset({ name: query.name, n: 64 });
    minLength ??= Math.min(20, maxLength ?? 20);
    maxLength ??= Math.max(minLength, 120);
  }
  if (minLength > maxLength) throw new SearchInputError("minLength", "minLength is greater than maxLength");
  return { points, minLength, maxLength, exclude };
}

/** The tickers to search and, per ticker, the positions [lo, hi) inside the date filter. */
export function selectTickers(index: Pick<SearchIndex, "bySymbol" | "symbols">, offsets: Int32Array, days: Int32Array, req: ParsedSearchRequest) {
  let ids: number[];
  if (req.symbols?.length) {
    const unknown = req.symbols.filter((s) => !index.bySymbol.has(s));
    if (unknown.length) throw new SearchInputError("symbols", `unknown symbol ${unknown.slice(0, 5).join(", ")}`);
    ids = [...new Set(req.symbols.map((s) => index.bySymbol.get(s)!))].sort((a, b) => a - b);
  } else ids = index.symbols.map((_, i) => i);
  const fromDay = req.from ? toDayNumber(req.from) : -Infinity;
  const toDay = req.to ? toDayNumber(req.to) : Infinity;
  const lo = new Int32Array(ids.length), hi = new Int32Array(ids.length);
  ids.forEach((t, i) => {
    lo[i] = Number.isFinite(fromDay) ? lowerBound(days, offsets[t], offsets[t + 1], fromDay) : offsets[t];
    hi[i] = Number.isFinite(toDay) ? lowerBound(days, offsets[t], offsets[t + 1], toDay + 1) : offsets[t + 1];
  });
  return { tickers: Int32Array.from(ids), lo, hi };
}
