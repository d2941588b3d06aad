import type { Db } from "@/lib/db/client";
import type { AuthUser } from "@/lib/auth/types";

/** Appends one admin action to the audit log (who, what, on what, when). */
export async function recordAudit(
  db: Db,
  options: { user: AuthUser | null; action: string; target?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO audit_log (user_id, user_email, action, target, details)
    VALUES (${options.user?.id ?? null}, ${options.user?.email ?? null}, ${options.action}, ${options.target ?? null},
            ${JSON.stringify(options.details ?? {})}::jsonb)`;
}
