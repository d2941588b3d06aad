import type { Db } from "@/lib/db/client";
import { rerunSavedSearches } from "@/lib/saved-searches/rerun-saved-searches";
import { getSearchIndex } from "@/lib/search-server/get-search-index";
import { runSearchRequest } from "@/lib/search-server/run-search-request";
import type { WebhookJob } from "@/lib/webhooks/webhook-queue";

/**
 * After a job that stores data (an import, a provider refresh): re-runs the saved searches its tickers can change.
 * The tickers are those whose series changed while the job ran (the importer moves updated_at only when the data
 * changed, so importing the same file again re-runs nothing). The worker's index is reloaded first: the searches
 * must see the new candles.
 */
export async function rerunSavedSearchesAfterJob(db: Db, { jobId, enqueue, log = () => {} }: { jobId: string; enqueue?: (job: WebhookJob) => Promise<unknown>; log?: (line: string) => void }) {
  const touched = await db.$queryRaw<{ symbol: string }[]>`
    SELECT DISTINCT t.symbol FROM series s JOIN ticker t ON t.id = s.ticker_id JOIN job j ON j.id = ${jobId}
    WHERE s.updated_at >= j.started_at ORDER BY t.symbol`;
  const [{ n }] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM saved_search`;
  if (touched.length === 0 || n === 0) return { ran: 0, newMatches: 0, failed: 0 };
  await getSearchIndex(db, { force: true, wait: true });
  return rerunSavedSearches(db, { symbols: touched.map((r) => r.symbol), search: (request) => runSearchRequest(db, { body: request }), enqueue, log });
}
