import "server-only";
import type { Db } from "@/lib/db/client";
import { getCandlesJson } from "@/lib/candles/get-candles-json";
import type { Candle, CandlesResult } from "@/lib/tickers/types";

/** Candles of a ticker between two dates (inclusive), as objects for server components. */
export async function getCandles(db: Db, { symbol, from, to }: { symbol: string; from?: string; to?: string }): Promise<CandlesResult> {
  const { ticker, body } = await getCandlesJson(db, { symbol, from, to });
  const { candles } = JSON.parse(body.toString("utf8")) as { candles: Candle[] };
  return { symbol: ticker.symbol, name: ticker.name, isSample: ticker.isSample, candles };
}
