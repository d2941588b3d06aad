import "server-only";
import type { Db } from "@/lib/db/client";
import { findTicker } from "@/lib/tickers/find-ticker";
import type { SeriesInfo } from "@/lib/tickers/types";

/** Every series stored for a ticker: the daily OHLCV and any numeric series of its documents. */
export async function listSeries(db: Db, { symbol }: { symbol: string }): Promise<SeriesInfo[]> {
  const ticker = await findTicker(db, { symbol });
  return db.$queryRaw<SeriesInfo[]>`
    SELECT name, kind, frequency, to_char(first, 'YYYY-MM-DD') AS first, to_char(last, 'YYYY-MM-DD') AS last, count
    FROM series WHERE ticker_id = ${ticker.id}
    ORDER BY (name = 'daily') DESC, name`;
}
