import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/admin/record-audit";
import { findUserByEmail } from "@/lib/auth/find-user";
import { hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/sessions";
import { countSignInAttempt, forgiveSignInAttempt } from "@/lib/auth/sign-in-limits";
import type { AuthUser } from "@/lib/auth/types";

/**
 * A user changes their own password: the current one is checked (under the sign-in limits, so a stolen session
 * cannot guess it at leisure), every session of theirs ends, and the caller gets a fresh one for this browser.
 */
export async function changeOwnPassword(
  db: Db,
  options: { user: AuthUser; currentPassword: string; newPassword: string; address: string; userAgent?: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  if (options.newPassword.length < PASSWORD_MIN_LENGTH) throw new AppError("bad_request", `newPassword: at least ${PASSWORD_MIN_LENGTH} characters`);
  if (options.newPassword === options.currentPassword) throw new AppError("bad_request", "newPassword: choose a password different from the current one");
  const keys = { email: options.user.email, address: options.address };
  const verdict = await countSignInAttempt(db, keys);
  if (!verdict.allowed) {
    throw new AppError("rate_limited", `Too many attempts; try again in ${verdict.retryAfterSeconds} s`, { retryAfterSeconds: verdict.retryAfterSeconds });
  }
  const row = await findUserByEmail(db, { email: options.user.email });
  if (!row || !(await verifyPassword(row.passwordHash, options.currentPassword))) {
    throw new AppError("bad_request", "currentPassword: that is not your current password");
  }
  await forgiveSignInAttempt(db, keys);
  const passwordHash = await hashPassword(options.newPassword);
  await db.$executeRaw`UPDATE app_user SET password_hash = ${passwordHash}, updated_at = now() WHERE id = ${row.id}`;
  await db.$executeRaw`DELETE FROM user_session WHERE user_id = ${row.id}`;
  await recordAudit(db, { user: options.user, action: "account.password-change", target: options.user.email });
  return createSession(db, { userId: row.id, userAgent: options.userAgent });
}

/** Ends every session of the user, this one included (API tokens are separate credentials: revoke them below). */
export async function signOutEverywhere(db: Db, options: { user: AuthUser }): Promise<{ ended: number }> {
  const ended = await db.$executeRaw`DELETE FROM user_session WHERE user_id = ${options.user.id}`;
  await recordAudit(db, { user: options.user, action: "account.sign-out-everywhere", target: options.user.email, details: { sessions: ended } });
  return { ended };
}
