import { readParam, type UrlParams } from "@/lib/chart/url-params";

/** The search form's state, as the URL carries it so a search can be shared and re-run. */
export type SearchQueryState =
  | { type: "sketch"; points: number[] }
  | { type: "preset"; name: string }
  | { type: "range"; symbol: string; from: string; to: string }
  | { type: "sequence"; pattern: string; colorBy: "candle" | "change" };

export type SearchMethodChoice = "auto" | "zned" | "dtw" | "model";

export type SearchOptionsState = {
  method: SearchMethodChoice;
  minLength?: number;
  maxLength?: number;
  symbols: string[];
  from?: string;
  to?: string;
  horizon: number;
  topK: number;
  /** outcome statistics over every window at least this similar (0..1, the cards' score), not only the listed matches */
  minSimilarity?: number;
  /** best match per ticker only; unset: on for drawn shapes and picked ranges (one look-alike ticker filling the list says little) */
  onePerTicker?: boolean;
};

export type SearchState = { query: SearchQueryState | null; options: SearchOptionsState };

const DEFAULT_SEARCH_OPTIONS: SearchOptionsState = { method: "auto", symbols: [], horizon: 20, topK: 20 };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const METHODS = new Set(["auto", "zned", "dtw", "model"]);

function int(value: string | undefined, lo: number, hi: number): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= lo && n <= hi ? n : undefined;
}

/** Sketch points go in the URL as integers 0..999 joined by dots: short, and exact enough for a drawn shape. */
export function encodePoints(points: readonly number[]): string {
  const lo = Math.min(...points);
  const hi = Math.max(...points);
  const span = hi - lo || 1;
  return points.map((v) => Math.round(((v - lo) / span) * 999)).join(".");
}

export function decodePoints(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length < 5 || parts.length > 512) return null;
  const values = parts.map(Number);
  if (values.some((v) => !Number.isInteger(v) || v < 0 || v > 999)) return null;
  return values.map((v) => v / 999);
}

/** Reads a search URL; malformed parts are dropped so a damaged link still opens the page. */
export function parseSearchUrl(params: UrlParams): SearchState {
  const options: SearchOptionsState = { ...DEFAULT_SEARCH_OPTIONS, symbols: [] };
  const method = readParam(params, "method");
  if (method && METHODS.has(method)) options.method = method as SearchMethodChoice;
  options.minLength = int(readParam(params, "min"), 5, 1000);
  options.maxLength = int(readParam(params, "max"), 5, 1000);
  options.horizon = int(readParam(params, "h"), 1, 500) ?? DEFAULT_SEARCH_OPTIONS.horizon;
  options.topK = int(readParam(params, "k"), 1, 500) ?? DEFAULT_SEARCH_OPTIONS.topK;
  const similarity = int(readParam(params, "sim"), 1, 99);
  if (similarity !== undefined) options.minSimilarity = similarity / 100;
  const perTicker = readParam(params, "per");
  if (perTicker === "one" || perTicker === "all") options.onePerTicker = perTicker === "one";
  const symbols = readParam(params, "symbols");
  if (symbols) options.symbols = [...new Set(symbols.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean))].slice(0, 200);
  const from = readParam(params, "from");
  const to = readParam(params, "to");
  const type = readParam(params, "type");
  if (type !== "range") {
    if (from && DATE.test(from)) options.from = from;
    if (to && DATE.test(to)) options.to = to;
  } else {
    const rf = readParam(params, "rfrom");
    const rt = readParam(params, "rto");
    if (rf && DATE.test(rf)) options.from = rf;
    if (rt && DATE.test(rt)) options.to = rt;
  }

  let query: SearchQueryState | null = null;
  if (type === "sketch") {
    const points = decodePoints(readParam(params, "p") ?? "");
    if (points) query = { type, points };
  } else if (type === "preset") {
    const name = readParam(params, "name");
    if (name && /^[a-z-]{1,64}$/.test(name)) query = { type, name };
  } else if (type === "range") {
    const symbol = readParam(params, "symbol");
    if (symbol && from && to && DATE.test(from) && DATE.test(to) && from <= to) query = { type, symbol, from, to };
  } else if (type === "sequence") {
    const pattern = (readParam(params, "pattern") ?? "").toUpperCase();
    const colorBy = readParam(params, "color") === "change" ? "change" : "candle";
    if (/^[GRDO]{1,64}$/.test(pattern)) query = { type, pattern, colorBy };
  }
  return { query, options };
}

