import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PGLITE_PORT: z.coerce.number().int().min(1).max(65535).default(5499),
  PGLITE_DIR: z.string().default("./data/pglite"),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
  /** Client-side limit on one query, so a frozen database answers 503 instead of holding requests; 0 = none. */
  DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Key of the HMAC over the session id in the cookie (lib/auth/session-cookie.ts); changing it signs everybody out. */
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)").optional(),
  /** Where a start without any admin writes the one-time /setup token (0600); the log shows it too. */
  SETUP_TOKEN_FILE: z.string().default("./data/setup-token"),
  NODE_ENV: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Environment read once and validated; a bad value fails at start with a clear message. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** The URL of the embedded PGlite socket that `npm start` serves when DATABASE_URL is unset. */
export function embeddedDatabaseUrl(env: Env = getEnv()): string {
  return `postgresql://postgres@127.0.0.1:${env.PGLITE_PORT}/postgres?sslmode=disable`;
}

export function isEmbedded(env: Env = getEnv()): boolean {
  return !env.DATABASE_URL;
}

export function resolveDatabaseUrl(env: Env = getEnv()): string {
  return env.DATABASE_URL ?? embeddedDatabaseUrl(env);
}
