import { readJsonBody } from "@/lib/api/read-json-body";
import { withUser } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { createSavedSearch } from "@/lib/saved-searches/create-saved-search";
import { deleteSavedSearch } from "@/lib/saved-searches/delete-saved-search";
import { listSavedSearches } from "@/lib/saved-searches/list-saved-searches";
import { runSavedSearch } from "@/lib/saved-searches/run-saved-search";
import { boundedSearch } from "@/lib/search-server/bounded-search";
import { runSearchRequest } from "@/lib/search-server/run-search-request";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MAX_BODY_BYTES = 256 * 1024;

export const GET = withUser(async (_request, { user }) => ({ savedSearches: await listSavedSearches(db, { userId: user.id }) }));

/**
 * Saves a search and runs it once, as a search (rate limit, admission, deadline): its matches are the baseline,
 * later runs flag what is new. The webhook secret is in this answer only.
 */
export const POST = withUser(async (request, { user }) =>
  boundedSearch(request, async ({ signal, admit }) => {
    const body = await readJsonBody({ request, maxBytes: MAX_BODY_BYTES });
    const { id, webhookSecret } = await createSavedSearch(db, { userId: user.id, body, allowPrivate: getEnv().WEBHOOK_ALLOW_PRIVATE });
    try {
      await runSavedSearch(db, { id, search: (searchRequest) => runSearchRequest(db, { body: searchRequest, signal, admit }) });
    } catch (error) {
      // not saved when its first run fails (the caller may retry)
      await deleteSavedSearch(db, { userId: user.id, id }).catch(() => {});
      throw error;
    }
    const [saved] = await listSavedSearches(db, { userId: user.id, id });
    return Response.json({ savedSearch: saved, webhookSecret }, { status: 201 });
  }),
);
