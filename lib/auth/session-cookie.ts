import { createHmac } from "node:crypto";
import type { NextResponse } from "next/server";
import { cookieSecure, SECURE_SESSION_COOKIE, SESSION_COOKIE } from "@/lib/auth/config";
import { safeEqual } from "@/lib/auth/tokens";
import { getEnv } from "@/lib/env";

type RequestLike = { url?: string; headers: Headers };

/**
 * With SESSION_SECRET set the cookie carries `<token>.<HMAC-SHA256(secret, token)>`: a cookie not signed with the
 * current secret is refused before any database lookup, and changing the secret signs everybody out. Without it
 * (a workstation's `npm start`) the cookie is the bare random token, which is still unguessable.
 */
function signature(token: string, secret: string): string {
  return createHmac("sha256", secret).update(token).digest("base64url");
}

function sessionSecret(): string | undefined {
  return getEnv().SESSION_SECRET;
}

function sessionCookieValue(token: string): string {
  const secret = sessionSecret();
  return secret ? `${token}.${signature(token, secret)}` : token;
}

/** The raw session token of a cookie value, or null when it is malformed or not signed with the current secret. */
function tokenFromCookieValue(value: string): string | null {
  const secret = sessionSecret();
  const [token, sig, ...extra] = value.split(".");
  if (!token || extra.length > 0 || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  if (!secret) return sig === undefined ? token : null;
  return sig !== undefined && safeEqual(sig, signature(token, secret)) ? token : null;
}

/**
 * The session token a request carries, or null: never throws, so a mangled cookie is "no session" (401 or the
 * sign-in page), not a 500. Behind TLS only the `__Host-` cookie counts; the plain name serves plain http.
 */
export function sessionTokenFrom(request: RequestLike): string | null {
  const cookie = request.headers.get("cookie");
  if (!cookie) return null;
  const values = new Map<string, string>();
  for (const part of cookie.split(";")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    if (!values.has(name)) values.set(name, part.slice(at + 1).trim());
  }
  const raw = values.get(SECURE_SESSION_COOKIE) ?? (cookieSecure(request) ? undefined : values.get(SESSION_COOKIE));
  if (raw === undefined) return null;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return tokenFromCookieValue(value);
}

/** httpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site POSTs), Secure and `__Host-` behind https. */
export function setSessionCookie(response: NextResponse, request: RequestLike, token: string, expiresAt: Date) {
  const secure = cookieSecure(request);
  response.cookies.set(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, sessionCookieValue(token), {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    expires: expiresAt,
  });
}

export function clearSessionCookie(response: NextResponse, request: RequestLike) {
  const secure = cookieSecure(request);
  response.cookies.set(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: 0 });
}
