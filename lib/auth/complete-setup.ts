import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/admin/record-audit";
import { createUser } from "@/lib/auth/create-user";
import { countUsers } from "@/lib/auth/find-user";
import { createSession } from "@/lib/auth/sessions";
import { consumeSetupTokens, isValidSetupToken } from "@/lib/auth/setup-token";
import type { AuthUser } from "@/lib/auth/types";

/**
 * /setup: creates the first admin while none exists, only with a setup token the server printed at start. The
 * token is checked before the password is hashed, so an anonymous caller costs one indexed lookup.
 */
export async function completeSetup(
  db: Db,
  options: { email: string; password: string; setupToken?: string; userAgent?: string | null },
): Promise<{ user: AuthUser; session: { token: string; expiresAt: Date } }> {
  if ((await countUsers(db)).admins > 0) throw new AppError("conflict", "Setup is done: sign in instead");
  if (!options.setupToken || !(await isValidSetupToken(db, options.setupToken.trim()))) {
    throw new AppError("forbidden", "setupToken: missing or wrong. The server prints it to its log at start and writes it to its setup-token file");
  }
  const user = await createUser(db, { email: options.email, password: options.password, role: "admin" });
  // Two setups racing with different emails: the later one backs out.
  const admins = await db.$queryRaw<{ id: number }[]>`SELECT id FROM app_user WHERE role = 'admin' ORDER BY id LIMIT 1`;
  if (admins[0]?.id !== user.id) {
    await db.$executeRaw`DELETE FROM app_user WHERE id = ${user.id}`;
    throw new AppError("conflict", "Setup is done: sign in instead");
  }
  await consumeSetupTokens(db);
  await recordAudit(db, { user, action: "setup.first-admin", target: user.email });
  const session = await createSession(db, { userId: user.id, userAgent: options.userAgent });
  return { user, session };
}
