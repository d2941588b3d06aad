import { z } from "zod";
import { getEnv } from "@/lib/env";

/** The session cookie's name over plain http (a workstation); behind TLS it is SECURE_SESSION_COOKIE. */
export const SESSION_COOKIE = "ps_session";
/**
 * `__Host-` makes the browser accept the cookie only with Secure, Path=/ and no Domain, so a sibling subdomain
 * cannot plant (toss) a session cookie of its choosing on us.
 */
export const SECURE_SESSION_COOKIE = "__Host-ps_session";
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export type Role = "admin" | "investor";
export const roleSchema = z.enum(["admin", "investor"]);

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "a valid email address" }));

/** REQUIRE_LOGIN=true closes charts and search to anonymous visitors (an investor session or a bearer token). */
export function requireLogin(): boolean {
  return getEnv().REQUIRE_LOGIN ?? false;
}

/**
 * Whether cookies get the Secure flag. Behind TLS (directly or via a proxy that sets X-Forwarded-Proto) they do;
 * plain http on localhost cannot use Secure cookies, so there they don't. COOKIE_SECURE=true|false overrides.
 */
export function cookieSecure(request: { url?: string; headers: Headers }): boolean {
  const forced = getEnv().COOKIE_SECURE;
  if (forced !== undefined) return forced;
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (proto) return proto === "https";
  return request.url ? new URL(request.url).protocol === "https:" : false;
}
