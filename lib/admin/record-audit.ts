import type { Db } from "@/lib/db/client";

/** Who did it: any signed-in user (structural, so lib/auth can record its own actions without a folder loop). */
export type AuditActor = { id: number; email: string } | null;

/** Appends one admin action to the audit log (who, what, on what, when); works inside a transaction too. */
export async function recordAudit(
  db: Pick<Db, "$executeRaw">,
  options: { user: AuditActor; action: string; target?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO audit_log (user_id, user_email, action, target, details)
    VALUES (${options.user?.id ?? null}, ${options.user?.email ?? null}, ${options.action}, ${options.target ?? null},
            ${JSON.stringify(options.details ?? {})}::jsonb)`;
}
