import { withUser } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { markSavedSearchSeen } from "@/lib/saved-searches/mark-saved-search-seen";

export const dynamic = "force-dynamic";

/** The user has looked at the saved search: its new matches stop counting as new. */
export const POST = withUser<{ id: string }>(async (_request, { params, user }) => {
  await markSavedSearchSeen(db, { userId: user.id, id: params.id });
  return new Response(null, { status: 204 });
});
