import { AppError } from "@/lib/api/app-error";
import type { Db } from "@/lib/db/client";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns, type SearchTuning } from "@/lib/search/search-patterns";
import { SearchInputError } from "@/lib/search/search-input-error";
import type { SearchResult } from "@/lib/search/types";
import { getSearchIndex } from "@/lib/search-server/get-search-index";
import { cachedSearch } from "@/lib/search-server/search-result-cache";
import { runModelSearch, type ModelSearchResult } from "@/lib/search-server/run-model-search";

/** Runs the costly part of a search when capacity allows (the route passes its admission control). */
export type Admit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * POST /api/search: validates the body (a ZodError becomes a 400 naming the field) and searches the index;
 * `method: "model"` goes to the model service (409 when no model version is active). A repeated exact search is
 * answered from the result cache without waiting for admission; only real scans go through `admit`.
 */
export async function runSearchRequest({ db, body, tuning, admit = (task) => task(), signal }: { db: Db; body: unknown; tuning?: SearchTuning; admit?: Admit; signal?: AbortSignal }): Promise<SearchResult | ModelSearchResult> {
  const request = searchRequestSchema.parse(body);
  try {
    if (request.method === "model") return await admit(() => runModelSearch({ db, request }));
    const index = await getSearchIndex({ db });
    // a tuned search (benchmarks, experiments) is never cached
    if (tuning) return await admit(() => searchPatterns({ index, request, tuning, signal }));
    // the scan stops when the client that started it leaves (identical requests sharing it then retry)
    return await cachedSearch({ index, request, run: () => admit(() => searchPatterns({ index, request, signal })) });
  } catch (error) {
    if (error instanceof SearchInputError) throw new AppError("bad_request", error.message, { field: error.field });
    throw error;
  }
}
