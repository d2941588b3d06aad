import { toDayNumber } from "@/lib/search/dates";
import { createIndexBuilder } from "@/lib/search/build-index";
import type { SearchIndex, TickerColumns } from "@/lib/search/types";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

/** One yearly chunk of a series as the loader reads it: the JSONB rows as text, parsed here. */
export type ChunkText = { name: string; kind: "ohlcv" | "scalar"; rows: string };

/** Progress of a load: tickers and candles read so far out of the totals. */
export type LoadProgress = { tickers: number; totalTickers: number; candles: number; totalCandles: number };

/** Longest stretch of parsing between two turns of the event loop. */
const YIELD_EVERY_MS = 10;

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : NaN);
const byDate = (a: unknown[], b: unknown[]) => ((a[0] as string) < (b[0] as string) ? -1 : (a[0] as string) > (b[0] as string) ? 1 : 0);

/** One ticker's columns from the chunk texts of its daily OHLCV series and its scalar series (any order). */
export function tickerFromChunks(symbol: string, chunks: ChunkText[]): TickerColumns {
  const daily: unknown[][] = [];
  const scalarRows = new Map<string, unknown[][]>();
  for (const c of chunks) {
    const rows = JSON.parse(c.rows) as unknown[][];
    let list = daily;
    if (c.kind !== "ohlcv") {
      if (!scalarRows.has(c.name)) scalarRows.set(c.name, []);
      list = scalarRows.get(c.name)!;
    }
    for (const r of rows) if (Array.isArray(r) && typeof r[0] === "string") list.push(r);
  }
  daily.sort(byDate);
  const scalars: NonNullable<TickerColumns["scalars"]> = {};
  for (const [name, list] of scalarRows) {
    list.sort(byDate);
    scalars[name] = { days: Int32Array.from(list, (r) => toDayNumber(r[0] as string)), values: Float64Array.from(list, (r) => num(r[1])) };
  }
  return {
    symbol,
    days: Int32Array.from(daily, (r) => toDayNumber(r[0] as string)),
    open: Float64Array.from(daily, (r) => num(r[1])),
    high: Float64Array.from(daily, (r) => num(r[2])),
    low: Float64Array.from(daily, (r) => num(r[3])),
    close: Float64Array.from(daily, (r) => num(r[4])),
    volume: Float64Array.from(daily, (r) => num(r[5])),
    scalars,
  };
}

/**
 * Reads every ticker's daily OHLCV series ('daily') and its scalar series from the yearly JSONB chunks into
 * the columnar search index, `tickersPerQuery` tickers per query: only one batch of chunk texts and parsed rows
 * is alive at a time (parsing everything at once took ~5x the index's own size at its peak, bench:memory), the
 * columns are filled in place (sized from the chunks' row counts), and the event loop runs between batches, so
 * the server keeps answering while a large index loads.
 */
export async function loadSearchIndex(db: Db, { tickersPerQuery = 200, onProgress }: { tickersPerQuery?: number; onProgress?: (progress: LoadProgress) => void } = {}): Promise<SearchIndex> {
  const tickers = await db.$queryRaw<{ id: number; symbol: string; candles: number }[]>`
    SELECT t.id, t.symbol, coalesce(sum(c.count) FILTER (WHERE s.kind = 'ohlcv'), 0)::int AS candles
    FROM series s
    JOIN ticker t ON t.id = s.ticker_id
    JOIN series_chunk c ON c.series_id = s.id
    WHERE (s.kind = 'ohlcv' AND s.name = 'daily') OR s.kind = 'scalar'
    GROUP BY t.id, t.symbol`;
  // JavaScript's order, not the database collation's: the index is sorted as buildIndex sorts
  tickers.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const totalCandles = tickers.reduce((n, t) => n + t.candles, 0);
  const builder = createIndexBuilder({ capacity: totalCandles });
  const progress: LoadProgress = { tickers: 0, totalTickers: tickers.length, candles: 0, totalCandles };
  onProgress?.({ ...progress });
  let lastYield = performance.now();
  for (let i = 0; i < tickers.length; i += tickersPerQuery) {
    const batch = tickers.slice(i, i + tickersPerQuery);
    const chunks = await db.$queryRaw<(ChunkText & { ticker_id: number })[]>`
      SELECT s.ticker_id, s.name, s.kind, c.rows::text AS rows
      FROM series s
      JOIN series_chunk c ON c.series_id = s.id
      WHERE s.ticker_id IN (${Prisma.join(batch.map((t) => t.id))}) AND ((s.kind = 'ohlcv' AND s.name = 'daily') OR s.kind = 'scalar')`;
    const byTicker = new Map<number, ChunkText[]>();
    for (const c of chunks) {
      if (!byTicker.has(c.ticker_id)) byTicker.set(c.ticker_id, []);
      byTicker.get(c.ticker_id)!.push(c);
    }
    for (const t of batch) {
      const columns = tickerFromChunks(t.symbol, byTicker.get(t.id) ?? []);
      builder.add(columns);
      progress.candles += columns.days.length;
      // parsing is synchronous: give the event loop a turn every few milliseconds of it (chart reads go on)
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
    progress.tickers += batch.length;
    onProgress?.({ ...progress });
  }
  return builder.finish();
}
