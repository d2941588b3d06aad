import { NextResponse, type NextRequest } from "next/server";
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { requireLogin } from "@/lib/auth/config";
import { isPublicPath } from "@/lib/auth/public-paths";
import { db } from "@/lib/db";

/**
 * REQUIRE_LOGIN=true: charts, search and the read API need a signed-in user (session cookie) or a personal API
 * token (`Authorization: Bearer psk_...`). Pages redirect to /signin, API calls get 401 JSON. Without the
 * variable this returns at once and the app stays open, as the issue asks. Admin routes check roles themselves
 * (withAdmin, and the admin pages), so this is not the only gate.
 */
export async function proxy(request: NextRequest) {
  if (!requireLogin() || isPublicPath(request.nextUrl.pathname)) return NextResponse.next();
  const auth = await authenticateRequest(db, request).catch(() => null);
  if (auth) return NextResponse.next();
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json(
      { error: { code: "unauthorized", message: "This server requires sign-in: send a session cookie or Authorization: Bearer <token>" } },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="patternscope"' } },
    );
  }
  const url = request.nextUrl.clone();
  url.pathname = "/signin";
  url.search = `?next=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
