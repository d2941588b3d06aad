import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { Role } from "@/lib/auth/config";
import { API_TOKEN_PREFIX, generateToken, hashToken } from "@/lib/auth/tokens";
import type { AuthScope, AuthUser } from "@/lib/auth/types";

export type ApiTokenInfo = {
  id: number;
  name: string;
  prefix: string;
  scope: AuthScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** null only for tokens made before tokens had to expire. */
  expiresAt: Date | null;
};

export const TOKEN_MAX_DAYS = 365;
/** The route's rule for a token's name, which the account page's hint states too. */
export const TOKEN_NAME_MAX_LENGTH = 80;

/** Creates a personal API token that expires. The raw token is returned once and never stored (only its SHA-256). */
export async function createApiToken(
  db: Db,
  options: { userId: number; name: string; scope?: AuthScope; expiresInDays?: number },
): Promise<{ token: string; info: ApiTokenInfo }> {
  const days = options.expiresInDays ?? 90;
  if (!Number.isInteger(days) || days < 1 || days > TOKEN_MAX_DAYS) throw new AppError("bad_request", `expiresInDays: a whole number from 1 to ${TOKEN_MAX_DAYS}`);
  const token = generateToken(API_TOKEN_PREFIX);
  const prefix = token.slice(0, API_TOKEN_PREFIX.length + 6);
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  const scope = options.scope ?? "full";
  const row = await db.apiToken.create({ data: { userId: options.userId, name: options.name, prefix, tokenHash: hashToken(token), scope, expiresAt } });
  return { token, info: { id: row.id, name: row.name, prefix: row.prefix, scope, createdAt: row.createdAt, lastUsedAt: null, expiresAt } };
}

/** The user's live tokens (not revoked, not expired). */
export async function listApiTokens(db: Db, options: { userId: number }): Promise<ApiTokenInfo[]> {
  return db.$queryRaw<ApiTokenInfo[]>`
    SELECT id, name, prefix, scope, created_at AS "createdAt", last_used_at AS "lastUsedAt", expires_at AS "expiresAt"
    FROM api_token
    WHERE user_id = ${options.userId} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
    ORDER BY created_at DESC`;
}

export async function revokeApiToken(db: Db, options: { userId: number; id: number }): Promise<void> {
  const n = await db.$executeRaw`
    UPDATE api_token SET revoked_at = now() WHERE id = ${options.id} AND user_id = ${options.userId} AND revoked_at IS NULL`;
  if (n === 0) throw new AppError("not_found", "No such token");
}

/** The user behind `Authorization: Bearer psk_...` and the token's scope, or null (unknown, revoked, expired, disabled user). */
export async function findTokenUser(db: Db, options: { token: string }): Promise<{ user: AuthUser; scope: AuthScope } | null> {
  if (!options.token.startsWith(API_TOKEN_PREFIX) || options.token.length > 200) return null;
  const tokenHash = hashToken(options.token);
  const rows = await db.$queryRaw<{ id: number; email: string; role: Role; scope: AuthScope; stale: boolean }[]>`
    SELECT u.id, u.email, u.role, t.scope, (t.last_used_at IS NULL OR t.last_used_at < now() - interval '10 minutes') AS stale
    FROM api_token t JOIN app_user u ON u.id = t.user_id
    WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
      AND u.disabled_at IS NULL`;
  const row = rows[0];
  if (!row) return null;
  if (row.stale) await db.$executeRaw`UPDATE api_token SET last_used_at = now() WHERE token_hash = ${tokenHash}`;
  return { user: { id: row.id, email: row.email, role: row.role }, scope: row.scope };
}
