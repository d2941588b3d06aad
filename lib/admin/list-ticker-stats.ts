import type { Db } from "@/lib/db/client";

export type TickerStats = { symbol: string; name: string | null; isSample: boolean; rows: number; first: string | null; last: string | null; updatedAt: Date | null };

/** Every ticker with its daily row count and date range (from the series row, not by counting chunks). */
export async function listTickerStats(db: Db): Promise<TickerStats[]> {
  return db.$queryRaw<TickerStats[]>`
    SELECT t.symbol, t.name, t.is_sample AS "isSample", COALESCE(s.count, 0)::int AS rows,
           to_char(s.first, 'YYYY-MM-DD') AS first, to_char(s.last, 'YYYY-MM-DD') AS last, s.updated_at AS "updatedAt"
    FROM ticker t LEFT JOIN series s ON s.ticker_id = t.id AND s.name = 'daily'
    ORDER BY t.symbol`;
}
