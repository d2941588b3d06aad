import type { Db } from "@/lib/db/client";
import { JobCancelledError, type JobHandlers, type JobKind, type JobState, type JobStep } from "@/lib/jobs/types";

/**
 * Runs one job taken from the queue: marks it running, gives its handler a progress reporter that also checks for
 * cancellation, and records the outcome. Errors are recorded on the row, not rethrown: the admin sees them on the
 * settings page and pg-boss does not retry (a failed training should not silently run again).
 */
export async function runJob(
  db: Db,
  options: { id: string; kind: JobKind; params: Record<string, unknown>; handlers: JobHandlers; log?: (line: string) => void },
): Promise<JobState> {
  const log = options.log ?? (() => {});
  // Scheduled jobs (the daily price refresh) come from pg-boss's cron without a row: create it here.
  await db.$executeRaw`
    INSERT INTO job (id, kind, params) VALUES (${options.id}, ${options.kind}, ${JSON.stringify(options.params)}::jsonb)
    ON CONFLICT (id) DO NOTHING`;
  const started = await db.$queryRaw<{ state: JobState }[]>`
    UPDATE job SET state = 'running', started_at = now(), heartbeat_at = now()
    WHERE id = ${options.id} AND state = 'queued' AND NOT cancel_requested RETURNING state`;
  if (started.length === 0) {
    await db.$executeRaw`UPDATE job SET state = 'cancelled', finished_at = now() WHERE id = ${options.id} AND state = 'queued'`;
    return "cancelled";
  }
  const handler = options.handlers[options.kind];
  let seq = 0;
  const throwIfCancelled = async () => {
    const rows = await db.$queryRaw<{ cancelRequested: boolean }[]>`SELECT cancel_requested AS "cancelRequested" FROM job WHERE id = ${options.id}`;
    if (rows[0]?.cancelRequested) throw new JobCancelledError();
  };
  const report = async (step: JobStep) => {
    seq += 1;
    const progress = JSON.stringify({ ...step });
    await db.$executeRaw`
      INSERT INTO job_progress (job_id, seq, step, steps, loss, accuracy, val_accuracy, eta_ms, message)
      VALUES (${options.id}, ${seq}, ${step.step}, ${step.steps}, ${finite(step.loss)}, ${finite(step.accuracy)},
              ${finite(step.valAccuracy)}, ${step.etaMs == null ? null : Math.round(step.etaMs)}, ${step.message ?? null})`;
    const rows = await db.$queryRaw<{ cancelRequested: boolean }[]>`
      UPDATE job SET progress = ${progress}::jsonb, heartbeat_at = now() WHERE id = ${options.id}
      RETURNING cancel_requested AS "cancelRequested"`;
    if (rows[0]?.cancelRequested) throw new JobCancelledError();
  };
  try {
    if (!handler) throw new Error(`No handler for job kind "${options.kind}" in this worker`);
    const result = (await handler({ jobId: options.id, params: options.params, report, throwIfCancelled, log })) ?? {};
    await db.$executeRaw`
      UPDATE job SET state = 'completed', result = ${JSON.stringify(result)}::jsonb, finished_at = now() WHERE id = ${options.id}`;
    log(`job ${options.kind} ${options.id} completed`);
    return "completed";
  } catch (error) {
    if (error instanceof JobCancelledError) {
      await db.$executeRaw`UPDATE job SET state = 'cancelled', finished_at = now() WHERE id = ${options.id}`;
      log(`job ${options.kind} ${options.id} cancelled`);
      return "cancelled";
    }
    const message = (error as Error).message ?? String(error);
    await db.$executeRaw`UPDATE job SET state = 'failed', error = ${message.slice(0, 2000)}, finished_at = now() WHERE id = ${options.id}`;
    log(`job ${options.kind} ${options.id} failed: ${message}`);
    return "failed";
  }
}

function finite(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
