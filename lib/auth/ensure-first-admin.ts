import type { Db } from "@/lib/db/client";
import { createUser } from "@/lib/auth/create-user";
import { countUsers } from "@/lib/auth/find-user";

export type FirstAdminResult = { created: boolean; reason: string };

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists yet. Called by the start script;
 * without those variables the first visitor gets the /setup screen instead (only while no user exists at all).
 * An existing admin is never touched, so changing ADMIN_PASSWORD later does not reset anyone's password.
 */
export async function ensureFirstAdmin(
  db: Db,
  options: { email?: string; password?: string; log?: (line: string) => void } = {},
): Promise<FirstAdminResult> {
  const email = options.email ?? process.env.ADMIN_EMAIL;
  const password = options.password ?? process.env.ADMIN_PASSWORD;
  const counts = await countUsers(db);
  if (counts.admins > 0) return { created: false, reason: "an admin already exists" };
  if (!email || !password) {
    const reason = counts.users === 0 ? "no ADMIN_EMAIL/ADMIN_PASSWORD: open /setup to create the first admin" : "no admin and no ADMIN_EMAIL/ADMIN_PASSWORD";
    options.log?.(reason);
    return { created: false, reason };
  }
  await createUser(db, { email, password, role: "admin" });
  options.log?.(`created the first admin ${email.trim().toLowerCase()}`);
  return { created: true, reason: "created from ADMIN_EMAIL" };
}
