import type { Db } from "@/lib/db/client";
import { SESSION_TTL_MS, type Role } from "@/lib/auth/config";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { AuthUser } from "@/lib/auth/types";

/** Starts a session: returns the raw token for the cookie; only its hash is stored. */
export async function createSession(
  db: Db,
  options: { userId: number; userAgent?: string | null; ttlMs?: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + (options.ttlMs ?? SESSION_TTL_MS));
  await db.$executeRaw`
    INSERT INTO user_session (user_id, token_hash, expires_at, user_agent)
    VALUES (${options.userId}, ${hashToken(token)}, ${expiresAt}, ${options.userAgent?.slice(0, 300) ?? null})`;
  return { token, expiresAt };
}

/** The user behind a session token, or null when unknown, expired or the user is disabled. */
export async function findSessionUser(db: Db, options: { token: string }): Promise<AuthUser | null> {
  if (!options.token || options.token.length > 200) return null;
  const rows = await db.$queryRaw<{ id: number; email: string; role: Role; stale: boolean }[]>`
    SELECT u.id, u.email, u.role, (s.last_seen_at < now() - interval '10 minutes') AS stale
    FROM user_session s JOIN app_user u ON u.id = s.user_id
    WHERE s.token_hash = ${hashToken(options.token)} AND s.expires_at > now() AND u.disabled_at IS NULL`;
  const row = rows[0];
  if (!row) return null;
  // Touch last_seen_at at most every 10 minutes: a write per request would be a waste (and PGlite is serial).
  if (row.stale) await db.$executeRaw`UPDATE user_session SET last_seen_at = now() WHERE token_hash = ${hashToken(options.token)}`;
  return { id: row.id, email: row.email, role: row.role };
}

export async function deleteSession(db: Db, options: { token: string }): Promise<void> {
  await db.$executeRaw`DELETE FROM user_session WHERE token_hash = ${hashToken(options.token)}`;
}

