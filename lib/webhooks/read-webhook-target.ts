import type { Db } from "@/lib/db/client";

/** A saved search's webhook URL and secret, read when a delivery is tried; null once the search or its webhook is gone. */
export async function readWebhookTarget(db: Db, savedSearchId: string): Promise<{ url: string; secret: string } | null> {
  if (!/^\d{1,18}$/.test(savedSearchId)) return null;
  const [row] = await db.$queryRaw<{ webhook_url: string | null; webhook_secret: string | null }[]>`
    SELECT webhook_url, webhook_secret FROM saved_search WHERE id = ${savedSearchId}::bigint`;
  return row?.webhook_url && row.webhook_secret ? { url: row.webhook_url, secret: row.webhook_secret } : null;
}
