/** An audit row as the settings page shows it: what happened in words, and the target in words too. */
export type AuditLine = { what: string; on: string };

type AuditInput = { action: string; target: string | null; details: Record<string, unknown> };
type JobRef = { id: string; kind: string; state: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JOB_NAMES: Record<string, string> = { train: "training", reindex: "re-indexing", "refresh-prices": "price refresh" };
const int = new Intl.NumberFormat("en-US");

function trainParams(details: Record<string, unknown>): string {
  const { epochs, samples, embeddingSize } = details as { epochs?: unknown; samples?: unknown; embeddingSize?: unknown };
  const parts = [
    typeof epochs === "number" ? `${epochs} ${epochs === 1 ? "epoch" : "epochs"}` : null,
    typeof samples === "number" ? `${int.format(samples)} samples` : null,
    typeof embeddingSize === "number" ? `embedding ${embeddingSize}` : null,
  ].filter(Boolean);
  return parts.join(" × ").replace(" × embedding", ", embedding");
}

/**
 * Words for an audit row. Job ids are UUIDs that mean nothing to a reader: a job is named by its kind and, when it
 * is among the listed jobs, with its state ("training job, completed"); a model version by its number.
 */
export function describeAudit(entry: AuditInput, jobs: readonly JobRef[] = []): AuditLine {
  const { action, target, details } = entry;
  const job = target && UUID.test(target) ? jobs.find((j) => j.id === target) : undefined;
  const jobName = (kind: string | undefined) => (kind ? (JOB_NAMES[kind] ?? kind) : "job");
  const jobTarget = (kind?: string) => (job ? `${jobName(job.kind)} job, ${job.state}` : target && UUID.test(target) ? `${kind ? `${jobName(kind)} job` : "job"} ${target.slice(0, 8)}` : (target ?? ""));
  if (action.startsWith("job.start.")) {
    const kind = action.slice("job.start.".length);
    const params = kind === "train" ? trainParams(details) : "";
    return { what: `Started ${jobName(kind)}${params ? ` (${params})` : ""}`, on: jobTarget(kind) };
  }
  if (action === "job.cancel") return { what: "Cancelled a job", on: jobTarget(job?.kind) };
  if (action === "model.activate") return { what: "Activated a model version", on: target ? `v${target}` : "" };
  if (action === "ticker.delete") return { what: "Deleted a ticker", on: target ?? "" };
  if (action === "provider.add") return { what: "Added a provider symbol", on: target ?? "" };
  if (action === "provider.remove") return { what: "Removed a provider symbol", on: target ?? "" };
  if (action === "data.upload") return { what: "Uploaded data files", on: target ?? "" };
  const account = describeAccountAction(action, details);
  if (account) return { what: account, on: target ?? "" };
  // An action this list does not know yet still reads, and never shows a bare id.
  return { what: action, on: target && UUID.test(target) ? `${target.slice(0, 8)}…` : (target ?? "") };
}

/** Words for the account actions (lib/auth): users created, changed, disabled or removed, passwords and sessions. */
function describeAccountAction(action: string, details: Record<string, unknown>): string | null {
  const { from, to, sessions, generated, generatedPassword, role } = details as Record<string, unknown>;
  const count = typeof sessions === "number" ? ` (${sessions} ${sessions === 1 ? "session" : "sessions"} ended)` : "";
  switch (action) {
    case "setup.first-admin":
      return "Created the first admin";
    case "user.create":
      return `Added ${role === "admin" ? "an admin" : "an investor"}${generatedPassword ? " with a generated password" : ""}`;
    case "user.role":
      return typeof from === "string" && typeof to === "string" ? `Changed the role from ${from} to ${to}` : "Changed the role";
    case "user.disable":
      return "Disabled the account";
    case "user.enable":
      return "Enabled the account";
    case "user.delete":
      return "Deleted the account";
    case "user.password-reset":
      return generated ? "Reset the password (generated)" : "Reset the password";
    case "account.password-change":
      return "Changed their own password";
    case "account.sign-out-everywhere":
      return `Signed out everywhere${count}`;
    default:
      return null;
  }
}