/** The query string of a search; defaults are left out so links stay short. */
export function buildSearchQuery(state: SearchState): string {
  const q = new URLSearchParams();
  const { query, options } = state;
  if (query) {
    q.set("type", query.type);
    if (query.type === "sketch") q.set("p", encodePoints(query.points));
    if (query.type === "preset") q.set("name", query.name);
    if (query.type === "range") {
      q.set("symbol", query.symbol);
      q.set("from", query.from);
      q.set("to", query.to);
    }
    if (query.type === "sequence") {
      q.set("pattern", query.pattern);
      if (query.colorBy === "change") q.set("color", "change");
    }
  }
  if (options.method !== "auto") q.set("method", options.method);
  if (options.minLength !== undefined) q.set("min", String(options.minLength));
  if (options.maxLength !== undefined) q.set("max", String(options.maxLength));
  if (options.symbols.length) q.set("symbols", options.symbols.join(","));
  // A range query's own from/to name the picked window, so the date filter uses other keys there.
  const [fk, tk] = query?.type === "range" ? ["rfrom", "rto"] : ["from", "to"];
  if (options.from) q.set(fk, options.from);
  if (options.to) q.set(tk, options.to);
  if (options.horizon !== DEFAULT_SEARCH_OPTIONS.horizon) q.set("h", String(options.horizon));
  if (options.topK !== DEFAULT_SEARCH_OPTIONS.topK) q.set("k", String(options.topK));
  if (options.minSimilarity !== undefined) q.set("sim", String(Math.round(options.minSimilarity * 100)));
  const perTicker = query ? perTickerOverride(query, options) : undefined;
  if (perTicker !== undefined) q.set("per", perTicker ? "one" : "all");
  const s = q.toString().replace(/%2C/g, ",");
  return s ? `?${s}` : "";
}

/** One match per ticker is the default for drawn shapes and picked ranges; presets and sequences list every match. */
export function onePerTickerByDefault(query: { type: SearchQueryState["type"] }): boolean {
  return query.type === "sketch" || query.type === "range";
}

/** The user's one-per-ticker choice where it differs from the query's default (what links and labels mention), else undefined. */
function perTickerOverride(query: SearchQueryState, options: SearchOptionsState): boolean | undefined {
  return options.onePerTicker !== undefined && options.onePerTicker !== onePerTickerByDefault(query) ? options.onePerTicker : undefined;
}

/** The POST /api/search body for a state (null when there is no query yet). */
export function toSearchRequest(state: SearchState): Record<string, unknown> | null {
  const { query, options } = state;
  if (!query) return null;
  const body: Record<string, unknown> = { query, method: options.method, horizon: options.horizon, topK: options.topK };
  if (query.type === "sequence") body.query = { type: "sequence", pattern: query.pattern, colorBy: query.colorBy };
  if (options.minLength !== undefined) body.minLength = options.minLength;
  if (options.maxLength !== undefined) body.maxLength = options.maxLength;
  if (options.symbols.length) body.symbols = options.symbols;
  if (options.from) body.from = options.from;
  if (options.to) body.to = options.to;
  // A candle sequence's statistics already cover every occurrence; the API refuses a threshold there.
  if (options.minSimilarity !== undefined && query.type !== "sequence") body.outcomes = { minSimilarity: options.minSimilarity };
  // a candle sequence always lists every occurrence
  if (query.type !== "sequence" && (options.onePerTicker ?? onePerTickerByDefault(query))) body.onePerTicker = true;
  return body;
}

