import { AppError } from "@/lib/errors/app-error";
import type { Db } from "@/lib/db/client";
import { listSavedSearches } from "@/lib/saved-searches/list-saved-searches";
import type { SavedSearchMatch, SavedSearchSummary } from "@/lib/saved-searches/saved-search-schema";

/** One of the user's saved searches with every match it has returned, newest first (404 for anyone else's). */
export async function getSavedSearch(db: Db, { userId, id }: { userId: number; id: string }): Promise<SavedSearchSummary & { history: (SavedSearchMatch & { isNew: boolean })[] }> {
  const [summary] = /^\d{1,18}$/.test(id) ? await listSavedSearches(db, { userId, id }) : [];
  if (!summary) throw new AppError("not_found", `no saved search ${id}`);
  const rows = await db.$queryRaw<{ symbol: string; start: string; end: string; score: number; first_seen_at: Date }[]>`
    SELECT symbol, to_char(start_date, 'YYYY-MM-DD') AS start, to_char(end_date, 'YYYY-MM-DD') AS "end", score, first_seen_at
    FROM saved_search_match WHERE saved_search_id = ${id}::bigint ORDER BY first_seen_at DESC, end_date DESC, symbol`;
  const seen = Date.parse(summary.lastSeenAt);
  return {
    ...summary,
    history: rows.map((r) => ({ symbol: r.symbol, start: r.start, end: r.end, score: r.score, firstSeenAt: r.first_seen_at.toISOString(), isNew: r.first_seen_at.getTime() > seen })),
  };
}
