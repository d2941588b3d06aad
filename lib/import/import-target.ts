import pg from "pg";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Where an import writes: the Prisma client, or a node-postgres pool over the same database. Bulk imports use the
 * pool: Prisma's interactive transactions and its parameter handling cost more CPU than the writes themselves
 * (tens of MB of JSON parameters per file). The SQL is the same either way: built once with Prisma.sql, run by
 * `$queryRaw` on Prisma or as a parameterised `client.query(text, values)` on pg.
 */
export type ImportTarget = Db | pg.Pool;

/** Runs the statements of one transaction. */
export type Exec = {
  rows: <T>(query: Prisma.Sql) => Promise<T[]>;
  run: (query: Prisma.Sql) => Promise<number>;
};

/** First key of the per-symbol advisory lock that serialises writers of one ticker (the second is symbolLockKey). */
const TICKER_LOCK_CLASS = 7261;

/** A 32-bit FNV-1a hash of the symbol as a signed int: the lock's second key (a collision only makes two tickers take turns). */
export function symbolLockKey(symbol: string): number {
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
export async function inTransaction<T>(target: ImportTarget, body: (exec: Exec) => Promise<T>, lockKey?: number): Promise<T> {
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

const lz4Support = new WeakMap<ImportTarget, Promise<boolean>>();

/**
 * lz4 compresses the large provider documents and chunks several times faster than the default pglz; PGlite and
 * some builds of PostgreSQL lack it, so ask once per client.
 */
export function supportsLz4(db: ImportTarget): Promise<boolean> {
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
