import "server-only";
import type { Db } from "@/lib/db/client";
import { findTicker, type TickerRow } from "@/lib/tickers/find-ticker";

const MIN_DATE = "0001-01-01";
const MAX_DATE = "9999-12-31";

export type CandleChunks = { ticker: TickerRow; chunks: string[] };

/**
 * The stored yearly chunks of a ticker's daily series that overlap [from, to], as JSON text in date order. Chunks
 * wholly inside the range come back as stored; SQL slices only the edge chunks element by element, so a 5-year
 * chart reads five small JSONB values.
 */
export async function readCandleChunks(db: Db, { symbol, from, to }: { symbol: string; from?: string; to?: string }): Promise<CandleChunks> {
  const ticker = await findTicker(db, { symbol });
  const lo = from ?? MIN_DATE;
  const hi = to ?? MAX_DATE;
  const rows = await db.$queryRaw<{ rows: string | null }[]>`
    SELECT CASE WHEN c.first >= ${lo}::date AND c.last <= ${hi}::date THEN c.rows::text
           ELSE (SELECT jsonb_agg(r.value ORDER BY r.idx)
                 FROM jsonb_array_elements(c.rows) WITH ORDINALITY AS r(value, idx)
                 WHERE r.value->>0 BETWEEN ${lo} AND ${hi})::text
           END AS rows
    FROM series s
    JOIN series_chunk c ON c.series_id = s.id
    WHERE s.ticker_id = ${ticker.id} AND s.name = 'daily'
      AND c.last >= ${lo}::date AND c.first <= ${hi}::date
    ORDER BY c.year`;
  return { ticker, chunks: rows.flatMap((r) => (r.rows ? [r.rows] : [])) };
}
