import { withUser } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { listSavedSearches } from "@/lib/saved-searches/list-saved-searches";
import { runSavedSearch } from "@/lib/saved-searches/run-saved-search";
import { boundedSearch } from "@/lib/search-server/bounded-search";
import { runSearchRequest } from "@/lib/search-server/run-search-request";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Runs one of the user's saved searches now, as a search (rate limit, admission, deadline): the first run of an
 * imported search sets its baseline; a later one records and answers the windows it had not returned before. The
 * webhook is left to the worker's runs (the user sees these new matches in the answer).
 */
export const POST = withUser<{ id: string }>(async (request, { params, user }) =>
  boundedSearch(request, async ({ signal, admit }) => {
    // 404 for anyone else's, before any search runs
    const owned = /^\d{1,18}$/.test(params.id) ? await listSavedSearches(db, { userId: user.id, id: params.id }) : [];
    if (owned.length === 0) throw new AppError("not_found", `no saved search ${params.id}`);
    const { firstRun, newMatches } = await runSavedSearch(db, { id: params.id, search: (searchRequest) => runSearchRequest(db, { body: searchRequest, signal, admit }) });
    const [savedSearch] = await listSavedSearches(db, { userId: user.id, id: params.id });
    return { savedSearch, firstRun, newMatches };
  }),
);
