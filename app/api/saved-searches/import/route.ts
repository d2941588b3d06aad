import { readJsonBody } from "@/lib/api/read-json-body";
import { withUser } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { importSavedSearches } from "@/lib/saved-searches/import-saved-searches";
import { listSavedSearches } from "@/lib/saved-searches/list-saved-searches";

export const dynamic = "force-dynamic";

/** 30 searches with long symbol lists fit; more is not a browser's list. */
const MAX_BODY_BYTES = 512 * 1024;

/** The browser's saved searches, imported once into the account (skipping ones already there); answers the whole list. */
export const POST = withUser(async (request, { user }) => {
  const { imported, skipped } = await importSavedSearches(db, { userId: user.id, body: await readJsonBody({ request, maxBytes: MAX_BODY_BYTES }) });
  return Response.json({ imported, skipped, savedSearches: await listSavedSearches(db, { userId: user.id }) }, { status: 201 });
});
