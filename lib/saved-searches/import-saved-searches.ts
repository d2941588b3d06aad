import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { Db } from "@/lib/db/client";
import { createSavedSearchSchema, MAX_SAVED_SEARCHES } from "@/lib/saved-searches/saved-search-schema";

/** The browser kept at most 30 saved searches (components/search/search-history.ts): one import takes them all. */
export const MAX_IMPORTED = 30;

export const importSavedSearchesSchema = z.object({
  searches: z.array(createSavedSearchSchema.pick({ name: true, request: true })).min(1, "nothing to import").max(MAX_IMPORTED, `at most ${MAX_IMPORTED} searches at once`),
});

/**
 * The one-time import of the browser's saved searches into the user's account, all or nothing: one already saved
 * with the same name and request is skipped (importing twice adds nothing), and an import that would take the user
 * past MAX_SAVED_SEARCHES is refused whole (409). The imported searches have not run yet (lastRunAt null): their
 * first run, by POST /api/saved-searches/{id}/run or the worker after new data, sets the baseline.
 */
export async function importSavedSearches(db: Db, { userId, body }: { userId: number; body: unknown }): Promise<{ imported: string[]; skipped: number }> {
  const { searches } = importSavedSearchesSchema.parse(body);
  // the same search twice in one import counts once
  const unique = [...new Map(searches.map((s) => [JSON.stringify([s.name, s.request]), s])).values()];
  return db.$transaction(async (tx) => {
    // one import at a time per user, so two at once cannot both pass the limit
    await tx.$queryRaw`SELECT id FROM app_user WHERE id = ${userId} FOR UPDATE`;
    const fresh: typeof unique = [];
    for (const s of unique) {
      const [dupe] = await tx.$queryRaw<{ id: bigint }[]>`
        SELECT id FROM saved_search WHERE user_id = ${userId} AND name = ${s.name} AND request = ${JSON.stringify(s.request)}::jsonb LIMIT 1`;
      if (!dupe) fresh.push(s);
    }
    const [{ n }] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM saved_search WHERE user_id = ${userId}`;
    if (n + fresh.length > MAX_SAVED_SEARCHES) throw new AppError("conflict", `at most ${MAX_SAVED_SEARCHES} saved searches per user: you have ${n}, this import adds ${fresh.length}`);
    const imported: string[] = [];
    for (const s of fresh) {
      const [row] = await tx.$queryRaw<{ id: bigint }[]>`
        INSERT INTO saved_search (user_id, name, request) VALUES (${userId}, ${s.name}, ${JSON.stringify(s.request)}::jsonb) RETURNING id`;
      imported.push(String(row.id));
    }
    return { imported, skipped: searches.length - imported.length };
  });
}
