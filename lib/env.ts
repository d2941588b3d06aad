import { z } from "zod";
import { parseTrustProxy } from "@/lib/trust-proxy";

/** A whole number setting. */
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

/** A yes/no setting: 1/true/yes or 0/false/no (any case); unset is undefined, anything else an error. */
const flag = z.preprocess(
  (v) => (typeof v === "string" ? v.toLowerCase() : v),
  z.enum(["1", "true", "yes", "0", "false", "no"]).optional().transform((v) => (v === undefined ? undefined : v === "1" || v === "true" || v === "yes")),
);


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
  /** Largest admin upload (all files of one request together), in MB. */
  UPLOAD_MAX_MB: z.coerce.number().positive().max(1_000_000).default(200),
  /** Largest size a .gz import file may expand to, in MB. */
  IMPORT_GZIP_MAX_MB: z.coerce.number().positive().max(1_000_000).default(1024),
  /** Largest expansion ratio of a .gz import file past 64 MB of output (price CSVs compress 3-10x; gzip bombs expand about 1000x). */
  IMPORT_GZIP_MAX_RATIO: z.coerce.number().min(1).max(100_000).default(50),
  NODE_ENV: z.string().optional(),
  /** Charts and search need a session or an API token (lib/auth/config.ts). */
  REQUIRE_LOGIN: flag,
  /** Force the Secure cookie flag on or off (otherwise it follows the request's protocol). */
  COOKIE_SECURE: flag,
  /** Provider endpoints (tests and mirrors). */
  YAHOO_BASE_URL: z.url().optional(),
  STOOQ_BASE_URL: z.url().optional(),
  // The search server (lib/search-server): capacity, per-client limit and deadline; 0 turns a limit off.
  SEARCH_CONCURRENCY: int(1).default(1),
  SEARCH_QUEUE: int(0).default(16),
  SEARCH_MAX_WAIT_MS: int(0).default(400),
  SEARCH_RATE_LIMIT: int(0).default(120),
  SEARCH_DEADLINE_MS: int(0).default(20_000),
  /** Where the search index is saved after a load from the database, and read back at the next start on unchanged data (unset: ./data/search-index in production, none otherwise; "off": never saved; lib/search-server/index-snapshot.ts). */
  SEARCH_INDEX_SNAPSHOT_DIR: z.string().optional(),
  PATTERNSCOPE_SEARCH_THREADS: int(1).optional(),
  PATTERNSCOPE_SEARCH_NICE: int(0, 19).default(10),
  // Webhooks (lib/webhooks): let them reach private and loopback addresses (tests, a receiver beside the server); tries before giving up.
  WEBHOOK_ALLOW_PRIVATE: z.enum(["", "0", "1", "false", "true"]).default("").transform((v) => v === "1" || v === "true"),
  WEBHOOK_ATTEMPTS: int(1, 20).default(6),
  PATTERNSCOPE_LOOP_STATS: z.enum(["", "0", "1", "false", "true"]).default("").transform((v) => v === "1" || v === "true"),
  TRUST_PROXY: z.string().optional().superRefine((value, ctx) => { try { parseTrustProxy(value); } catch (error) { ctx.addIssue({ code: "custom", message: (error as Error).message }); } }),
});

export type Env = z.infer<typeof envSchema>;

const KEYS = Object.keys(envSchema.shape) as (keyof Env)[];
let cached: { env: Env; signature: string } | undefined;

/**
 * The environment, validated; a bad value fails at start with a clear message, an empty one counts as unset. Parsed again only when one of its
 * variables changed (tests and scripts set them at run time), so reading it per request costs a string compare.
 */
export function getEnv(): Env {
  const signature = KEYS.map((k) => process.env[k] ?? "\u0000").join("\u0001");
  if (cached?.signature === signature) return cached.env;
  // an empty value counts as unset (FOO= in a compose file or a chart means "the default")
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = { env: parsed.data, signature };
  return parsed.data;
}

/** The URL of the embedded PGlite socket that `npm start` serves when DATABASE_URL is unset. */
function embeddedDatabaseUrl(env: Env = getEnv()): string {
  return `postgresql://postgres@127.0.0.1:${env.PGLITE_PORT}/postgres?sslmode=disable`;
}

export function isEmbedded(env: Env = getEnv()): boolean {
  return !env.DATABASE_URL;
}

export function resolveDatabaseUrl(env: Env = getEnv()): string {
  return env.DATABASE_URL ?? embeddedDatabaseUrl(env);
}
