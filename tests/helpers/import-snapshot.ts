import type { Db } from "@/lib/db/client";

/** Everything an import could change, as text, including timestamps (a no-op import must not touch them). */
type Row = Record<string, unknown> & { symbol: string };

export async function snapshot(db: Db) {
  const tickers = await db.$queryRaw<Row[]>`
    SELECT symbol, name, exchange, currency, metadata::text, is_sample, updated_at::text FROM ticker ORDER BY symbol`;
  const documents = await db.$queryRaw<Row[]>`
    SELECT t.symbol, d.content_hash, d.format, d.imported_at::text FROM ticker_document d JOIN ticker t ON t.id = d.ticker_id
    ORDER BY t.symbol, d.content_hash`;
  const series = await db.$queryRaw<Row[]>`
    SELECT t.symbol, s.name, s.kind, s.frequency, s.first::text, s.last::text, s.count, s.summary::text, s.updated_at::text
    FROM series s JOIN ticker t ON t.id = s.ticker_id ORDER BY t.symbol, s.name`;
  const chunks = await db.$queryRaw<Row[]>`
    SELECT t.symbol, s.name, c.year, c.first::text, c.last::text, c.count, c.rows::text, c.xmin::text AS version
    FROM series_chunk c JOIN series s ON s.id = c.series_id JOIN ticker t ON t.id = s.ticker_id ORDER BY t.symbol, s.name, c.year`;
  return { tickers, documents, series, chunks };
}

/** A ticker's stored daily rows, [t, o, h, l, c, v], by date. */
export async function dailyRows(db: Db, symbol: string) {
  const rows = await db.$queryRaw<{ row: [string, number | null, number | null, number | null, number, number | null] }[]>`
    SELECT r.value AS row FROM ticker t JOIN series s ON s.ticker_id = t.id AND s.name = 'daily'
    JOIN series_chunk c ON c.series_id = s.id, jsonb_array_elements(c.rows) r
    WHERE t.symbol = ${symbol} ORDER BY c.year, r.value->>0`;
  return rows.map((r) => r.row);
}
