/**
 * The series the recall suite plants into: copies of the real daily data in ../shared/data when it is there (the
 * product never needs it), else generated random walks (for the always-on test).
 */
import fs from "node:fs";
import path from "node:path";
import { fromDayNumber, toDayNumber } from "@/lib/search/dates";
import { loadLongCsv } from "@/lib/search/testing/load-long-csv";
import { gaussian, rng } from "@/lib/search/testing/random";
import type { TickerColumns } from "@/lib/search/types";

export type RecallSource = { kind: "real" | "random-walk"; tickers: TickerColumns[] };

/** ../shared/data/all_stocks_5yr.csv.gz (PATTERNSCOPE_SHARED overrides /work/shared), or null when absent. */
export function sharedDataFile(): string | null {
  const file = path.join(path.resolve(process.env.PATTERNSCOPE_SHARED ?? "/work/shared"), "data/all_stocks_5yr.csv.gz");
  return fs.existsSync(file) ? file : null;
}

/** Tickers long enough to hold plants and free of missing or non-positive closes. */
export function eligibleTickers(tickers: TickerColumns[], minDays = 1000): TickerColumns[] {
  return tickers.filter((t) => t.days.length >= minDays && t.close.every((c) => Number.isFinite(c) && c > 0));
}

export function loadRealSource(file: string): RecallSource {
  return { kind: "real", tickers: eligibleTickers(loadLongCsv({ file })) };
}

/** Geometric random walks on weekdays from 2013-01-01, each at its own daily volatility (1% to 3%). */
export function randomWalkSource({ tickers = 60, days = 1260, seed = 1 }: { tickers?: number; days?: number; seed?: number } = {}): RecallSource {
  const r = rng(seed);
  const dayNumbers: number[] = [];
  for (let d = toDayNumber("2013-01-01"); dayNumbers.length < days; d++) {
    const weekday = new Date(`${fromDayNumber(d)}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) dayNumbers.push(d);
  }
  const out: TickerColumns[] = [];
  for (let t = 0; t < tickers; t++) {
    const vol = 0.01 + 0.02 * r();
    const close = new Float64Array(days), open = new Float64Array(days), high = new Float64Array(days), low = new Float64Array(days);
    let x = Math.log(20 + 180 * r());
    for (let i = 0; i < days; i++) {
      const o = Math.exp(x);
      x += gaussian(r) * vol;
      close[i] = Math.exp(x);
      open[i] = o;
      high[i] = Math.max(o, close[i]) * (1 + Math.abs(gaussian(r)) * vol * 0.4);
      low[i] = Math.min(o, close[i]) * (1 - Math.abs(gaussian(r)) * vol * 0.4);
    }
    out.push({ symbol: `RW${t}`, days: Int32Array.from(dayNumbers), open, high, low, close, volume: new Float64Array(days).fill(1e6) });
  }
  return { kind: "random-walk", tickers: out };
}
