import { Alert } from "@/components/ui/alert";
import type { RefreshStatus } from "@/lib/admin/get-refresh-status";
import { formatDateTime } from "@/lib/chart/format";

/** RefreshStatus as it travels to the client (dates as ISO strings). */
export type RefreshStatusJson = Omit<RefreshStatus, "nextRunAt" | "last"> & {
  nextRunAt: string;
  last: (Omit<NonNullable<RefreshStatus["last"]>, "startedAt" | "finishedAt"> & { startedAt: string | null; finishedAt: string | null }) | null;
};

const symbolsWord = (n: number) => `${n} symbol${n === 1 ? "" : "s"}`;

/**
 * The provider refresh in words: the last run (who started it, when, how many symbols it fetched, every failure
 * with its reason) and the next scheduled run. A run where every symbol failed reads as a failure, although the
 * job itself completed.
 */
export function RefreshStatusView({ status }: { status: RefreshStatusJson }) {
  const last = status.last;
  const next = <p className="text-sm text-muted">Next scheduled refresh: {formatDateTime(status.nextRunAt)} ({status.schedule}).</p>;
  if (!last) {
    return (
      <div className="mb-4 space-y-1" data-testid="refresh-status">
        <p className="text-sm text-muted">No refresh has run yet.</p>
        {next}
      </div>
    );
  }
  const who = last.byEmail ? `started by ${last.byEmail}` : "on the schedule";
  const when = last.finishedAt ? `finished ${formatDateTime(last.finishedAt)}` : last.startedAt ? `started ${formatDateTime(last.startedAt)}` : "queued";
  const total = last.ok + last.failed;
  const tone = last.state === "failed" || (total > 0 && last.ok === 0) ? "error" : last.failed > 0 ? "warning" : last.state === "completed" ? "success" : "info";
  const title =
    last.state === "failed"
      ? "The last refresh failed"
      : last.state !== "completed"
        ? `The last refresh is ${last.state}`
        : total === 0
          ? "The last refresh had no symbols to fetch"
          : last.ok === 0
            ? `The last refresh fetched nothing: all ${symbolsWord(total)} failed`
            : `The last refresh updated ${symbolsWord(last.ok)}${last.failed ? `; ${last.failed} failed` : ""}`;
  return (
    <div className="mb-4 space-y-2" data-testid="refresh-status">
      <Alert tone={tone} title={title}>
        <p className="text-fg/80">
          {when[0]!.toUpperCase() + when.slice(1)}, {who}.
        </p>
        {last.error && <p>{last.error}</p>}
        {last.failures.length > 0 && (
          <ul className="list-disc space-y-0.5 pl-5 text-fg/80" data-testid="refresh-failures">
            {last.failures.map((f) => (
              <li key={f.symbol}>
                <span className="font-medium">{f.symbol}</span>: {f.message}
              </li>
            ))}
          </ul>
        )}
      </Alert>
      {next}
    </div>
  );
}
