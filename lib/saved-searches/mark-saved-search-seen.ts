import { AppError } from "@/lib/errors/app-error";
import type { Db } from "@/lib/db/client";

/** The user has looked: matches found until now stop counting as new. */
export async function markSavedSearchSeen(db: Db, { userId, id }: { userId: number; id: string }): Promise<void> {
  const n = /^\d{1,18}$/.test(id) ? await db.$executeRaw`UPDATE saved_search SET last_seen_at = now() WHERE id = ${id}::bigint AND user_id = ${userId}` : 0;
  if (n === 0) throw new AppError("not_found", `no saved search ${id}`);
}
