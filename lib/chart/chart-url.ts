import { ALL_MA_PERIODS, CADENCES } from "@/lib/chart/cadence";
import { readParam, type UrlParams } from "@/lib/chart/url-params";

/** What a chart URL carries so a view can be shared: zoom window, log scale, moving averages, a highlighted match. */
export type ChartUrlState = {
  from?: string;
  to?: string;
  log: boolean;
  ma: number[];
  /** Highlighted stretch (a search match) as dates, and forward candles to shade after it. */
  hl?: { from: string; to: string };
  horizon?: number;
  /** The list a match came from (a search or a scan): the header marks it and the page offers the way back. */
  via?: ChartOrigin;
};

export const CHART_ORIGINS = ["search", "scan"] as const;
export type ChartOrigin = (typeof CHART_ORIGINS)[number];

/** The list a chart URL says it was opened from, if any (`?via=search`); anything else is no origin. */
export function chartOrigin(value: string | null | undefined): ChartOrigin | undefined {
  return CHART_ORIGINS.find((o) => o === value);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ALLOWED_MA = new Set([5, 10, 100, ...ALL_MA_PERIODS]);
const DAILY_MA = CADENCES.daily.maPeriods;

/**
 * Reads a chart URL leniently: anything malformed is dropped rather than failing the page. Without `ma` the
 * series' cadence decides the moving averages (`defaultMa`: 20/50/200 days, 6/12 months...).
 */
export function parseChartUrl(params: UrlParams, defaultMa: readonly number[] = DAILY_MA): ChartUrlState {
  const from = readParam(params, "from");
  const to = readParam(params, "to");
  const maRaw = readParam(params, "ma");
  const ma =
    maRaw === undefined
      ? [...defaultMa]
      : maRaw === "none" || maRaw === ""
        ? []
        : [...new Set(maRaw.split(",").map(Number).filter((n) => ALLOWED_MA.has(n)))].sort((a, b) => a - b);
  const state: ChartUrlState = { log: readParam(params, "log") === "1", ma };
  if (from && DATE.test(from)) state.from = from;
  if (to && DATE.test(to)) state.to = to;
  if (state.from && state.to && state.from > state.to) [state.from, state.to] = [state.to, state.from];
  const hl = readParam(params, "hl")?.split("..");
  if (hl && hl.length === 2 && DATE.test(hl[0]) && DATE.test(hl[1]) && hl[0] <= hl[1]) state.hl = { from: hl[0], to: hl[1] };
  const horizon = Number(readParam(params, "h"));
  if (state.hl && Number.isInteger(horizon) && horizon > 0 && horizon <= 500) state.horizon = horizon;
  const via = chartOrigin(readParam(params, "via"));
  if (via) state.via = via;
  return state;
}

/** The query string for a chart state, leaving out defaults so URLs stay short. */
export function buildChartQuery(state: ChartUrlState, defaultMa: readonly number[] = DAILY_MA): string {
  const q = new URLSearchParams();
  if (state.from) q.set("from", state.from);
  if (state.to) q.set("to", state.to);
  if (state.log) q.set("log", "1");
  const isDefaultMa = state.ma.length === defaultMa.length && state.ma.every((m, i) => m === defaultMa[i]);
  if (!isDefaultMa) q.set("ma", state.ma.length ? state.ma.join(",") : "none");
  if (state.hl) q.set("hl", `${state.hl.from}..${state.hl.to}`);
  if (state.hl && state.horizon) q.set("h", String(state.horizon));
  if (state.via) q.set("via", state.via);
  const s = q.toString().replace(/%2C/g, ",");
  return s ? `?${s}` : "";
}
