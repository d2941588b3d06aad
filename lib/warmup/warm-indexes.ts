import "server-only";
import type { Db } from "@/lib/db/client";
import { getModelIndex } from "@/lib/search-server/get-model-index";
import { getSearchIndex } from "@/lib/search-server/get-search-index";

/**
 * Loads the search index, and the model's embedding index when a model is active, in the background after the
 * server starts, so the first investor's search does not pay for it. A database not answering yet (a pod starting
 * beside its database) is tried again a few times; failures only log: requests then load lazily.
 */
export async function warmIndexes(db: Db, { log = console.log, attempts = 5, retryMs = 5000 }: { log?: (line: string) => void; attempts?: number; retryMs?: number } = {}): Promise<void> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      const index = await getSearchIndex(db, { wait: true });
      log(`[warmup] search index ready in ${Date.now() - started} ms (${index.symbols.length} series, ${index.candles} candles)`);
      break;
    } catch (error) {
      const reason = (error as Error).message || String(error);
      if (attempt >= attempts) return log(`[warmup] skipped: ${reason}`);
      log(`[warmup] search index not loaded (${reason}); trying again in ${Math.round(retryMs / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
  await getModelIndex(db).then(
    () => log(`[warmup] model index ready in ${Date.now() - started} ms`),
    (error: unknown) => log(`[warmup] model index not loaded: ${(error as Error).message}`),
  );
}
