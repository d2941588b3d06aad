import type { Db } from "@/lib/db/client";
import type { SavedSearchSummary } from "@/lib/saved-searches/saved-search-schema";

type Row = { id: bigint; name: string; request: SavedSearchSummary["request"]; webhook_url: string | null; created_at: Date; last_run_at: Date | null; last_seen_at: Date; matches: number; new_since_seen: number };

/** A user's saved searches, newest first, each with its match count and how many appeared since the user last looked. */
export async function listSavedSearches(db: Db, { userId, id }: { userId: number; id?: string }): Promise<SavedSearchSummary[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT s.id, s.name, s.request, s.webhook_url, s.created_at, s.last_run_at, s.last_seen_at,
           count(m.symbol)::int AS matches,
           count(m.symbol) FILTER (WHERE m.first_seen_at > s.last_seen_at)::int AS new_since_seen
    FROM saved_search s LEFT JOIN saved_search_match m ON m.saved_search_id = s.id
    WHERE s.user_id = ${userId} AND (${id ?? null}::bigint IS NULL OR s.id = ${id ?? null}::bigint)
    GROUP BY s.id ORDER BY s.created_at DESC, s.id DESC`;
  return rows.map((r) => ({
    id: String(r.id),
    name: r.name,
    request: r.request,
    webhookUrl: r.webhook_url,
    createdAt: r.created_at.toISOString(),
    lastRunAt: r.last_run_at?.toISOString() ?? null,
    lastSeenAt: r.last_seen_at.toISOString(),
    matches: r.matches,
    newSinceSeen: r.new_since_seen,
  }));
}
