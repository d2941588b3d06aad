import { createHash } from "node:crypto";
import pg from "pg";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { mergeSeriesRows, splitByYear, summarizeSeries, type SeriesRow } from "@/lib/import/merge-series-rows";
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

type SeriesInput = { name: string; kind: "ohlcv" | "scalar"; frequency: string; years: Map<number, SeriesRow[]> };

type ChunkOut = { series: string; year: number; first: string; last: string; count: number; rows: readonly SeriesRow[] };
type SeriesStats = { name: string; kind: string; frequency: string; first: string; last: string; count: number; summary: unknown };

/**
 * Where an import writes: the Prisma client, or a node-postgres pool over the same database. Bulk imports use the
 * pool: Prisma's interactive transactions and its parameter handling cost more CPU than the writes themselves
 * (tens of MB of JSON parameters per file). The SQL is the same either way: built once with Prisma.sql, run by
 * `$queryRaw` on Prisma or as a parameterised `client.query(text, values)` on pg.
 */
export type ImportTarget = Db | pg.Pool;

/** Runs the statements of one transaction. */
type Exec = {
  rows: <T>(query: Prisma.Sql) => Promise<T[]>;
  run: (query: Prisma.Sql) => Promise<number>;
};

/** First key of the per-symbol advisory lock that serialises writers of one ticker (the second is symbolLockKey). */
const TICKER_LOCK_CLASS = 7261;

/** A 32-bit FNV-1a hash of the symbol as a signed int: the lock's second key (a collision only makes two tickers take turns). */
function symbolLockKey(symbol: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 0x01000193);
  return h | 0;
}

// Interactive transactions default to a 5 s limit; PGlite answers one query at a time, so allow for queueing.
const TX_OPTIONS = { maxWait: 60_000, timeout: 120_000 };

function isPool(target: ImportTarget): target is pg.Pool {
  return target instanceof pg.Pool;
}

function pgExec(client: pg.ClientBase | pg.Pool): Exec {
  return {
    rows: async <T>(query: Prisma.Sql) => (await client.query(query.text, query.values)).rows as T[],
    run: async (query: Prisma.Sql) => (await client.query(query.text, query.values)).rowCount ?? 0,
  };
}

/**
 * One transaction (BEGIN/COMMIT on one pooled client, or a Prisma interactive transaction); rolled back on error.
 * With `lockKey`, the transaction first takes the ticker's advisory lock, as its own statement so that every read
 * after it takes its snapshot once the lock is held (on the pool it rides in BEGIN's round trip: an integer of ours).
 */
