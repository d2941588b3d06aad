import { createHash } from "node:crypto";
import { inTransaction, supportsLz4, symbolLockKey, type ImportTarget } from "@/lib/import/import-target";
import { planSeriesMerge, seriesInputs } from "@/lib/import/plan-series-merge";
import { findTicker, insertDocument, insertTicker, readStoredSeries, updateTicker, writeSeries, type DocumentFields, type TickerFields } from "@/lib/import/ticker-sql";
import type { ParsedTicker } from "@/lib/import/types";

export type StoreStatus = "created" | "updated" | "unchanged";

export type StoreResult = {
  symbol: string;
  status: StoreStatus;
  tickerId: number;
  documentAdded: boolean;
  /** Series whose data changed (new or merged), by name. */
  seriesChanged: string[];
  chunksWritten: number;
  rows: number;
};

/**
 * Stores one parsed ticker in ONE transaction: upserts the ticker, keeps the provider document once per content
 * hash, merges each series with the stored one by date (new values win) and rewrites only the yearly chunks whose
 * content changed; series stats and updated_at move only when data changed. Importing the same data again
 * writes nothing and returns 'unchanged'. If anything fails, nothing of this ticker is written.
 */
export async function storeTicker(
  db: ImportTarget,
  ticker: ParsedTicker,
  options: {
    source: string;
    format: string;
    isSample?: boolean;
    /**
     * false skips waiting for the WAL flush at commit (synchronous_commit off) during bulk imports; the caller
     * then calls flushImports() once, which makes every earlier commit durable too (the WAL is sequential).
     */
    durable?: boolean;
  },
): Promise<StoreResult> {
  const lz4 = await supportsLz4(db);
  const documentJson = JSON.stringify(ticker.document);
  const document: DocumentFields = {
    source: options.source,
    format: options.format,
    contentHash: createHash("sha256").update(documentJson).digest("hex"),
    documentJson,
  };
  const fields: TickerFields = {
    symbol: ticker.symbol,
    name: ticker.name ?? null,
    exchange: ticker.exchange ?? null,
    currency: ticker.currency ?? null,
    metadataJson: JSON.stringify(ticker.metadata ?? {}),
    isSample: options.isSample ?? false,
  };
  const inputs = seriesInputs(ticker);
  const rows = ticker.daily.length + ticker.scalars.reduce((n, s) => n + s.rows.length, 0);

  // Two imports of one symbol at once (two CLIs, an upload during a refresh) take turns (the lock in
  // inTransaction): without it both see no ticker and one fails on the unique symbol, or both merge into the same
  // old chunks and the later commit drops the other's rows.
  return inTransaction(db, async (tx) => {
    const found = await findTicker(tx, ticker.symbol, document.contentHash, { durable: options.durable !== false, lz4 });
    const isNew = found.id === null;
    const tickerId = found.id ?? (await insertTicker(tx, fields, document));
    const tickerChanged = isNew ? 0 : await updateTicker(tx, tickerId, fields);
    const documentAdded = isNew || (!found.hasDocument && (await insertDocument(tx, tickerId, document)));
    const plan = planSeriesMerge(inputs, isNew ? new Map() : await readStoredSeries(tx, tickerId));
    if (plan.created.length || plan.updated.length) await writeSeries(tx, tickerId, plan);

    const dataChanged = plan.created.length > 0 || plan.updated.length > 0;
    return {
      symbol: ticker.symbol,
      status: isNew ? "created" : dataChanged || documentAdded || tickerChanged > 0 ? "updated" : "unchanged",
      tickerId,
      documentAdded,
      seriesChanged: [...plan.created, ...plan.updated].map((s) => s.name),
      chunksWritten: plan.chunks.length,
      rows,
    };
  }, symbolLockKey(ticker.symbol));
}
