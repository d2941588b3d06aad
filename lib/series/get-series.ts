import "server-only";
import { AppError } from "@/lib/errors/app-error";
import type { Db } from "@/lib/db/client";
import { findTicker } from "@/lib/tickers/find-ticker";
import type { SeriesPoint, SeriesResult } from "@/lib/tickers/types";

const MIN_DATE = "0001-01-01";
const MAX_DATE = "9999-12-31";

/** One named series as dated points; for the OHLCV series the points are closes. */
export async function getSeries(db: Db, { symbol, name, from, to }: { symbol: string; name: string; from?: string; to?: string }): Promise<SeriesResult> {
  const ticker = await findTicker(db, { symbol });
  const lo = from ?? MIN_DATE;
  const hi = to ?? MAX_DATE;
  const found = await db.$queryRaw<{ id: number; kind: "ohlcv" | "scalar"; frequency: string }[]>`
    SELECT id, kind, frequency FROM series WHERE ticker_id = ${ticker.id} AND name = ${name}`;
  const series = found[0];
  if (!series) throw new AppError("not_found", `Unknown series for ${ticker.symbol}: ${name}`);
  // The value sits at index 1 for scalar rows and index 4 (close) for OHLCV rows.
  const valueIndex = series.kind === "ohlcv" ? 4 : 1;
  const rows = await db.$queryRaw<{ points: string | null }[]>`
    SELECT jsonb_agg(jsonb_build_array(r.value->0, r.value->${valueIndex}::int) ORDER BY c.year, r.idx)::text AS points
    FROM series_chunk c
    CROSS JOIN LATERAL jsonb_array_elements(c.rows) WITH ORDINALITY AS r(value, idx)
    WHERE c.series_id = ${series.id} AND c.last >= ${lo}::date AND c.first <= ${hi}::date
      AND r.value->>0 BETWEEN ${lo} AND ${hi}`;
  const pairs: [string, number | null][] = rows[0]?.points ? JSON.parse(rows[0].points) : [];
  const points: SeriesPoint[] = pairs.map(([t, v]) => ({ t, v: typeof v === "number" ? v : null }));
  return { symbol: ticker.symbol, name, kind: series.kind, frequency: series.frequency, points };
}