async function inTransaction<T>(target: ImportTarget, body: (exec: Exec) => Promise<T>, lockKey?: number): Promise<T> {
  if (!isPool(target)) {
    return target.$transaction(async (tx) => {
      if (lockKey !== undefined) await tx.$queryRaw`SELECT pg_advisory_xact_lock(${TICKER_LOCK_CLASS}::int, ${lockKey}::int)::text AS locked`;
      return body({ rows: <R>(query: Prisma.Sql) => tx.$queryRaw<R[]>(query), run: (query: Prisma.Sql) => tx.$executeRaw(query) });
    }, TX_OPTIONS);
  }
  const client = await target.connect();
  let broken: Error | undefined;
  // A checked-out client emits 'error' when its connection dies (server crash, restart); without a listener that
  // is an uncaught exception that kills the whole import. The failing query reports the problem instead.
  const onError = (error: Error) => (broken = error);
  client.on("error", onError);
  try {
    await client.query(lockKey === undefined ? "BEGIN" : `BEGIN; SELECT pg_advisory_xact_lock(${TICKER_LOCK_CLASS}, ${lockKey | 0})`);
    const result = await body(pgExec(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // A client whose rollback fails is in an unknown state: drop it rather than hand it to the next ticker.
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw error;
  } finally {
    client.removeListener("error", onError);
    client.release(broken);
  }
}

function seriesInputs(ticker: ParsedTicker): SeriesInput[] {
  const out: SeriesInput[] = [];
  if (ticker.daily.length) {
    out.push({ name: "daily", kind: "ohlcv", frequency: ticker.frequency ?? "daily", years: splitByYear(ticker.daily) });
  }
  for (const s of ticker.scalars) {
    if (s.rows.length) out.push({ name: s.name, kind: "scalar", frequency: s.frequency, years: splitByYear(s.rows) });
  }
  return out;
}

/** Value equality of two row lists (stored rows come back from jsonb, so compare values, not identity). */
function sameRows(a: readonly SeriesRow[], b: readonly SeriesRow[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.length !== y.length) return false;
    for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  }
  return true;
}

function chunkOf(series: string, year: number, rows: readonly SeriesRow[]): ChunkOut {
  return { series, year, first: rows[0][0], last: rows[rows.length - 1][0], count: rows.length, rows };
}

/** Stats of a whole series from its chunks by year (stored ones merged with the new data). */
function statsOf(input: SeriesInput, chunks: Map<number, readonly SeriesRow[]>): SeriesStats {
  const years = [...chunks.keys()].sort((a, b) => a - b);
  let count = 0;
  for (const y of years) count += chunks.get(y)!.length;
  const tail: SeriesRow[] = [];
  for (let k = years.length - 1; k >= 0 && tail.length < 91; k--) tail.unshift(...chunks.get(years[k])!.slice(-(91 - tail.length)));
  const firstChunk = chunks.get(years[0])!;
  const lastChunk = chunks.get(years[years.length - 1])!;
  return {
    name: input.name,
    kind: input.kind,
    frequency: input.frequency,
    first: firstChunk[0][0],
    last: lastChunk[lastChunk.length - 1][0],
    count,
    summary: summarizeSeries(input.kind, tail),
  };
}

async function writeSeries(tx: Exec, tickerId: number, created: SeriesStats[], updated: (SeriesStats & { id: number })[], chunks: ChunkOut[]) {
  // One statement per ticker: new series are inserted, changed ones updated, and every changed yearly chunk is
  // upserted from a single jsonb parameter (jsonb_to_recordset), whatever the number of years.
  await tx.run(Prisma.sql`
    WITH new_series AS (
      INSERT INTO series (ticker_id, name, kind, frequency, first, last, count, summary, updated_at)
      SELECT ${tickerId}, x.name, x.kind, x.frequency, x.first, x.last, x.count, x.summary, CURRENT_TIMESTAMP
      FROM jsonb_to_recordset(${JSON.stringify(created)}::jsonb)
        AS x(name text, kind text, frequency text, first date, last date, count int, summary jsonb)
      RETURNING id, name
    ), changed_series AS (
      UPDATE series SET frequency = x.frequency, first = x.first, last = x.last, count = x.count,
        summary = x.summary, updated_at = CURRENT_TIMESTAMP
      FROM jsonb_to_recordset(${JSON.stringify(updated)}::jsonb)
        AS x(id int, frequency text, first date, last date, count int, summary jsonb)
      WHERE series.id = x.id
      RETURNING series.id, series.name
    ), all_series AS (
      SELECT id, name FROM new_series UNION ALL SELECT id, name FROM changed_series
    )
    INSERT INTO series_chunk (series_id, year, first, last, count, rows)
    SELECT s.id, x.year, x.first, x.last, x.count, x.rows
    FROM jsonb_to_recordset(${JSON.stringify(chunks)}::jsonb)
      AS x(series text, year int, first date, last date, count int, rows jsonb)
    JOIN all_series s ON s.name = x.series
    ON CONFLICT (series_id, year) DO UPDATE
      SET first = EXCLUDED.first, last = EXCLUDED.last, count = EXCLUDED.count, rows = EXCLUDED.rows`);
}

const lz4Support = new WeakMap<ImportTarget, Promise<boolean>>();

/**
 * lz4 compresses the large provider documents and chunks several times faster than the default pglz; PGlite and
 * some builds of PostgreSQL lack it, so ask once per client.
 */
function supportsLz4(db: ImportTarget): Promise<boolean> {
  let known = lz4Support.get(db);
  if (!known) {
    const query = Prisma.sql`SELECT 'lz4' = ANY (enumvals) AS ok FROM pg_settings WHERE name = 'default_toast_compression'`;
    known = (isPool(db) ? pgExec(db).rows<{ ok: boolean }>(query) : db.$queryRaw<{ ok: boolean }[]>(query))
      .then((r) => r[0]?.ok === true)
      .catch(() => false);
    lz4Support.set(db, known);
  }
  return known;
}

/** Makes all commits made with durable: false durable: a commit that waits for the WAL flush covers earlier ones. */
export async function flushImports(db: ImportTarget): Promise<void> {
  await inTransaction(db, (tx) => tx.rows(Prisma.sql`SELECT txid_current()::text AS xid`));
}

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
  const isSample = options.isSample ?? false;
  const documentJson = JSON.stringify(ticker.document);
  const contentHash = createHash("sha256").update(documentJson).digest("hex");
  const metadataJson = JSON.stringify(ticker.metadata ?? {});
  const inputs = seriesInputs(ticker);
  const rows = ticker.daily.length + ticker.scalars.reduce((n, s) => n + s.rows.length, 0);
  const name = ticker.name ?? null;
  const exchange = ticker.exchange ?? null;
  const currency = ticker.currency ?? null;

  // Two imports of one symbol at once (two CLIs, an upload during a refresh) take turns (the lock in
  // inTransaction): without it both see no ticker and one fails on the unique symbol, or both merge into the same
  // old chunks and the later commit drops the other's rows.
  return inTransaction(db, async (tx) => {
    // Transaction-local settings ride along with the first read: every round trip counts in bulk imports.
    const found = await tx.rows<{ id: number | null; has_doc: boolean }>(Prisma.sql`
      SELECT t.id, EXISTS (SELECT 1 FROM ticker_document d WHERE d.ticker_id = t.id AND d.content_hash = ${contentHash}) AS has_doc
      FROM (SELECT set_config('synchronous_commit',
                     COALESCE(${options.durable === false ? "off" : null}::text, current_setting('synchronous_commit')), true) AS a,
                   set_config('default_toast_compression',
                     COALESCE(${lz4 ? "lz4" : null}::text, current_setting('default_toast_compression')), true) AS b) AS settings
      LEFT JOIN ticker t ON t.symbol = ${ticker.symbol}`);

    if (found[0]?.id == null) {
      const created: SeriesStats[] = [];
      const chunks: ChunkOut[] = [];
      for (const input of inputs) {
        created.push(statsOf(input, input.years));
        for (const [year, yearRows] of input.years) chunks.push(chunkOf(input.name, year, yearRows));
      }
      // A new ticker is written in one statement: ticker, document, series and all yearly chunks.
      const inserted = await tx.rows<{ id: number }>(Prisma.sql`
        WITH t AS (
          INSERT INTO ticker (symbol, name, exchange, currency, metadata, is_sample)
          VALUES (${ticker.symbol}, ${name}, ${exchange}, ${currency}, ${metadataJson}::jsonb, ${isSample})
          RETURNING id
        ), d AS (
          INSERT INTO ticker_document (ticker_id, source, format, content_hash, document)
          SELECT id, ${options.source}, ${options.format}, ${contentHash}, ${documentJson}::jsonb FROM t
        ), s AS (
          INSERT INTO series (ticker_id, name, kind, frequency, first, last, count, summary, updated_at)
          SELECT t.id, x.name, x.kind, x.frequency, x.first, x.last, x.count, x.summary, CURRENT_TIMESTAMP
          FROM t, jsonb_to_recordset(${JSON.stringify(created)}::jsonb)
            AS x(name text, kind text, frequency text, first date, last date, count int, summary jsonb)
          RETURNING id, name
        ), c AS (
          INSERT INTO series_chunk (series_id, year, first, last, count, rows)
          SELECT s.id, x.year, x.first, x.last, x.count, x.rows
          FROM jsonb_to_recordset(${JSON.stringify(chunks)}::jsonb)
            AS x(series text, year int, first date, last date, count int, rows jsonb)
          JOIN s ON s.name = x.series
        )
        SELECT id FROM t`);
      return {
        symbol: ticker.symbol,
        status: "created" as const,
        tickerId: inserted[0].id,
        documentAdded: true,
        seriesChanged: created.map((x) => x.name),
        chunksWritten: chunks.length,
        rows,
      };
    }

    const tickerId = found[0].id;
    // Only a real difference is written, so re-importing leaves updated_at alone.
    const tickerChanged = await tx.run(Prisma.sql`
      UPDATE ticker SET name = COALESCE(${name}, name), exchange = COALESCE(${exchange}, exchange),
        currency = COALESCE(${currency}, currency), metadata = metadata || ${metadataJson}::jsonb,
        is_sample = is_sample AND ${isSample}, updated_at = CURRENT_TIMESTAMP
      WHERE id = ${tickerId} AND (name, exchange, currency, metadata, is_sample) IS DISTINCT FROM
        (COALESCE(${name}, name), COALESCE(${exchange}, exchange), COALESCE(${currency}, currency),
         metadata || ${metadataJson}::jsonb, is_sample AND ${isSample})`);
    let documentAdded = false;
    if (!found[0].has_doc) {
      documentAdded =
        (await tx.run(Prisma.sql`
          INSERT INTO ticker_document (ticker_id, source, format, content_hash, document)
          VALUES (${tickerId}, ${options.source}, ${options.format}, ${contentHash}, ${documentJson}::jsonb)
          ON CONFLICT (ticker_id, content_hash) DO NOTHING`)) > 0;
    }

    const stored = await tx.rows<{ id: number; name: string; frequency: string; year: number | null; rows: string | null }>(Prisma.sql`
      SELECT s.id, s.name, s.frequency, c.year, c.rows::text AS rows
      FROM series s LEFT JOIN series_chunk c ON c.series_id = s.id
      WHERE s.ticker_id = ${tickerId}`);
    const storedSeries = new Map<string, { id: number; frequency: string; chunks: Map<number, string> }>();
    for (const r of stored) {
      let s = storedSeries.get(r.name);
      if (!s) storedSeries.set(r.name, (s = { id: r.id, frequency: r.frequency, chunks: new Map() }));
      if (r.year !== null && r.rows !== null) s.chunks.set(r.year, r.rows);
    }

    const created: SeriesStats[] = [];
    const updated: (SeriesStats & { id: number })[] = [];
    const chunks: ChunkOut[] = [];
    for (const input of inputs) {
      const existing = storedSeries.get(input.name);
      if (!existing) {
        created.push(statsOf(input, input.years));
        for (const [year, yearRows] of input.years) chunks.push(chunkOf(input.name, year, yearRows));
        continue;
      }
      const all = new Map<number, readonly SeriesRow[]>();
      for (const [year, text] of existing.chunks) all.set(year, JSON.parse(text) as SeriesRow[]);
      let changed = existing.frequency !== input.frequency;
      for (const [year, yearRows] of input.years) {
        const before = all.get(year) ?? [];
        const merged = mergeSeriesRows(before, yearRows);
        if (!sameRows(merged, before)) {
          all.set(year, merged);
          chunks.push(chunkOf(input.name, year, merged));
          changed = true;
        }
      }
      if (changed) updated.push({ ...statsOf(input, all), id: existing.id });
    }
    if (created.length || updated.length) await writeSeries(tx, tickerId, created, updated, chunks);

    const dataChanged = created.length > 0 || updated.length > 0;
    return {
      symbol: ticker.symbol,
      status: dataChanged || documentAdded || tickerChanged > 0 ? ("updated" as const) : ("unchanged" as const),
      tickerId,
      documentAdded,
      seriesChanged: [...created, ...updated].map((s) => s.name),
      chunksWritten: chunks.length,
      rows,
    };
  }, symbolLockKey(ticker.symbol));
}
