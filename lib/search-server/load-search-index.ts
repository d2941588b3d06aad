import { createIndexBuilder } from "@/lib/search/build-index";
import type { SearchIndex, TickerColumns } from "@/lib/search/types";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { appendPackedRows, RowColumns, sortedByDay } from "@/lib/search-server/chunk-rows";

/** One yearly chunk of a series as the loader reads it: the binary copy of its rows (series_chunk.packed) in base64. */
export type PackedChunk = { name: string; kind: "ohlcv" | "scalar"; year: number; packed: string };

/** Progress of a load: tickers and candles read so far out of the totals. */
export type LoadProgress = { tickers: number; totalTickers: number; candles: number; totalCandles: number };

/** Longest stretch of decoding between two turns of the event loop. */
const YIELD_EVERY_MS = 10;

function readChunks(chunks: PackedChunk[], out: RowColumns): RowColumns {
  out.length = 0;
  // in year order, the rows arrive sorted (PostgreSQL returns the chunks in any order; sorting rows cost more)
  for (const c of [...chunks].sort((a, b) => a.year - b.year)) appendPackedRows(Buffer.from(c.packed, "base64"), out);
  return sortedByDay(out);
}

/**
 * One ticker's columns from the packed chunks of its daily OHLCV series and its scalar series (any order). The
 * daily columns are views into `daily` (reused from ticker to ticker: the index builder copies them at once).
 */
export function tickerFromChunks(symbol: string, chunks: PackedChunk[], daily = new RowColumns(5)): TickerColumns {
  const d = readChunks(chunks.filter((c) => c.kind === "ohlcv"), daily);
  const scalarNames = [...new Set(chunks.filter((c) => c.kind !== "ohlcv").map((c) => c.name))];
  const scalars: NonNullable<TickerColumns["scalars"]> = {};
  for (const name of scalarNames) {
    const s = readChunks(chunks.filter((c) => c.kind !== "ohlcv" && c.name === name), new RowColumns(1));
    scalars[name] = { days: s.days.slice(0, s.length), values: s.values[0].slice(0, s.length) };
  }
  const col = (k: number) => d.values[k].subarray(0, d.length);
  return { symbol, days: d.days.subarray(0, d.length), open: col(0), high: col(1), low: col(2), close: col(3), volume: col(4), scalars };
}

/**
 * Reads every ticker's daily OHLCV series ('daily') and its scalar series from the binary copies of their yearly
 * chunks into the columnar search index (printing and parsing the JSONB rows instead was most of a large index's
 * load), `tickersPerQuery` tickers per query: two batches are alive at a time (the one decoded and the one
 * PostgreSQL reads meanwhile), the columns are filled in place (sized from the chunks' row counts), and the
 * event loop runs every few milliseconds, so the server keeps answering while a large index loads.
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
  const readBatch = (batch: typeof tickers) => db.$queryRaw<(PackedChunk & { ticker_id: number })[]>`
      SELECT s.ticker_id, s.name, s.kind, c.year, encode(c.packed, 'base64') AS packed
      FROM series s
      JOIN series_chunk c ON c.series_id = s.id
      WHERE s.ticker_id IN (${Prisma.join(batch.map((t) => t.id))}) AND ((s.kind = 'ohlcv' AND s.name = 'daily') OR s.kind = 'scalar')`;
  // packed travels as base64 text: Prisma hands a bytea column over by copying its bytes one at a time, about
  // 100 ms of blocked event loop per batch; a string is passed on as it is and decoded here, chunk by chunk
  const daily = new RowColumns(5, 4096);
  let lastYield = performance.now();
  // The next batch is asked for before this one is decoded: PostgreSQL reads it while we decode ours.
  let next = tickers.length ? readBatch(tickers.slice(0, tickersPerQuery)) : undefined;
  for (let i = 0; i < tickers.length; i += tickersPerQuery) {
    const batch = tickers.slice(i, i + tickersPerQuery);
    const chunks = await next!;
    next = i + tickersPerQuery < tickers.length ? readBatch(tickers.slice(i + tickersPerQuery, i + 2 * tickersPerQuery)) : undefined;
    // a failed read ahead must not go unhandled while this batch is decoded: the loop awaits it next
    next?.catch(() => {});
    const byTicker = new Map<number, PackedChunk[]>();
    for (const c of chunks) {
      if (!byTicker.has(c.ticker_id)) byTicker.set(c.ticker_id, []);
      byTicker.get(c.ticker_id)!.push(c);
    }
    for (const t of batch) {
      const columns = tickerFromChunks(t.symbol, byTicker.get(t.id) ?? [], daily);
      builder.add(columns);
      progress.candles += columns.days.length;
      // decoding is synchronous: give the event loop a turn every few milliseconds of it (chart reads go on)
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
