import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { TickerRow } from "@/lib/tickers/find-ticker";
import { chunkText, createCandleTextCache, sliceChunkText, type CandleTextCache } from "@/lib/candles/candle-chunk-text";

const MIN_DATE = "0001-01-01";
const MAX_DATE = "9999-12-31";

const g = globalThis as unknown as { patternscopeCandleText?: CandleTextCache };

/**
 * The candles API body `{ symbol, candles: [{ t, o, h, l, c, v }] }` of a ticker's daily series within [from, to],
 * as UTF-8 JSON. One query reads the ticker and its overlapping yearly chunks, sending only those whose stored
 * version the cache does not hold: a chart read of a chunk read before costs no JSONB printing, parsing or rewriting. Edge chunks of
 * a range are sliced here, from the cached text.
 */
export async function getCandlesJson(
  db: Db,
  { symbol, from, to }: { symbol: string; from?: string; to?: string },
  cache: CandleTextCache = (g.patternscopeCandleText ??= createCandleTextCache()),
): Promise<{ ticker: TickerRow; body: Buffer<ArrayBuffer> }> {
  const lo = from ?? MIN_DATE;
  const hi = to ?? MAX_DATE;
  // keyed by the symbol as asked: a ticker stored again under it has new series ids, so no version of the old matches
  const held = cache.get(symbol);
  const known = held ? [...held.values()].map((c) => c.version) : [];
  const rows = await db.$queryRaw<(TickerRow & { year: number | null; version: string | null; rows: string | null })[]>`
    SELECT t.id, t.symbol, t.name, t.is_sample AS "isSample", c.year, v.version,
           CASE WHEN v.version = ANY(${known}::text[]) THEN NULL ELSE c.rows::text END AS rows
    FROM ticker t
    LEFT JOIN series s ON s.ticker_id = t.id AND s.name = 'daily'
    LEFT JOIN series_chunk c ON c.series_id = s.id AND c.last >= ${lo}::date AND c.first <= ${hi}::date
    LEFT JOIN LATERAL (SELECT c.series_id::text || ':' || c.year || ':' || c.xmin::text AS version) v ON true
    WHERE t.symbol = ${symbol}
    ORDER BY c.year`;
  const first = rows[0];
  if (!first) throw new AppError("not_found", `Unknown symbol: ${symbol}`);
  const ticker: TickerRow = { id: first.id, symbol: first.symbol, name: first.name, isSample: first.isSample };
  const chunks = new Map(held);
  const parts: Buffer[] = [];
  for (const row of rows) {
    if (row.year === null || row.version === null) continue; // a ticker with no candles in the range
    const chunk = row.rows === null ? held?.get(row.year) : chunkText(row.rows, row.version);
    // `held` is this call's own reference, so an eviction meanwhile cannot take a chunk the query left out
    if (chunk?.version !== row.version) throw new Error(`candle chunk ${row.year} of ${ticker.symbol} is not the stored version`);
    chunks.set(row.year, chunk);
    parts.push(...sliceChunkText(chunk, lo, hi));
  }
  cache.set(symbol, chunks);
  const body = Buffer.concat([Buffer.from(`{"symbol":${JSON.stringify(ticker.symbol)},"candles":[`), ...parts.flatMap((p, i) => (i === 0 ? [p] : [COMMA, p])), Buffer.from("]}")]);
  return { ticker, body };
}

const COMMA = Buffer.from(",");