/** A short human label for a query (recent searches, page titles). */
export function describeQuery(query: SearchQueryState): string {
  switch (query.type) {
    case "sketch":
      return "Drawn shape";
    case "preset":
      return query.name.replace(/-/g, " ").replace(/^\w/, (c) => c.toUpperCase());
    case "range":
      return `${query.symbol} ${query.from} – ${query.to}`;
    case "sequence":
      return `Sequence ${query.pattern}${query.colorBy === "change" ? " (by change)" : ""}`;
  }
}

const METHOD_WORDS: Record<string, string> = { zned: "exact shape", dtw: "flexible timing", model: "learned similarity" };

/**
 * A search in words for lists (recent and saved searches): the query and every option that differs from the
 * defaults, so two double bottoms over different lengths, tickers or methods read differently.
 */
export function describeSearch(state: { query: SearchQueryState; options: SearchOptionsState }): string {
  const o = state.options;
  const parts = [describeQuery(state.query)];
  if (o.method !== DEFAULT_SEARCH_OPTIONS.method) parts.push(METHOD_WORDS[o.method] ?? o.method);
  if (o.minLength != null || o.maxLength != null) parts.push(`${o.minLength ?? "…"}–${o.maxLength ?? "…"} candles`);
  if (o.symbols.length) parts.push(o.symbols.length <= 3 ? o.symbols.join(", ") : `${o.symbols.slice(0, 3).join(", ")} +${o.symbols.length - 3}`);
  if (o.from || o.to) parts.push(`${o.from ?? "…"} to ${o.to ?? "…"}`);
  if (o.horizon !== DEFAULT_SEARCH_OPTIONS.horizon) parts.push(`${o.horizon} after`);
  if (o.minSimilarity != null) parts.push(`stats ≥ ${Math.round(o.minSimilarity * 100)}%`);
  const perTicker = perTickerOverride(state.query, o);
  if (perTicker !== undefined) parts.push(perTicker ? "one per ticker" : "every match");
  return parts.join(" · ");
}

type RequestLike = {
  query: { type: string; points?: number[]; name?: string; symbol?: string; from?: string; to?: string; pattern?: string; colorBy?: string };
  method?: string;
  minLength?: number;
  maxLength?: number;
  topK?: number;
  symbols?: string[];
  from?: string;
  to?: string;
  horizon?: number;
  outcomes?: { minSimilarity?: number };
  onePerTicker?: boolean;
};

/** The form state of a POST /api/search body (a saved search's request), the inverse of toSearchRequest. */
export function fromSearchRequest(request: RequestLike): SearchState {
  const q = request.query;
  let query: SearchQueryState | null = null;
  if (q.type === "sketch" && q.points) query = { type: "sketch", points: q.points };
  else if (q.type === "preset" && q.name) query = { type: "preset", name: q.name };
  else if (q.type === "range" && q.symbol && q.from && q.to) query = { type: "range", symbol: q.symbol, from: q.from, to: q.to };
  else if (q.type === "sequence" && q.pattern) query = { type: "sequence", pattern: q.pattern, colorBy: q.colorBy === "change" ? "change" : "candle" };
  const options: SearchOptionsState = {
    method: request.method && METHODS.has(request.method) ? (request.method as SearchMethodChoice) : DEFAULT_SEARCH_OPTIONS.method,
    minLength: request.minLength,
    maxLength: request.maxLength,
    symbols: request.symbols ?? [],
    from: request.from,
    to: request.to,
    horizon: request.horizon ?? DEFAULT_SEARCH_OPTIONS.horizon,
    topK: request.topK ?? DEFAULT_SEARCH_OPTIONS.topK,
    minSimilarity: request.outcomes?.minSimilarity,
  };
  // a saved request says onePerTicker only when true: read its absence as "every match" where that is not the default
  if (query && query.type !== "sequence" && Boolean(request.onePerTicker) !== onePerTickerByDefault(query)) options.onePerTicker = Boolean(request.onePerTicker);
  return { query, options };
}
