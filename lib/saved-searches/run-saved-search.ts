import type { Db } from "@/lib/db/client";
import type { ParsedSearchRequest } from "@/lib/search/request-schema";
import type { Match } from "@/lib/search/types";
import type { SavedSearchMatch } from "@/lib/saved-searches/saved-search-schema";
import type { WebhookJob } from "@/lib/webhooks/webhook-queue";

/** Runs a search request (the search server's runSearchRequest, or a stand-in in tests). */
export type RunSearch = (request: ParsedSearchRequest) => Promise<{ matches: Match[] }>;

export const NEW_MATCHES_EVENT = "saved-search.new-matches";

/**
 * Runs a saved search and records the windows it has not returned before (none overlapping on the same ticker):
 * their first_seen_at is now. The first run only sets the baseline (nothing counts as new, no webhook); after
 * that, new matches go to the search's webhook, if it has one, through `enqueue`.
 */
export async function runSavedSearch(db: Db, { id, search, enqueue }: { id: string; search: RunSearch; enqueue?: (job: WebhookJob) => Promise<unknown> }): Promise<{ firstRun: boolean; newMatches: Omit<SavedSearchMatch, "firstSeenAt">[] }> {
  const [saved] = await db.$queryRaw<{ name: string; request: ParsedSearchRequest; webhook_url: string | null; webhook_secret: string | null; last_run_at: Date | null }[]>`
    SELECT name, request, webhook_url, webhook_secret, last_run_at FROM saved_search WHERE id = ${id}::bigint`;
  if (!saved) return { firstRun: false, newMatches: [] };
  const { matches } = await search(saved.request);
  const found = JSON.stringify(matches.map((m) => ({ symbol: m.symbol, start: m.start, end: m.end, score: m.score })));
  const inserted = await db.$queryRaw<{ symbol: string; start: string; end: string; score: number }[]>`
    INSERT INTO saved_search_match (saved_search_id, symbol, start_date, end_date, score)
    SELECT ${id}::bigint, m.symbol, m.start::date, m."end"::date, m.score
    FROM jsonb_to_recordset(${found}::jsonb) AS m(symbol text, start text, "end" text, score float8)
    WHERE NOT EXISTS (
      SELECT 1 FROM saved_search_match x
      WHERE x.saved_search_id = ${id}::bigint AND x.symbol = m.symbol AND x.start_date <= m."end"::date AND x.end_date >= m.start::date)
    ON CONFLICT DO NOTHING
    RETURNING symbol, to_char(start_date, 'YYYY-MM-DD') AS start, to_char(end_date, 'YYYY-MM-DD') AS "end", score`;
  const firstRun = saved.last_run_at === null;
  // the first run's matches are what the user saw when saving: not new
  if (firstRun) await db.$executeRaw`UPDATE saved_search SET last_run_at = now(), last_seen_at = now() WHERE id = ${id}::bigint`;
  else await db.$executeRaw`UPDATE saved_search SET last_run_at = now() WHERE id = ${id}::bigint`;
  const newMatches = firstRun ? [] : inserted;
  if (newMatches.length && saved.webhook_url && saved.webhook_secret && enqueue) {
    await enqueue({ savedSearchId: id, event: NEW_MATCHES_EVENT, payload: { savedSearch: { id, name: saved.name }, newMatches } });
  }
  return { firstRun, newMatches };
}
