import type { Db } from "@/lib/db/client";

export type AuditEntry = { id: string; userEmail: string | null; action: string; target: string | null; details: Record<string, unknown>; createdAt: Date };

export async function listAudit(db: Db, options: { limit?: number } = {}): Promise<AuditEntry[]> {
  return db.$queryRaw<AuditEntry[]>`
    SELECT id::text AS id, user_email AS "userEmail", action, target, details, created_at AS "createdAt"
    FROM audit_log ORDER BY created_at DESC, id DESC LIMIT ${options.limit ?? 50}`;
}
