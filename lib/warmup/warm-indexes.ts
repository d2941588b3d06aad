import "server-only";
import { db } from "@/lib/db";
import { getModelIndex } from "@/lib/search-server/get-model-index";
import { getSearchIndex } from "@/lib/search-server/get-search-index";

/**
 * Loads the search index, and the model's embedding index when a model is active, in the background after the
 * server starts, so the first investor's search does not pay for it. Failures only log: requests build lazily.
 */
export async function warmIndexes({ log = console.log }: { log?: (line: string) => void } = {}): Promise<void> {
  const started = Date.now();
  try {
    const index = await getSearchIndex({ db, wait: true });
    log(`[warmup] search index ready in ${Date.now() - started} ms (${index.symbols.length} series, ${index.candles} candles)`);
    await getModelIndex({ db }).then(
      () => log(`[warmup] model index ready in ${Date.now() - started} ms`),
      (error: unknown) => log(`[warmup] model index not loaded: ${(error as Error).message}`),
    );
  } catch (error) {
    log(`[warmup] skipped: ${(error as Error).message}`);
  }
}
