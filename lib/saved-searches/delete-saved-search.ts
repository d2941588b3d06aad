import { AppError } from "@/lib/errors/app-error";
import type { Db } from "@/lib/db/client";

/** Deletes one of the user's saved searches and its history (404 for anyone else's). */
export async function deleteSavedSearch(db: Db, { userId, id }: { userId: number; id: string }): Promise<void> {
  const n = /^\d{1,18}$/.test(id) ? await db.$executeRaw`DELETE FROM saved_search WHERE id = ${id}::bigint AND user_id = ${userId}` : 0;
  if (n === 0) throw new AppError("not_found", `no saved search ${id}`);
}
