import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { findUserByEmail } from "@/lib/auth/find-user";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/sessions";
import { countSignInAttempt, forgiveSignInAttempt } from "@/lib/auth/sign-in-limits";
import type { AuthUser } from "@/lib/auth/types";

/**
 * Checks the sign-in limits (shared by every replica, in PostgreSQL), then the password; on success starts a
 * session. A wrong email and a wrong password give the same error (and take the same time), so sign-in does not
 * reveal which emails have accounts. A disabled account is told so only after the right password.
 */
export async function signIn(
  db: Db,
  options: { email: string; password: string; ip: string; userAgent?: string | null },
): Promise<{ user: AuthUser; token: string; expiresAt: Date }> {
  const email = options.email.trim().toLowerCase();
  const keys = { email, address: options.ip };
  const verdict = await countSignInAttempt(db, keys);
  if (!verdict.allowed) {
    throw new AppError("rate_limited", `Too many sign-in attempts; try again in ${verdict.retryAfterSeconds} s`, {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
  const row = await findUserByEmail(db, { email });
  const ok = row ? await verifyPassword(row.passwordHash, options.password) : await verifyAgainstDummy(options.password);
  if (!row || !ok) throw new AppError("unauthorized", "Wrong email or password");
  await forgiveSignInAttempt(db, keys);
  if (row.disabled) throw new AppError("forbidden", "This account is disabled; ask an admin");
  const session = await createSession(db, { userId: row.id, userAgent: options.userAgent });
  return { user: { id: row.id, email: row.email, role: row.role }, ...session };
}
