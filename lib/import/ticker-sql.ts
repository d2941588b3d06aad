import { Prisma } from "@/lib/generated/prisma/client";
import type { Exec } from "@/lib/import/import-target";
import type { SeriesRow } from "@/lib/import/merge-series-rows";
import { packChunkRows, packedWidth } from "@/lib/import/pack-chunk-rows";
import type { SeriesPlan, StoredSeries } from "@/lib/import/plan-series-merge";

/** The ticker's own fields as an import writes them (null leaves a stored value alone on update). */
export type TickerFields = {
  symbol: string;
  name: string | null;
  exchange: string | null;
  currency: string | null;
  metadataJson: string;
  isSample: boolean;
};

/** The provider document of one import, kept once per content hash. */
export type DocumentFields = { source: string; format: string; contentHash: string; documentJson: string };

/**
 * The stored ticker's id (null when new) and whether it already holds this document. Transaction-local settings
 * ride along with this first read: every round trip counts in bulk imports.
 */
export async function findTicker(
  tx: Exec,
  symbol: string,
  contentHash: string,
  settings: { durable: boolean; lz4: boolean },
): Promise<{ id: number | null; hasDocument: boolean }> {
  const found = await tx.rows<{ id: number | null; has_doc: boolean }>(Prisma.sql`
    SELECT t.id, EXISTS (SELECT 1 FROM ticker_document d WHERE d.ticker_id = t.id AND d.content_hash = ${contentHash}) AS has_doc
    FROM (SELECT set_config('synchronous_commit',
                   COALESCE(${settings.durable ? null : "off"}::text, current_setting('synchronous_commit')), true) AS a,
                 set_config('default_toast_compression',
                   COALESCE(${settings.lz4 ? "lz4" : null}::text, current_setting('default_toast_compression')), true) AS b) AS settings
    LEFT JOIN ticker t ON t.symbol = ${symbol}`);
  return { id: found[0]?.id ?? null, hasDocument: found[0]?.has_doc === true };
}

/** Inserts a new ticker with its document in one statement; returns the ticker's id. */
export async function insertTicker(tx: Exec, t: TickerFields, d: DocumentFields): Promise<number> {
  const inserted = await tx.rows<{ id: number }>(Prisma.sql`
    WITH t AS (
      INSERT INTO ticker (symbol, name, exchange, currency, metadata, is_sample)
      VALUES (${t.symbol}, ${t.name}, ${t.exchange}, ${t.currency}, ${t.metadataJson}::jsonb, ${t.isSample})
      RETURNING id
    ), d AS (
      INSERT INTO ticker_document (ticker_id, source, format, content_hash, document)
      SELECT id, ${d.source}, ${d.format}, ${d.contentHash}, ${d.documentJson}::jsonb FROM t
    )
    SELECT id FROM t`);
  return inserted[0].id;
}

/** Updates a stored ticker's fields only when they differ (so re-importing leaves updated_at alone); returns rows changed. */
export function updateTicker(tx: Exec, tickerId: number, t: TickerFields): Promise<number> {
  return tx.run(Prisma.sql`
    UPDATE ticker SET name = COALESCE(${t.name}, name), exchange = COALESCE(${t.exchange}, exchange),
      currency = COALESCE(${t.currency}, currency), metadata = metadata || ${t.metadataJson}::jsonb,
      is_sample = is_sample AND ${t.isSample}, updated_at = CURRENT_TIMESTAMP
    WHERE id = ${tickerId} AND (name, exchange, currency, metadata, is_sample) IS DISTINCT FROM
      (COALESCE(${t.name}, name), COALESCE(${t.exchange}, exchange), COALESCE(${t.currency}, currency),
       metadata || ${t.metadataJson}::jsonb, is_sample AND ${t.isSample})`);
}

/** Adds a provider document to a stored ticker; false when one with the same content hash is there. */
export async function insertDocument(tx: Exec, tickerId: number, d: DocumentFields): Promise<boolean> {
  const added = await tx.run(Prisma.sql`
    INSERT INTO ticker_document (ticker_id, source, format, content_hash, document)
    VALUES (${tickerId}, ${d.source}, ${d.format}, ${d.contentHash}, ${d.documentJson}::jsonb)
    ON CONFLICT (ticker_id, content_hash) DO NOTHING`);
  return added > 0;
}

/** A stored ticker's series with their yearly chunks. */
export async function readStoredSeries(tx: Exec, tickerId: number): Promise<Map<string, StoredSeries>> {
  const stored = await tx.rows<{ id: number; name: string; frequency: string; year: number | null; rows: string | null }>(Prisma.sql`
    SELECT s.id, s.name, s.frequency, c.year, c.rows::text AS rows
    FROM series s LEFT JOIN series_chunk c ON c.series_id = s.id
    WHERE s.ticker_id = ${tickerId}`);
  const out = new Map<string, StoredSeries>();
  for (const r of stored) {
    let s = out.get(r.name);
    if (!s) out.set(r.name, (s = { id: r.id, frequency: r.frequency, chunks: new Map() }));
    if (r.year !== null && r.rows !== null) s.chunks.set(r.year, JSON.parse(r.rows) as SeriesRow[]);
  }
  return out;
}

/**
 * Writes a series plan in one statement: new series are inserted, changed ones updated, and every planned yearly
 * chunk is upserted from a single jsonb parameter (jsonb_to_recordset), whatever the number of years, with its
 * binary copy, packed here: PostgreSQL's pack_chunk_rows takes ~5 µs a row, half again an import's whole time.
 */
export async function writeSeries(tx: Exec, tickerId: number, plan: SeriesPlan): Promise<void> {
  const chunks = plan.chunks.map((c) => ({ ...c, packed: Buffer.from(packChunkRows(c.rows, packedWidth(c.kind))).toString("base64") }));
  await tx.run(Prisma.sql`
    WITH new_series AS (
      INSERT INTO series (ticker_id, name, kind, frequency, first, last, count, summary, updated_at)
      SELECT ${tickerId}, x.name, x.kind, x.frequency, x.first, x.last, x.count, x.summary, CURRENT_TIMESTAMP
      FROM jsonb_to_recordset(${JSON.stringify(plan.created)}::jsonb)
        AS x(name text, kind text, frequency text, first date, last date, count int, summary jsonb)
      RETURNING id, name
    ), changed_series AS (
      UPDATE series SET frequency = x.frequency, first = x.first, last = x.last, count = x.count,
        summary = x.summary, updated_at = CURRENT_TIMESTAMP
      FROM jsonb_to_recordset(${JSON.stringify(plan.updated)}::jsonb)
        AS x(id int, frequency text, first date, last date, count int, summary jsonb)
      WHERE series.id = x.id
      RETURNING series.id, series.name
    ), all_series AS (
      SELECT id, name FROM new_series UNION ALL SELECT id, name FROM changed_series
    )
    INSERT INTO series_chunk (series_id, year, first, last, count, rows, packed)
    SELECT s.id, x.year, x.first, x.last, x.count, x.rows, decode(x.packed, 'base64')
    FROM jsonb_to_recordset(${JSON.stringify(chunks)}::jsonb)
      AS x(series text, year int, first date, last date, count int, rows jsonb, packed text)
    JOIN all_series s ON s.name = x.series
    ON CONFLICT (series_id, year) DO UPDATE
      SET first = EXCLUDED.first, last = EXCLUDED.last, count = EXCLUDED.count, rows = EXCLUDED.rows, packed = EXCLUDED.packed`);
}
