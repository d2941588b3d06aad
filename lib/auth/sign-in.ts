import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/api/app-error";
import { findUserByEmail } from "@/lib/auth/find-user";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { signInLimiters, type RateLimiter } from "@/lib/auth/rate-limit";
import { createSession } from "@/lib/auth/sessions";
import type { AuthUser } from "@/lib/auth/types";

/**
 * Checks the rate limits, then the password; on success starts a session. A wrong email and a wrong password give
 * the same error (and take the same time), so sign-in does not reveal which emails have accounts.
 */
export async function signIn(
  db: Db,
  options: { email: string; password: string; ip: string; userAgent?: string | null; limiters?: { ip: RateLimiter; email: RateLimiter } },
): Promise<{ user: AuthUser; token: string; expiresAt: Date }> {
  const limiters = options.limiters ?? signInLimiters();
  const email = options.email.trim().toLowerCase();
  for (const check of [limiters.ip.hit(`ip:${options.ip}`), limiters.email.hit(`email:${email}`)]) {
    if (!check.allowed) {
      throw new AppError("rate_limited", `Too many sign-in attempts; try again in ${Math.ceil(check.retryAfterMs / 1000)} s`, {
        retryAfterSeconds: Math.ceil(check.retryAfterMs / 1000),
      });
    }
  }
  const row = await findUserByEmail(db, { email });
  const ok = row ? await verifyPassword(row.passwordHash, options.password) : await verifyAgainstDummy(options.password);
  if (!row || !ok) throw new AppError("unauthorized", "Wrong email or password");
  limiters.email.reset(`email:${email}`);
  const session = await createSession(db, { userId: row.id, userAgent: options.userAgent });
  return { user: { id: row.id, email: row.email, role: row.role }, ...session };
}
