import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

/** Deletes a ticker with its documents, series and chunks (ON DELETE CASCADE). */
export async function deleteTicker(db: Db, options: { symbol: string }): Promise<{ symbol: string; rows: number }> {
  const rows = await db.$queryRaw<{ symbol: string; rows: number }[]>`
    WITH gone AS (DELETE FROM ticker WHERE symbol = ${options.symbol.toUpperCase()} RETURNING id, symbol)
    SELECT g.symbol, COALESCE((SELECT sum(count) FROM series s WHERE s.ticker_id = g.id AND s.name = 'daily'), 0)::int AS rows FROM gone g`;
  const row = rows[0];
  if (!row) throw new AppError("not_found", `No ticker ${options.symbol}`);
  return row;
}
