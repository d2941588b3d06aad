import "server-only";
import { db } from "@/lib/db";
import { findTicker } from "@/lib/tickers/find-ticker";
import type { Candle, CandlesResult } from "@/lib/tickers/types";

type StoredRow = [string, number | null, number | null, number | null, number | null, number | null];

const MIN_DATE = "0001-01-01";
const MAX_DATE = "9999-12-31";

/**
 * Candles of a ticker between two dates. Only the yearly chunks that overlap the range are read, and SQL slices
 * them by date, so a 5-year chart reads five small JSONB values and gets one aggregated array back.
 */
export async function getCandles({ symbol, from, to }: { symbol: string; from?: string; to?: string }): Promise<CandlesResult> {
  const ticker = await findTicker({ symbol });
  const lo = from ?? MIN_DATE;
  const hi = to ?? MAX_DATE;
  // Chunks wholly inside the range come back as stored; only the edge chunks are sliced element by element.
  const chunks = await db.$queryRaw<{ rows: string | null }[]>`
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
  const stored: StoredRow[] = chunks.flatMap((chunk) => (chunk.rows ? (JSON.parse(chunk.rows) as StoredRow[]) : []));
  const candles: Candle[] = stored.map(([t, o, h, l, c, v]) => ({ t, o, h, l, c, v }));
  return { symbol: ticker.symbol, name: ticker.name, isSample: ticker.isSample, candles };
}
