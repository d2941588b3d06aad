import "server-only";
import { AppError } from "@/lib/errors/app-error";
import type { Db } from "@/lib/db/client";

export type TickerRow = { id: number; symbol: string; name: string | null; isSample: boolean };

/** Looks a ticker up by symbol; an unknown symbol is a 404 naming it. */
export async function findTicker(db: Db, { symbol }: { symbol: string }): Promise<TickerRow> {
  const rows = await db.$queryRaw<TickerRow[]>`
    SELECT id, symbol, name, is_sample AS "isSample" FROM ticker WHERE symbol = ${symbol}`;
  const ticker = rows[0];
  if (!ticker) throw new AppError("not_found", `Unknown symbol: ${symbol}`);
  return ticker;
}
