import "server-only";
import type { Db } from "@/lib/db/client";
import { readCandleChunks } from "@/lib/candles/read-candle-chunks";
import type { Candle, CandlesResult } from "@/lib/tickers/types";

type StoredRow = [string, number | null, number | null, number | null, number | null, number | null];

/** Candles of a ticker between two dates (inclusive), as objects for server components. */
export async function getCandles(db: Db, { symbol, from, to }: { symbol: string; from?: string; to?: string }): Promise<CandlesResult> {
  const { ticker, chunks } = await readCandleChunks(db, { symbol, from, to });
  const stored: StoredRow[] = chunks.flatMap((chunk) => JSON.parse(chunk) as StoredRow[]);
  const candles: Candle[] = stored.map(([t, o, h, l, c, v]) => ({ t, o, h, l, c, v }));
  return { symbol: ticker.symbol, name: ticker.name, isSample: ticker.isSample, candles };
}
