import { formatDate } from "@/lib/chart/format";

/** The search form's controls an error can sit beside. */
export type SearchField = "query" | "range.symbol" | "range.from" | "range.to" | "method" | "minLength" | "maxLength" | "symbols" | "from" | "to" | "horizon" | "topK" | "minSimilarity";

export type FieldError = { field: SearchField; message: string };

/** What the form knows about a ticker, to say where its data is when a range holds none. */
export type TickerSpan = { symbol: string; first: string | null; last: string | null };

const API_FIELDS: Record<string, SearchField> = {
  "query.points": "query",
  "query.name": "query",
  "query.pattern": "query",
  query: "query",
  "query.symbol": "range.symbol",
  "query.from": "range.from",
  "query.to": "range.to",
  method: "method",
  minLength: "minLength",
  maxLength: "maxLength",
  symbols: "symbols",
  from: "from",
  to: "to",
  horizon: "horizon",
  topK: "topK",
  "outcomes.minSimilarity": "minSimilarity",
};

const LABELS: Record<SearchField, string> = {
  query: "The query",
  "range.symbol": "Symbol",
  "range.from": "From",
  "range.to": "To",
  method: "Method",
  minLength: "Min length",
  maxLength: "Max length",
  symbols: "Tickers",
  from: "From",
  to: "To",
  horizon: "Horizon",
  topK: "Results",
  minSimilarity: "Statistics threshold",
};

/** "Too small: expected number to be >=5" (zod) as "at least 5"; null when it is another message. */
function bound(message: string): string | null {
  const m = /expected (?:number|int|integer) to be ([<>]=?)\s*(-?[\d.]+)/i.exec(message);
  if (!m) return null;
  const [, op, n] = m;
  return op.startsWith(">") ? `at least ${n}${op === ">" ? " (exclusive)" : ""}` : `at most ${n}${op === "<" ? " (exclusive)" : ""}`;
}

function dataSpan(symbol: string, tickers: readonly TickerSpan[]): string {
  const t = tickers.find((x) => x.symbol === symbol);
  return t?.first && t.last ? ` ${symbol} has data from ${formatDate(t.first)} to ${formatDate(t.last)}.` : "";
}

/**
 * An API error of POST /api/search (`{ error: { code, message, details } }`: the field from `details.field` or the
 * first zod issue's path, the message with the field in front) as words beside the control it concerns.
 * Null when the error names no field the form has (it is shown above the results instead).
 */
export function toSearchFieldError({ field, message }: { field?: string; message: string }, tickers: readonly TickerSpan[] = []): FieldError | null {
  const apiField = field ?? /^([\w.]+): /.exec(message)?.[1];
  if (!apiField) return null;
  const target = API_FIELDS[apiField];
  if (!target) return null;
  const text = message.startsWith(`${apiField}: `) ? message.slice(apiField.length + 2) : message;

  const unknown = /^unknown symbols? (.+)$/.exec(text);
  if (unknown && target === "range.symbol") return { field: target, message: `There is no ticker ${unknown[1]}. Pick one from the list.` };
  if (unknown && target === "symbols") {
    const names = unknown[1].split(", ");
    return { field: target, message: `${names.length === 1 ? "No ticker" : "No tickers"} ${names.join(", ")}. Leave the box empty to search every ticker.` };
  }
  const holds = /^the range holds (\d+) values? of (\S+?);/.exec(text);
  if (holds) {
    const n = Number(holds[1]);
    return { field: target, message: `This range holds ${n === 0 ? "no" : `only ${n}`} ${n === 1 ? "candle" : "candles"} of ${holds[2]}; pick at least 5.${dataSpan(holds[2], tickers)}` };
  }
  if (text === "from is after to") return { field: target, message: "From is after To: swap the dates." };
  if (text === "minLength is greater than maxLength") return { field: target, message: "Min length is longer than max length." };
  if (text === "not a real calendar date") return { field: target, message: "Not a real date." };
  if (text === "expected a date YYYY-MM-DD") return { field: target, message: "Enter a date (year, month, day)." };
  if (apiField === "query.points") return { field: target, message: "The drawing is too short: draw across more of the pad, from left to right." };
  const limit = bound(text);
  if (limit) return { field: target, message: `${LABELS[target]}: ${limit}.` };
  return { field: target, message: `${text.charAt(0).toUpperCase()}${text.slice(1)}.`.replace(/\.\.$/, ".") };
}
