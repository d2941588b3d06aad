import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { JobProgressRow, JobRow } from "@/lib/jobs/types";

export async function listJobs(db: Db, options: { limit?: number } = {}): Promise<JobRow[]> {
  return db.$queryRaw<JobRow[]>`
    SELECT j.id, j.kind, j.params, j.state, j.progress, j.result, j.error, j.cancel_requested AS "cancelRequested",
           j.created_by AS "createdBy", u.email AS "createdByEmail", j.created_at AS "createdAt",
           j.started_at AS "startedAt", j.finished_at AS "finishedAt"
    FROM job j LEFT JOIN app_user u ON u.id = j.created_by
    ORDER BY j.created_at DESC LIMIT ${options.limit ?? 20}`;
}

/** A job with its progress steps after `afterSeq` (the page polls with the last seq it has). */
export async function getJob(db: Db, options: { id: string; afterSeq?: number }): Promise<JobRow & { steps: JobProgressRow[] }> {
  const rows = await db.$queryRaw<JobRow[]>`
    SELECT j.id, j.kind, j.params, j.state, j.progress, j.result, j.error, j.cancel_requested AS "cancelRequested",
           j.created_by AS "createdBy", u.email AS "createdByEmail", j.created_at AS "createdAt",
           j.started_at AS "startedAt", j.finished_at AS "finishedAt"
    FROM job j LEFT JOIN app_user u ON u.id = j.created_by WHERE j.id = ${options.id}`;
  const job = rows[0];
  if (!job) throw new AppError("not_found", "No such job");
  const steps = await db.$queryRaw<JobProgressRow[]>`
    SELECT seq, at, step, steps, loss, accuracy, val_accuracy AS "valAccuracy", eta_ms AS "etaMs", message
    FROM job_progress WHERE job_id = ${options.id} AND seq > ${options.afterSeq ?? -1} ORDER BY seq`;
  return { ...job, steps };
}
