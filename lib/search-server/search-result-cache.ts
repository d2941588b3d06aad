import { LRUCache } from "lru-cache";
import type { ParsedSearchRequest } from "@/lib/search/request-schema";
import type { SearchIndex, SearchResult } from "@/lib/search/types";

/**
 * Answers of the exact engine per index version: investors click the same presets and share the same links,
 * and a search costs a few hundred milliseconds of CPU while a repeat costs nothing. The index object is
 * replaced whenever the data changes, so its old answers go with it. Identical searches running at the same
 * time share one scan.
 */
const g = globalThis as unknown as { patternscopeSearchResults?: WeakMap<SearchIndex, LRUCache<string, Promise<SearchResult>>> };
const byIndex = (g.patternscopeSearchResults ??= new WeakMap());

export const SEARCH_CACHE_ENTRIES = 256;

export async function cachedSearch({ index, request, run }: { index: SearchIndex; request: ParsedSearchRequest; run: () => Promise<SearchResult> }): Promise<SearchResult> {
  let cache = byIndex.get(index);
  if (!cache) byIndex.set(index, (cache = new LRUCache({ max: SEARCH_CACHE_ENTRIES })));
  const key = JSON.stringify(request);
  const t0 = performance.now();
  const hit = cache.get(key);
  if (hit) {
    const result = await hit;
    return { ...result, tookMs: Math.round(performance.now() - t0) };
  }
  const pending = run();
  cache.set(key, pending);
  // a failed search is not remembered
  pending.catch(() => cache.delete(key));
  return pending;
}
