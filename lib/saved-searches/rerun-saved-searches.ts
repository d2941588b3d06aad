import type { Db } from "@/lib/db/client";
import { runSavedSearch, type RunSearch } from "@/lib/saved-searches/run-saved-search";
import type { WebhookJob } from "@/lib/webhooks/webhook-queue";

/**
 * Re-runs every saved search that new data for `symbols` can change: those without a symbol filter and those whose
 * filter names one of them. One failing search (a ticker since deleted, say) does not stop the others.
 */
export async function rerunSavedSearches(db: Db, { symbols, search, enqueue, log = () => {} }: { symbols: string[]; search: RunSearch; enqueue?: (job: WebhookJob) => Promise<unknown>; log?: (line: string) => void }): Promise<{ ran: number; newMatches: number; failed: number }> {
  if (symbols.length === 0) return { ran: 0, newMatches: 0, failed: 0 };
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM saved_search
    WHERE jsonb_typeof(request -> 'symbols') IS DISTINCT FROM 'array' OR jsonb_array_length(request -> 'symbols') = 0
       OR (request -> 'symbols') ?| ${symbols}::text[]
    ORDER BY id`;
  let ran = 0, newMatches = 0, failed = 0;
  for (const { id } of rows) {
    try {
      const r = await runSavedSearch(db, { id: String(id), search, enqueue });
      ran++;
      newMatches += r.newMatches.length;
    } catch (error) {
      failed++;
      log(`saved search ${id}: ${(error as Error).message}`);
    }
  }
  return { ran, newMatches, failed };
}
