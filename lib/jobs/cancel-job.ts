import type PgBoss from "pg-boss";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { QUEUE } from "@/lib/jobs/boss";
import type { JobState } from "@/lib/jobs/types";

/**
 * Cancels a job. A queued job is cancelled in pg-boss at once; a running one gets `cancel_requested`, which its
 * handler sees at its next progress report (training checks after every batch) and stops.
 */
export async function cancelJob(db: Db, boss: PgBoss, options: { id: string }): Promise<{ state: JobState }> {
  const rows = await db.$queryRaw<{ state: JobState }[]>`SELECT state FROM job WHERE id = ${options.id}`;
  const row = rows[0];
  if (!row) throw new AppError("not_found", "No such job");
  if (row.state === "completed" || row.state === "failed" || row.state === "cancelled") {
    throw new AppError("conflict", `The job has already ${row.state === "cancelled" ? "been cancelled" : row.state}`);
  }
  await db.$executeRaw`UPDATE job SET cancel_requested = true WHERE id = ${options.id}`;
  if (row.state === "queued") {
    await boss.cancel(QUEUE, options.id);
    // Only if the worker has not picked it up in the meantime; otherwise the handler stops at its next report.
    const n = await db.$executeRaw`UPDATE job SET state = 'cancelled', finished_at = now() WHERE id = ${options.id} AND state = 'queued'`;
    if (n > 0) return { state: "cancelled" };
  }
  return { state: "running" };
}
