import "server-only";
import type { Db } from "@/lib/db/client";
import type { TickerSummary } from "@/lib/tickers/types";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Tickers with their daily summary (last close, change, sparkline), filtered by symbol or name (for pages). */
export async function listTickers(db: Db, { q = "", limit = 2000 }: { q?: string; limit?: number } = {}): Promise<TickerSummary[]> {
  return JSON.parse((await listTickersJson(db, { q, limit })).toString("utf8")) as TickerSummary[];
}

/**
 * The list as UTF-8 JSON, built by PostgreSQL (the API sends it as it is): the dashboard and scripts ask for all tickers often, and
 * turning a few hundred JSONB summaries into objects and back cost the web thread 30-50 ms per request.
 */
export async function listTickersJson(db: Db, { q = "", limit = 2000 }: { q?: string; limit?: number } = {}): Promise<Buffer<ArrayBuffer>> {
  // The unfiltered list is asked for most and changes only with the data: keep its text until an import,
  // an edit or a deletion moves the stamp (one cheap aggregate query instead of rebuilding ~400 KB), kept encoded
  // so that 50 clients asking for it do not cost the web thread an encoding of 400 KB each.
  if (q.trim() === "") {
    const stamp = await dataStamp(db);
    const key = `${stamp}|${limit}`;
    const cached = fullListCaches.get(db);
    if (cached?.key === key) return cached.body;
    const body = Buffer.from(await buildTickersJson(db, { q: "", limit }));
    fullListCaches.set(db, { key, body });
    return body;
  }
  return Buffer.from(await buildTickersJson(db, { q, limit }));
}

const fullListCaches = new WeakMap<Db, { key: string; body: Buffer<ArrayBuffer> }>();

async function dataStamp(db: Db): Promise<string> {
  const [row] = await db.$queryRaw<{ stamp: string }[]>`
    SELECT concat_ws('|', (SELECT count(*) FROM ticker), (SELECT max(updated_at) FROM ticker),
                          (SELECT count(*) FROM series), (SELECT max(updated_at) FROM series)) AS stamp`;
  return row?.stamp ?? "";
}

async function buildTickersJson(db: Db, { q, limit }: { q: string; limit: number }): Promise<string> {
  const pattern = `%${escapeLike(q.trim())}%`;
  const [row] = await db.$queryRaw<{ body: string }[]>`
    SELECT coalesce(json_agg(json_build_object(
             'symbol', l.symbol, 'name', l.name, 'exchange', l.exchange, 'currency', l.currency, 'isSample', l.is_sample,
             'first', to_char(l.first, 'YYYY-MM-DD'), 'last', to_char(l.last, 'YYYY-MM-DD'), 'count', coalesce(l.count, 0),
             'lastClose', l.summary -> 'lastClose', 'changePct', l.summary -> 'changePct',
             'spark', CASE WHEN jsonb_typeof(l.summary -> 'spark') = 'array' THEN l.summary -> 'spark' ELSE '[]'::jsonb END
           ) ORDER BY l.is_sample DESC, l.symbol), '[]')::text AS body
    FROM (
      SELECT t.symbol, t.name, t.exchange, t.currency, t.is_sample, s.first, s.last, s.count, s.summary
      FROM ticker t
      LEFT JOIN series s ON s.ticker_id = t.id AND s.name = 'daily'
      WHERE t.symbol ILIKE ${pattern} OR coalesce(t.name, '') ILIKE ${pattern}
      ORDER BY t.is_sample DESC, t.symbol
      LIMIT ${limit}
    ) l`;
  return row?.body ?? "[]";
}
