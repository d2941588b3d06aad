import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import type { Db } from "@/lib/db/client";
import { QUEUE } from "@/lib/jobs/boss";
import { jobParamsSchemas, type JobKind } from "@/lib/jobs/types";

/**
 * Records the job (who, what, parameters) and puts it on the pg-boss queue under the same id. The row is written
 * first so the worker always finds it; if sending fails the row is marked failed instead of staying "queued".
 */
export async function enqueueJob(
  db: Db,
  boss: PgBoss,
  options: { kind: JobKind; params?: unknown; userId?: number | null },
): Promise<{ id: string }> {
  const params = jobParamsSchemas[options.kind].parse(options.params ?? {});
  const id = randomUUID();
  await db.$executeRaw`
    INSERT INTO job (id, kind, params, created_by) VALUES (${id}, ${options.kind}, ${JSON.stringify(params)}::jsonb, ${options.userId ?? null})`;
  try {
    await boss.send(QUEUE, { kind: options.kind, params }, { id });
  } catch (error) {
    await db.$executeRaw`UPDATE job SET state = 'failed', error = ${`could not queue: ${(error as Error).message}`}, finished_at = now() WHERE id = ${id}`;
    throw error;
  }
  return { id };
}
