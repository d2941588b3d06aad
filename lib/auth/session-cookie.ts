import type { NextResponse } from "next/server";
import { cookieSecure, SESSION_COOKIE } from "@/lib/auth/config";

/** httpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site POSTs), Secure behind https. */
export function setSessionCookie(response: NextResponse, request: { url: string; headers: Headers }, token: string, expiresAt: Date) {
  response.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: cookieSecure(request),
    path: "/",
    expires: expiresAt,
  });
}

export function clearSessionCookie(response: NextResponse, request: { url: string; headers: Headers }) {
  response.cookies.set(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure: cookieSecure(request), path: "/", maxAge: 0 });
}
