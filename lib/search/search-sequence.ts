import { computeBaseline, forwardReturn, summariseOutcomes } from "@/lib/search/outcomes";
import { fromDayNumber } from "@/lib/search/dates";
import type { Match, SearchIndex, SearchResult } from "@/lib/search/types";

export type SequenceOptions = {
  index: SearchIndex;
  pattern: string;
  colorBy?: "candle" | "change";
  threshold?: number;
  doji?: number;
  tickers: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
  topK: number;
  horizon: number;
};

const G = 71, R = 82, D = 68, O = 79, UNKNOWN = 63;

/** Colours one ticker's candles into char codes (G R D O, ? where a value is missing). */
export function colourCandles({ index, ticker, colorBy = "candle", threshold = 0.07, doji = 0 }: { index: SearchIndex; ticker: number; colorBy?: "candle" | "change"; threshold?: number; doji?: number }): Uint8Array {
  const { open, high, low, close } = index.fields;
  const a = index.offsets[ticker], b = index.offsets[ticker + 1];
  const out = new Uint8Array(b - a);
  for (let i = a; i < b; i++) {
    const c = close[i];
    if (colorBy === "change") {
      const prev = i > a ? close[i - 1] : NaN;
      if (!(c > 0) || !(prev > 0)) out[i - a] = UNKNOWN;
      else {
        const chg = c / prev - 1;
        out[i - a] = chg > 0 ? G : chg === 0 ? D : -chg > threshold ? R : O;
      }
    } else {
      const o = open[i];
      if (!(o > 0) || !(c > 0)) out[i - a] = UNKNOWN;
      else if (doji > 0 && Math.abs(c - o) <= doji * (high[i] - low[i])) out[i - a] = D;
      else out[i - a] = c > o ? G : c < o ? R : D;
    }
  }
  return out;
}

/**
 * Exact count of a colour sequence (every occurrence, overlapping ones included), the latest occurrences as
 * matches (non-overlapping within a ticker), and the outcomes after all occurrences against the base rate.
 */
export function searchSequence(o: SequenceOptions): Omit<SearchResult, "tookMs" | "method"> {
  const { index, pattern, tickers, lo, hi, horizon } = o;
  const pat = Uint8Array.from(pattern, (ch) => ch.charCodeAt(0));
  const p = pat.length;
  const found: { t: number; s: number }[] = [];
  let candles = 0;
  for (let ti = 0; ti < tickers.length; ti++) {
    const t = tickers[ti];
    const base = index.offsets[t];
    const col = colourCandles({ index, ticker: t, colorBy: o.colorBy, threshold: o.threshold, doji: o.doji });
    candles += hi[ti] - lo[ti];
    for (let s = lo[ti] - base; s + p <= hi[ti] - base; s++) {
      let j = 0;
      while (j < p && col[s + j] === pat[j]) j++;
      if (j === p) found.push({ t, s: base + s });
    }
  }
  const returns: number[] = [];
  for (const f of found) {
    const r = forwardReturn({ index, ticker: f.t, end: f.s + p - 1, horizon });
    if (r !== null) returns.push(r);
  }
  const byRecency = [...found].sort((x, y) => index.days[y.s] - index.days[x.s] || x.t - y.t);
  const lastEnd = new Map<number, number>();
  const matches: Match[] = [];
  for (const f of byRecency) {
    if (matches.length >= o.topK) break;
    const e = lastEnd.get(f.t);
    if (e !== undefined && f.s + p > e) continue; // overlaps a later occurrence already listed
    lastEnd.set(f.t, f.s);
    const end = f.s + p - 1;
    matches.push({
      symbol: index.symbols[f.t],
      start: fromDayNumber(index.days[f.s]),
      end: fromDayNumber(index.days[end]),
      length: p,
      distance: 0,
      score: 1,
      forward: { days: horizon, return: forwardReturn({ index, ticker: f.t, end, horizon }) },
    });
  }
  const baseline = computeBaseline({ index, tickers, lo, hi, horizon });
  return { matches, outcomes: summariseOutcomes({ returns, horizon, baseline }), total: found.length, searched: { series: tickers.length, candles } };
}
