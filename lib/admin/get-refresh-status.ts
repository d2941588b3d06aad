import type { Db } from "@/lib/db/client";
import { DAILY_REFRESH_TEXT, nextDailyRefresh } from "@/lib/providers/refresh-schedule";

export type RefreshFailure = { symbol: string; message: string };
export type LastRefresh = {
  jobId: string;
  state: string;
  /** null when the daily schedule started it. */
  byEmail: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  ok: number;
  failed: number;
  /** Every symbol that failed in that run, with the provider's or the importer's reason. */
  failures: RefreshFailure[];
  error: string | null;
};
export type RefreshStatus = { schedule: string; nextRunAt: Date; last: LastRefresh | null };

type Row = { id: string; state: string; byEmail: string | null; startedAt: Date | null; finishedAt: Date | null; result: unknown; error: string | null };
type Result = { ok?: unknown; failed?: unknown; results?: { symbol?: unknown; status?: unknown; message?: unknown }[] };

/**
 * The provider refresh as the Data page shows it: the last run (who started it, when, how many symbols were
 * fetched and which failed, and why) and when the schedule runs next. A run whose every symbol failed still
 * "completes" as a job, so the counts, not the job state, say whether it worked.
 */
export async function getRefreshStatus(db: Db, options: { now?: Date } = {}): Promise<RefreshStatus> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT j.id, j.state, u.email AS "byEmail", j.started_at AS "startedAt", j.finished_at AS "finishedAt", j.result, j.error
    FROM job j LEFT JOIN app_user u ON u.id = j.created_by
    WHERE j.kind = 'refresh-prices'
    ORDER BY j.created_at DESC LIMIT 1`;
  const row = rows[0];
  const schedule = { schedule: DAILY_REFRESH_TEXT, nextRunAt: nextDailyRefresh(options.now ?? new Date()) };
  if (!row) return { ...schedule, last: null };
  const result = (row.result ?? {}) as Result;
  const failures = (Array.isArray(result.results) ? result.results : [])
    .filter((r) => r.status === "failed")
    .map((r) => ({ symbol: String(r.symbol ?? "?"), message: String(r.message ?? "") }));
  return {
    ...schedule,
    last: {
      jobId: row.id,
      state: row.state,
      byEmail: row.byEmail,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      ok: Number(result.ok) || 0,
      failed: Number(result.failed) || failures.length,
      failures,
      error: row.error,
    },
  };
}
