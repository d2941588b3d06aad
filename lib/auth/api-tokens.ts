import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/api/app-error";
import type { Role } from "@/lib/auth/config";
import { API_TOKEN_PREFIX, generateToken, hashToken } from "@/lib/auth/tokens";
import type { AuthUser } from "@/lib/auth/types";

export type ApiTokenInfo = { id: number; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null };

/** Creates a personal API token. The raw token is returned once and never stored (only its SHA-256). */
export async function createApiToken(db: Db, options: { userId: number; name: string }): Promise<{ token: string; info: ApiTokenInfo }> {
  const token = generateToken(API_TOKEN_PREFIX);
  const prefix = token.slice(0, API_TOKEN_PREFIX.length + 6);
  const row = await db.apiToken.create({ data: { userId: options.userId, name: options.name, prefix, tokenHash: hashToken(token) } });
  return { token, info: { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, lastUsedAt: null } };
}

export async function listApiTokens(db: Db, options: { userId: number }): Promise<ApiTokenInfo[]> {
  return db.$queryRaw<ApiTokenInfo[]>`
    SELECT id, name, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt"
    FROM api_token WHERE user_id = ${options.userId} AND revoked_at IS NULL ORDER BY created_at DESC`;
}

export async function revokeApiToken(db: Db, options: { userId: number; id: number }): Promise<void> {
  const n = await db.$executeRaw`
    UPDATE api_token SET revoked_at = now() WHERE id = ${options.id} AND user_id = ${options.userId} AND revoked_at IS NULL`;
  if (n === 0) throw new AppError("not_found", "No such token");
}

/** The user behind `Authorization: Bearer psk_...`, or null. */
export async function findTokenUser(db: Db, options: { token: string }): Promise<AuthUser | null> {
  if (!options.token.startsWith(API_TOKEN_PREFIX) || options.token.length > 200) return null;
  const tokenHash = hashToken(options.token);
  const rows = await db.$queryRaw<{ id: number; email: string; role: Role; stale: boolean }[]>`
    SELECT u.id, u.email, u.role, (t.last_used_at IS NULL OR t.last_used_at < now() - interval '10 minutes') AS stale
    FROM api_token t JOIN app_user u ON u.id = t.user_id
    WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL`;
  const row = rows[0];
  if (!row) return null;
  if (row.stale) await db.$executeRaw`UPDATE api_token SET last_used_at = now() WHERE token_hash = ${tokenHash}`;
  return { id: row.id, email: row.email, role: row.role };
}
