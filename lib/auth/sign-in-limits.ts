import { isIP } from "node:net";
import type { Db } from "@/lib/db/client";

/**
 * Sign-in limits kept in PostgreSQL, so every web replica counts the same attempts (a limiter in memory allowed
 * its limit once per replica and forgot everything on restart). Two keys per attempt, in 15-minute windows:
 * - the client address (30 attempts): slows spraying many accounts from one place;
 * - the email (10 attempts): slows guessing one account's password. It only locks addresses that have failed
 *   themselves: the right password from an address with no failures still gets in, so ten wrong passwords from
 *   anywhere cannot lock the admin out.
 * Attempts are counted before the password is checked (an atomic upsert per key), so parallel guesses cannot slip
 * past the count; a successful sign-in takes its attempt back.
 */
export const SIGN_IN_LIMITS = { perEmail: 10, perAddress: 30, windowMinutes: 15 } as const;

export type SignInKeys = { email: string; address: string };
export type SignInVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** One key per client address; IPv6 clients are keyed by their /64, the block one subscriber usually holds. */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return `ip:${address}`;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = address.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = [...headParts, ...Array(Math.max(0, 8 - headParts.length - tailParts.length)).fill("0"), ...tailParts];
  return `ip:${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

function keysOf(keys: SignInKeys): { email: string; address: string } {
  return { email: `email:${keys.email.trim().toLowerCase()}`, address: addressKey(keys.address) };
}

/** Adds one attempt to `key`'s window (a new window once the old one ended); returns the count and seconds left. */
async function bump(db: Db, key: string): Promise<{ attempts: number; retryAfter: number }> {
  const window = SIGN_IN_LIMITS.windowMinutes;
  const rows = await db.$queryRaw<{ attempts: number; retryAfter: number }[]>`
    INSERT INTO sign_in_limit AS l (key, attempts, window_start) VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN l.window_start <= now() - make_interval(mins => ${window}) THEN 1 ELSE l.attempts + 1 END,
      window_start = CASE WHEN l.window_start <= now() - make_interval(mins => ${window}) THEN now() ELSE l.window_start END
    RETURNING attempts, ceil(extract(epoch FROM l.window_start + make_interval(mins => ${window}) - now()))::int AS "retryAfter"`;
  return rows[0]!;
}

/**
 * Counts one attempt for the address, then (unless the address is over its limit, so a blocked sprayer cannot
 * fill the table with emails) for the email; says whether it may go on to the password check.
 */
export async function countSignInAttempt(db: Db, keys: SignInKeys): Promise<SignInVerdict> {
  const k = keysOf(keys);
  // Now and then, forget windows that have ended (sprayed emails would otherwise pile up).
  if (Math.random() < 0.02) await db.$executeRaw`DELETE FROM sign_in_limit WHERE window_start < now() - make_interval(mins => ${SIGN_IN_LIMITS.windowMinutes})`;
  const address = await bump(db, k.address);
  const addressBefore = address.attempts - 1;
  if (addressBefore >= SIGN_IN_LIMITS.perAddress) return { allowed: false, retryAfterSeconds: Math.max(1, address.retryAfter) };
  const email = await bump(db, k.email);
  if (email.attempts - 1 >= SIGN_IN_LIMITS.perEmail && addressBefore > 0) {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.min(email.retryAfter, address.retryAfter)) };
  }
  return { allowed: true };
}

/** The password was right: the email starts afresh and the address gets this attempt back. */
export async function forgiveSignInAttempt(db: Db, keys: SignInKeys): Promise<void> {
  const k = keysOf(keys);
  await db.$executeRaw`DELETE FROM sign_in_limit WHERE key = ${k.email}`;
  await db.$executeRaw`UPDATE sign_in_limit SET attempts = greatest(attempts - 1, 0) WHERE key = ${k.address}`;
}
