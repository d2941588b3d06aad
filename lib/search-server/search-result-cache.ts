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

/** Finished answers (cut to topK and horizon, aligned, with outcome statistics), per full request and index version. */
const g2 = globalThis as unknown as { patternscopeSearchAnswers?: WeakMap<SearchIndex, LRUCache<string, Promise<SearchResult>>> };
const answersByIndex = (g2.patternscopeSearchAnswers ??= new WeakMap());

/** Matches held by the answer cache at most (each carries its alignment: a few KB), beside the entry bound. */
export const ANSWER_CACHE_MATCHES = 20_000;

type Cache = LRUCache<string, Promise<SearchResult>>;

/** The cached answer behind each hit handed out (a copy with the hit's own tookMs), for answerJson. */
const cachedOf = new WeakMap<SearchResult, SearchResult>();
/** A cached answer's JSON text before and after its tookMs value, encoded once. */
const jsonOf = new WeakMap<SearchResult, [Buffer<ArrayBuffer>, Buffer<ArrayBuffer>]>();
/** The hit still as handed out: every field but tookMs the cached answer's own, in its order. */
function sameApartFromTookMs(hit: SearchResult, answer: SearchResult): boolean {
  const keys = Object.keys(hit), own = Object.keys(answer);
  return keys.length === own.length && keys.every((k, i) => k === own[i] && (k === "tookMs" || hit[k as keyof SearchResult] === answer[k as keyof SearchResult]));
}
const TOOK_MS_MARK = 1.2345678901234567e308;
const TOOK_MS_TEXT = `"tookMs":${JSON.stringify(TOOK_MS_MARK)}`;

/**
 * `JSON.stringify(result)` as UTF-8, byte for byte; for a hit of the caches below the cached answer's text is
 * encoded once and only the hit's tookMs is written in, so 50 clients clicking the same presets do not cost the web
 * thread a serialisation of every match's alignment and the statistics (tens of KB) each.
 */
export function answerJson(result: SearchResult): Buffer<ArrayBuffer> {
  const answer = cachedOf.get(result);
  if (!answer || !sameApartFromTookMs(result, answer)) return Buffer.from(JSON.stringify(result));
  let parts = jsonOf.get(answer);
  if (!parts) {
    const text = JSON.stringify({ ...answer, tookMs: TOOK_MS_MARK });
    const at = text.indexOf(TOOK_MS_TEXT);
    if (at < 0) return Buffer.from(JSON.stringify(result));
    parts = [Buffer.from(text.slice(0, at + '"tookMs":'.length)), Buffer.from(text.slice(at + TOOK_MS_TEXT.length))];
    jsonOf.set(answer, parts);
  }
  return Buffer.concat([parts[0], Buffer.from(JSON.stringify(result.tookMs)), parts[1]]);
}

/**
 * The cached answer for `request`, or `run`'s, shared by identical requests running at the same time; a failure is
 * not remembered. `size` counts against the cache's maxSize when it has one. A hit's tookMs is the hit's own time.
 * The key is the request and, when the same request has other answers (auto with a model ready), their `variant`.
 */
async function fromCache(cache: Cache, key: string, run: () => Promise<SearchResult>, size?: number): Promise<SearchResult> {
  const t0 = performance.now();
  const hit = cache.get(key);
  if (hit) {
    const answer = await hit;
    const copy = { ...answer, tookMs: Math.round(performance.now() - t0) };
    cachedOf.set(copy, answer);
    return copy;
  }
  const pending = run();
  cache.set(key, pending, size === undefined ? undefined : { size });
  pending.catch(() => cache.delete(key));
  return pending;
}

const keyOf = (request: ParsedSearchRequest, variant?: string) => (variant ? `${variant}|` : "") + JSON.stringify(request);

export function cachedSearch({ index, request, run, variant }: { index: SearchIndex; request: ParsedSearchRequest; run: () => Promise<SearchResult>; variant?: string }): Promise<SearchResult> {
  let cache = byIndex.get(index);
  if (!cache) byIndex.set(index, (cache = new LRUCache({ max: SEARCH_CACHE_ENTRIES })));
  return fromCache(cache, keyOf(request, variant), run);
}

/**
 * A finished answer for the full request: the scan cache above still leaves the per-match alignment and the outcome
 * statistics (a cluster bootstrap) to redo on the web thread at every request (20-25 ms), so a repeated request is
 * answered from here without any of it. Same lifetime as the scan cache (the index version), bounded by entries and
 * by the matches held (topK + 1 each, known before the answer is); a failure is not remembered. The answer object
 * is shared: callers must not change it.
 */
export function cachedAnswer({ index, request, build, variant }: { index: SearchIndex; request: ParsedSearchRequest; build: () => Promise<SearchResult>; variant?: string }): Promise<SearchResult> {
  let cache = answersByIndex.get(index);
  if (!cache) answersByIndex.set(index, (cache = new LRUCache({ max: SEARCH_CACHE_ENTRIES, maxSize: ANSWER_CACHE_MATCHES })));
  return fromCache(cache, keyOf(request, variant), build, request.topK + 1);
}
