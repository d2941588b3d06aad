import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { emailSchema } from "@/lib/auth/config";
import { createUser } from "@/lib/auth/create-user";
import { countUsers } from "@/lib/auth/find-user";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { issueSetupToken } from "@/lib/auth/setup-token";

export type FirstAdminResult = { created: boolean; reason: string };

/** Thrown when ADMIN_EMAIL / ADMIN_PASSWORD are set but cannot make an admin: the process must not start. */
export class FirstAdminConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FirstAdminConfigError";
  }
}

/** Checks ADMIN_EMAIL / ADMIN_PASSWORD; returns them normalised, or null when neither is set. */
export function firstAdminFromEnv(email: string | undefined, password: string | undefined): { email: string; password: string } | null {
  if (!email && !password) return null;
  if (!email) throw new FirstAdminConfigError("ADMIN_PASSWORD is set but ADMIN_EMAIL is not: set both, or neither to use /setup");
  if (!password) throw new FirstAdminConfigError("ADMIN_EMAIL is set but ADMIN_PASSWORD is not: set both, or neither to use /setup");
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) throw new FirstAdminConfigError(`ADMIN_EMAIL is not a valid email address: ${JSON.stringify(email)}`);
  if (password.length < PASSWORD_MIN_LENGTH) throw new FirstAdminConfigError(`ADMIN_PASSWORD is too short: at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) throw new FirstAdminConfigError(`ADMIN_PASSWORD is too long: at most ${PASSWORD_MAX_LENGTH} characters`);
  return { email: parsed.data, password };
}

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists yet; throws FirstAdminConfigError
 * when they are set but unusable. An existing admin is never touched, so changing ADMIN_PASSWORD later does not
 * reset anyone's password. Several processes starting at once (web replicas, the worker) race safely: the
 * unique email index lets one create it and the others see it.
 */
export async function ensureFirstAdmin(
  db: Db,
  options: { email?: string; password?: string; log?: (line: string) => void } = {},
): Promise<FirstAdminResult> {
  const wanted = firstAdminFromEnv(options.email ?? process.env.ADMIN_EMAIL, options.password ?? process.env.ADMIN_PASSWORD);
  if ((await countUsers(db)).admins > 0) return { created: false, reason: "an admin already exists" };
  if (!wanted) return { created: false, reason: "no ADMIN_EMAIL/ADMIN_PASSWORD" };
  try {
    await createUser(db, { ...wanted, role: "admin" });
  } catch (error) {
    if (!(error instanceof AppError && error.code === "conflict")) throw error;
    if ((await countUsers(db)).admins > 0) return { created: false, reason: "an admin already exists" };
    throw new FirstAdminConfigError(`ADMIN_EMAIL ${wanted.email} belongs to an existing non-admin account: make it an admin or choose another email`);
  }
  options.log?.(`created the first admin ${wanted.email} from ADMIN_EMAIL`);
  return { created: true, reason: "created from ADMIN_EMAIL" };
}

/**
 * What every web start path runs before serving: the admin from ADMIN_*, else (no admin at all) a one-time setup
 * token for /setup, printed to the log and written to a 0600 file.
 */
export async function prepareFirstRun(db: Db, options: { log: (line: string) => void; setupTokenFile?: string }): Promise<FirstAdminResult & { setupToken?: string }> {
  const result = await ensureFirstAdmin(db, { log: options.log });
  if (result.created || (await countUsers(db)).admins > 0) return result;
  const { token, file } = await issueSetupToken(db, { file: options.setupTokenFile, log: options.log });
  options.log(`No admin exists yet. Open /setup and enter this setup token to create the first admin: ${token}`);
  if (file) options.log(`(the token is also in ${file}; it works once and stops working when an admin exists)`);
  return { ...result, setupToken: token };
}
