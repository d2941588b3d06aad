import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors/app-error";
import type { Db } from "@/lib/db/client";
import { createSavedSearchSchema, MAX_SAVED_SEARCHES } from "@/lib/saved-searches/saved-search-schema";
import { parseWebhookUrl, WebhookAddressError } from "@/lib/webhooks/check-address";

/**
 * Saves a search for a user. A webhook URL is checked now (http(s), no credentials, no refused literal address; a
 * host name is checked again at every delivery) and gets a fresh secret, returned here only.
 */
export async function createSavedSearch(db: Db, { userId, body, allowPrivate }: { userId: number; body: unknown; allowPrivate: boolean }): Promise<{ id: string; webhookSecret: string | null }> {
  const { name, request, webhookUrl } = createSavedSearchSchema.parse(body);
  if (webhookUrl) {
    try {
      parseWebhookUrl(webhookUrl, { allowPrivate });
    } catch (error) {
      if (error instanceof WebhookAddressError) throw new AppError("bad_request", error.message, { field: "webhookUrl" });
      throw error;
    }
  }
  const secret = webhookUrl ? `whsec_${randomBytes(24).toString("hex")}` : null;
  // the limit (against abuse) is checked by the insert itself
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    INSERT INTO saved_search (user_id, name, request, webhook_url, webhook_secret)
    SELECT ${userId}, ${name}, ${JSON.stringify(request)}::jsonb, ${webhookUrl ?? null}, ${secret}
    WHERE (SELECT count(*) FROM saved_search WHERE user_id = ${userId}) < ${MAX_SAVED_SEARCHES}
    RETURNING id`;
  if (rows.length === 0) throw new AppError("conflict", `at most ${MAX_SAVED_SEARCHES} saved searches per user; delete one first`);
  return { id: String(rows[0].id), webhookSecret: secret };
}
