import { withUser } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { deleteSavedSearch } from "@/lib/saved-searches/delete-saved-search";
import { getSavedSearch } from "@/lib/saved-searches/get-saved-search";

export const dynamic = "force-dynamic";

type Params = { id: string };

/** One saved search of the signed-in user with the history of its matches (404 for another user's). */
export const GET = withUser<Params>(async (_request, { params, user }) => ({ savedSearch: await getSavedSearch(db, { userId: user.id, id: params.id }) }));

export const DELETE = withUser<Params>(async (_request, { params, user }) => {
  await deleteSavedSearch(db, { userId: user.id, id: params.id });
  return new Response(null, { status: 204 });
});
