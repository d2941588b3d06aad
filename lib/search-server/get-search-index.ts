import { isDatabaseUnavailable } from "@/lib/api/with-handler";
import type { Db } from "@/lib/db/client";
import type { SearchIndex } from "@/lib/search/types";
import { loadSearchIndex } from "@/lib/search-server/load-search-index";

type Holder = { index?: SearchIndex; stamp?: string; checkedAt: number; loading?: Promise<SearchIndex> };

/** One holder per database client, kept on globalThis so Next dev reloads reuse the loaded index. */
const g = globalThis as unknown as { patternscopeSearchIndex?: WeakMap<Db, Holder> };
const holders = (g.patternscopeSearchIndex ??= new WeakMap());

/** How often a request may ask the database whether the series changed. */
export const REFRESH_CHECK_MS = 2000;

/** How long the freshness check may take before a loaded index is served as it is. */
export const STAMP_TIMEOUT_MS = 1000;

class StampTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StampTimeout()), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function readStamp(db: Db): Promise<string> {
  const [row] = await db.$queryRaw<{ n: number; last: Date | null }[]>`SELECT count(*)::int AS n, max(updated_at) AS last FROM series`;
  return `${row?.n ?? 0}|${row?.last ? new Date(row.last).toISOString() : ""}`;
}

/**
 * The process-wide search index for this database: loaded on first use and reloaded when the count or the
 * latest `updated_at` of the series changes (an import bumps it), checked at most every two seconds. While the
 * database is down or not answering, a loaded index keeps answering searches (they need no database); only a
 * process that never loaded one fails (503).
 */
export async function getSearchIndex({ db, force = false }: { db: Db; force?: boolean }): Promise<SearchIndex> {
  let h = holders.get(db);
  if (!h) holders.set(db, (h = { checkedAt: 0 }));
  const holder = h;
  if (holder.loading) return holder.loading;
  const now = Date.now();
  if (holder.index && !force && now - holder.checkedAt < REFRESH_CHECK_MS) return holder.index;
  holder.loading = (async () => {
    try {
      const stamp = await withTimeout(readStamp(db), STAMP_TIMEOUT_MS).catch((error: unknown) => {
        if (holder.index && (error instanceof StampTimeout || isDatabaseUnavailable(error))) return null;
        throw error;
      });
      holder.checkedAt = Date.now();
      if (stamp === null) return holder.index!;
      if (!holder.index || force || stamp !== holder.stamp) {
        holder.index = await loadSearchIndex({ db });
        holder.stamp = stamp;
      }
      return holder.index;
    } finally {
      holder.loading = undefined;
    }
  })();
  return holder.loading;
}
