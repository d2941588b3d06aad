import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import type { Db } from "@/lib/db/client";
import { deliverWebhook, type DeliveryResult } from "@/lib/webhooks/deliver-webhook";
import { readWebhookTarget } from "@/lib/webhooks/read-webhook-target";

/** Webhook deliveries have their own queue: a slow receiver never holds the admin jobs, and each delivery is retried on its own. */
export const WEBHOOK_QUEUE = "patternscope-webhooks";

/**
 * What a delivery job carries: whose webhook (the saved search's id), which event and its payload. Never the URL's
 * secret: job rows are readable by anyone with read access to the database and show up in job listings and logs,
 * so the worker reads the URL and secret from the saved search at each try (lib/webhooks/read-webhook-target.ts).
 */
export type WebhookJob = { savedSearchId: string; event: string; payload: unknown };

export type WebhookQueueOptions = {
  /** tries in all before giving up (the first one included) */
  attempts: number;
  /** the first retry waits retryDelaySeconds to twice that; each later one doubles (pg-boss's jittered back-off) */
  retryDelaySeconds: number;
};

export const DEFAULT_WEBHOOK_QUEUE: WebhookQueueOptions = { attempts: 6, retryDelaySeconds: 30 };

export async function ensureWebhookQueue(boss: PgBoss, options: WebhookQueueOptions = DEFAULT_WEBHOOK_QUEUE): Promise<void> {
  if (await boss.getQueue(WEBHOOK_QUEUE)) return;
  await boss
    .createQueue(WEBHOOK_QUEUE, { name: WEBHOOK_QUEUE, policy: "standard", retryLimit: options.attempts - 1, retryDelay: options.retryDelaySeconds, retryBackoff: true, expireInSeconds: 60 })
    .catch((error: Error) => {
      if (!/already exists/i.test(error.message)) throw error;
    });
}

/** Queues one delivery; the job id is the delivery id the receiver sees on every try. */
export async function enqueueWebhook(boss: PgBoss, job: WebhookJob): Promise<string> {
  const id = randomUUID();
  await boss.send(WEBHOOK_QUEUE, job, { id });
  return id;
}

/**
 * Works the webhook queue, reading each job's URL and secret from its saved search: a delivery that failed in a way a retry could mend (no answer, 429, 5xx) throws, so
 * pg-boss tries again after its back-off and marks the job failed after the last attempt (given up); one that never
 * will (refused address, redirect, other 4xx) completes with the reason, so it is not retried.
 */
export async function workWebhooks(db: Db, { boss, allowPrivate, pollingIntervalSeconds = 2, log = () => {}, deliver = deliverWebhook }: { boss: PgBoss; allowPrivate: boolean; pollingIntervalSeconds?: number; log?: (line: string) => void; deliver?: typeof deliverWebhook }): Promise<void> {
  await boss.work<WebhookJob>(WEBHOOK_QUEUE, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
    if (!job) return;
    const { savedSearchId, event, payload } = job.data;
    // read at each try: a webhook removed (or its search deleted) since the job was queued is not called
    const target = await readWebhookTarget(db, savedSearchId);
    if (!target) return { delivered: false, reason: "the saved search or its webhook no longer exists" };
    const { url, secret } = target;
    const body = JSON.stringify({ id: job.id, event, createdAt: new Date().toISOString(), data: payload });
    const result: DeliveryResult = await deliver({ url, secret, body, deliveryId: job.id, allowPrivate });
    if (result.delivered) return { delivered: true, status: result.status };
    log(`webhook ${job.id} to ${URL.canParse(url) ? new URL(url).host : "an invalid URL"}: ${result.reason}`);
    if (result.retry) throw new Error(result.reason);
    return { delivered: false, reason: result.reason };
  });
}
