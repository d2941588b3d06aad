import type PgBoss from "pg-boss";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { QUEUE, retryOnDeadlock, startBoss } from "@/lib/jobs/boss";
import { runJob } from "@/lib/jobs/run-job";
import { JOB_KINDS, type JobHandlers, type JobKind } from "@/lib/jobs/types";
import { rerunSavedSearchesAfterJob } from "@/lib/saved-searches/rerun-after-job";
import { DEFAULT_WEBHOOK_QUEUE, enqueueWebhook, ensureWebhookQueue, WEBHOOK_QUEUE, workWebhooks } from "@/lib/webhooks/webhook-queue";
import { DAILY_REFRESH_CRON } from "@/lib/providers/refresh-schedule";

export type Worker = { boss: PgBoss; stop: () => Promise<void> };

/** Jobs that store data: after one completes, the saved searches its tickers can change are re-run. */
const DATA_JOBS = new Set<JobKind>(["import", "refresh-prices"]);

/**
 * Starts the job worker: one job at a time (batchSize 1 and the queue's singleton policy), releases jobs left
 * "running" by a worker that died (no heartbeat for 2 minutes), schedules the daily price refresh, re-runs the saved
 * searches an import or refresh touched, and delivers webhooks (their own queue, each retried with back-off).
 */
export async function startWorker(db: Db, options: {
  url: string;
  handlers: JobHandlers;
  pollingIntervalSeconds?: number;
  schedule?: boolean;
  log?: (line: string) => void;
}): Promise<Worker> {
  const log = options.log ?? (() => {});
  const boss = await startBoss({ url: options.url, role: "worker", log });
  await releaseOrphans(db, boss, log);
  const env = getEnv();
  await retryOnDeadlock(() => ensureWebhookQueue(boss, { ...DEFAULT_WEBHOOK_QUEUE, attempts: env.WEBHOOK_ATTEMPTS }));
  await workWebhooks(db, { boss, allowPrivate: env.WEBHOOK_ALLOW_PRIVATE, pollingIntervalSeconds: options.pollingIntervalSeconds, log });
  if (options.schedule !== false) await boss.schedule(QUEUE, DAILY_REFRESH_CRON, { kind: "refresh-prices", params: {} }, { tz: "UTC" });
  const rerunAfter = (jobId: string) =>
    rerunSavedSearchesAfterJob(db, { jobId, enqueue: (webhook) => enqueueWebhook(boss, webhook), log }).then(
      (r) => void (r.ran && log(`saved searches re-run: ${r.ran}, new matches: ${r.newMatches}, failed: ${r.failed}`)),
      (error: Error) => log(`saved searches not re-run: ${error.message}`),
    );
  let current: string | null = null;
  await boss.work<{ kind: JobKind; params: Record<string, unknown> }>(
    QUEUE,
    { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
    async ([job]) => {
      if (!job) return;
      const kind = job.data?.kind;
      if (!JOB_KINDS.includes(kind)) {
        log(`ignoring job ${job.id} of unknown kind ${String(kind)}`);
        return;
      }
      log(`job ${kind} ${job.id} started`);
      current = job.id;
      try {
        const state = await runJob(db, { id: job.id, kind, params: job.data.params ?? {}, handlers: options.handlers, log });
        if (state === "completed" && DATA_JOBS.has(kind)) await rerunAfter(job.id);
      } finally {
        current = null;
      }
    },
  );
  return {
    boss,
    stop: async () => {
      await boss.offWork(QUEUE).catch(() => {});
      await boss.offWork(WEBHOOK_QUEUE).catch(() => {});
      // A job still running when the worker stops is marked interrupted and released, so the singleton queue
      // is free for the next start instead of waiting for pg-boss's expiry.
      const id = current;
      if (id) {
        await db.$executeRaw`
          UPDATE job SET state = 'failed', error = 'Interrupted: the worker stopped while this job ran', finished_at = now()
          WHERE id = ${id} AND state = 'running'`.catch(() => {});
        await boss.fail(QUEUE, id, { reason: "worker stopped" }).catch(() => {});
      }
      await boss.stop({ graceful: !id, wait: true, timeout: 10_000 });
    },
  };
}

async function releaseOrphans(db: Db, boss: PgBoss, log: (line: string) => void) {
  const orphans = await db.$queryRaw<{ id: string }[]>`
    UPDATE job SET state = 'failed', error = 'Interrupted: the worker stopped while this job ran', finished_at = now()
    WHERE state = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - interval '2 minutes') RETURNING id`;
  for (const { id } of orphans) {
    await boss.fail(QUEUE, id, { reason: "worker stopped" }).catch(() => {});
    log(`released job ${id} left running by a stopped worker`);
  }
}
