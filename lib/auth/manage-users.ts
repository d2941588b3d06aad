import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/admin/record-audit";
import type { Role } from "@/lib/auth/config";
import { createUser } from "@/lib/auth/create-user";
import { hashPassword, PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { generateToken } from "@/lib/auth/tokens";
import type { AuthUser } from "@/lib/auth/types";

export type ManagedUser = {
  id: number;
  email: string;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
  lastSeenAt: Date | null;
  sessions: number;
  tokens: number;
};

export async function listUsers(db: Db): Promise<ManagedUser[]> {
  return db.$queryRaw<ManagedUser[]>`
    SELECT u.id, u.email, u.role, u.created_at AS "createdAt", u.disabled_at AS "disabledAt",
           (SELECT max(s.last_seen_at) FROM user_session s WHERE s.user_id = u.id) AS "lastSeenAt",
           (SELECT count(*)::int FROM user_session s WHERE s.user_id = u.id AND s.expires_at > now()) AS sessions,
           (SELECT count(*)::int FROM api_token t WHERE t.user_id = u.id AND t.revoked_at IS NULL
              AND (t.expires_at IS NULL OR t.expires_at > now())) AS tokens
    FROM app_user u ORDER BY u.email`;
}

/** A password for "create" and "reset" when the admin does not choose one: 18 random characters, shown once. */
function generatedPassword(): string {
  return generateToken().slice(0, 18);
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type Target = { id: number; email: string; role: Role; disabled: boolean };

/**
 * Runs a change to one user under a lock that every admin-removing change takes, so two admins demoting each
 * other at the same moment cannot leave the server without an active admin.
 */
async function changeUser<T>(db: Db, id: number, change: (tx: Tx, target: Target) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(72616002)::text`;
    const rows = await tx.$queryRaw<Target[]>`SELECT id, email, role, disabled_at IS NOT NULL AS disabled FROM app_user WHERE id = ${id}`;
    if (!rows[0]) throw new AppError("not_found", `No user with id ${id}`);
    return change(tx, rows[0]);
  });
}

async function assertNotLastAdmin(tx: Tx, target: Target, doing: string) {
  if (target.role !== "admin" || target.disabled) return;
  const others = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND disabled_at IS NULL AND id <> ${target.id}`;
  if ((others[0]?.n ?? 0) === 0) {
    throw new AppError("conflict", `${target.email} is the last active admin: make another user an admin before you ${doing} them`);
  }
}

function assertNotSelf(actor: AuthUser, target: Target, doing: string) {
  if (actor.id === target.id) throw new AppError("conflict", `You cannot ${doing} your own account here; ask another admin`);
}

export async function createUserByAdmin(
  db: Db,
  options: { actor: AuthUser; email: string; role: Role; password?: string },
): Promise<{ user: AuthUser; generatedPassword?: string }> {
  const generated = options.password ? undefined : generatedPassword();
  const user = await createUser(db, { email: options.email, role: options.role, password: options.password ?? generated! });
  await recordAudit(db, { user: options.actor, action: "user.create", target: user.email, details: { role: user.role, generatedPassword: !!generated } });
  return { user, ...(generated ? { generatedPassword: generated } : {}) };
}

export async function setUserRole(db: Db, options: { actor: AuthUser; id: number; role: Role }): Promise<void> {
  await changeUser(db, options.id, async (tx, target) => {
    if (target.role === options.role) return;
    if (options.role !== "admin") {
      assertNotSelf(options.actor, target, "demote");
      await assertNotLastAdmin(tx, target, "demote");
    }
    await tx.$executeRaw`UPDATE app_user SET role = ${options.role}, updated_at = now() WHERE id = ${target.id}`;
    await recordAudit(tx, { user: options.actor, action: "user.role", target: target.email, details: { from: target.role, to: options.role } });
  });
}

/** Disabling ends the user's sessions at once; their tokens stop working because every lookup checks disabled_at. */
export async function setUserDisabled(db: Db, options: { actor: AuthUser; id: number; disabled: boolean }): Promise<void> {
  await changeUser(db, options.id, async (tx, target) => {
    if (target.disabled === options.disabled) return;
    if (options.disabled) {
      assertNotSelf(options.actor, target, "disable");
      await assertNotLastAdmin(tx, target, "disable");
      await tx.$executeRaw`UPDATE app_user SET disabled_at = now(), updated_at = now() WHERE id = ${target.id}`;
      await tx.$executeRaw`DELETE FROM user_session WHERE user_id = ${target.id}`;
    } else {
      await tx.$executeRaw`UPDATE app_user SET disabled_at = NULL, updated_at = now() WHERE id = ${target.id}`;
    }
    await recordAudit(tx, { user: options.actor, action: options.disabled ? "user.disable" : "user.enable", target: target.email });
  });
}

/** Deletes the account with its sessions and tokens (ON DELETE CASCADE); the audit log keeps its email. */
export async function deleteUser(db: Db, options: { actor: AuthUser; id: number }): Promise<void> {
  await changeUser(db, options.id, async (tx, target) => {
    assertNotSelf(options.actor, target, "delete");
    await assertNotLastAdmin(tx, target, "delete");
    await tx.$executeRaw`DELETE FROM app_user WHERE id = ${target.id}`;
    await recordAudit(tx, { user: options.actor, action: "user.delete", target: target.email, details: { role: target.role } });
  });
}

/** An admin sets a new password (or has one generated); every session of that user ends. */
export async function resetUserPassword(db: Db, options: { actor: AuthUser; id: number; password?: string }): Promise<{ generatedPassword?: string }> {
  if (options.password !== undefined && options.password.length < PASSWORD_MIN_LENGTH) {
    throw new AppError("bad_request", `password: at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  const generated = options.password === undefined ? generatedPassword() : undefined;
  const passwordHash = await hashPassword(options.password ?? generated!);
  await changeUser(db, options.id, async (tx, target) => {
    await tx.$executeRaw`UPDATE app_user SET password_hash = ${passwordHash}, updated_at = now() WHERE id = ${target.id}`;
    await tx.$executeRaw`DELETE FROM user_session WHERE user_id = ${target.id}`;
    await recordAudit(tx, { user: options.actor, action: "user.password-reset", target: target.email, details: { generated: !!generated } });
  });
  return generated ? { generatedPassword: generated } : {};
}
