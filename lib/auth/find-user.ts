import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/auth/config";

export type UserRow = { id: number; email: string; role: Role; passwordHash: string; disabled: boolean };

export async function findUserByEmail(db: Db, options: { email: string }): Promise<UserRow | null> {
  const rows = await db.$queryRaw<UserRow[]>`
    SELECT id, email, role, password_hash AS "passwordHash", disabled_at IS NOT NULL AS disabled
    FROM app_user WHERE email = ${options.email.trim().toLowerCase()}`;
  return rows[0] ?? null;
}

/** Users, and admins able to act (not disabled): "no admin" opens first-run setup. */
export async function countUsers(db: Db): Promise<{ users: number; admins: number }> {
  const rows = await db.$queryRaw<{ users: number; admins: number }[]>`
    SELECT count(*)::int AS users, (count(*) FILTER (WHERE role = 'admin' AND disabled_at IS NULL))::int AS admins FROM app_user`;
  return rows[0] ?? { users: 0, admins: 0 };
}
