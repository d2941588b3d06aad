import { NextResponse, type NextRequest } from "next/server";
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { requireLogin } from "@/lib/auth/config";
import { servedOverTls } from "@/lib/auth/client-ip";
import { isPublicPath } from "@/lib/auth/public-paths";
import { HSTS_VALUE, contentSecurityPolicy, createNonce } from "@/lib/auth/security-headers";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { db } from "@/lib/db";

/** Signing in needs the database: while it is down, say so (503) instead of treating a valid token as none. */
type Gate = { auth: Awaited<ReturnType<typeof authenticateRequest>> } | { down: true };

async function authenticate(request: NextRequest): Promise<Gate> {
  try {
    return { auth: await authenticateRequest(db, request) };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { down: true };
    return { auth: null };
  }
}

const UNAVAILABLE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>503 · Patternscope</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2937">
<h1 style="font-size:1.25rem">Patternscope is briefly unavailable</h1><p>The database is not answering. Try again in a few seconds.</p></body></html>`;

function unavailable() {
  return new NextResponse(UNAVAILABLE_HTML, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "5" } });
}

/**
 * REQUIRE_LOGIN=true: chart and search pages need a signed-in user (session cookie) or a personal API token
 * (`Authorization: Bearer psk_...`); others are redirected to /signin. Without the variable this returns at once
 * and the app stays open, as the issue asks. The API is gated by its route wrappers (see `config`), and admin
 * pages check roles again while rendering, so this is not the only gate.
 */
export async function proxy(request: NextRequest) {
  // Every page answer carries a CSP with its own nonce, and HSTS when the browser came over TLS.
  const csp = contentSecurityPolicy({ nonce: createNonce(), dev: process.env.NODE_ENV === "development" });
  const response = await gatePage(request, csp);
  response.headers.set("Content-Security-Policy", csp);
  if (servedOverTls(request.headers)) response.headers.set("Strict-Transport-Security", HSTS_VALUE);
  return response;
}

async function gatePage(request: NextRequest, csp: string): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  if (isAdminPage(pathname)) return gateAdminPage(request, csp);
  if (!requireLogin() || isPublicPath(pathname)) return render(request, csp);
  const gate = await authenticate(request);
  if ("down" in gate) return unavailable();
  if (gate.auth) return render(request, csp);
  return redirectToSignIn(request);
}

/** Lets the page render, handing it the CSP: Next takes the nonce for its scripts from it, the layout from x-nonce. */
function render(request: NextRequest, csp: string): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  headers.set("x-nonce", /'nonce-([^']+)'/.exec(csp)![1]!);
  return NextResponse.next({ request: { headers } });
}

function redirectToSignIn(request: NextRequest) {
  const url = request.nextUrl.clone();
  url.pathname = "/signin";
  url.search = `?next=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

/**
 * The admin pages answer with a real HTTP status: anonymous visitors are sent to sign in here; a signed-in
 * non-admin gets 403 from the page itself (requireAdminPage calls forbidden()), which renders app/forbidden.tsx
 * inside the app's header and layout.
 */
async function gateAdminPage(request: NextRequest, csp: string) {
  const gate = await authenticate(request);
  if ("down" in gate) return unavailable();
  if (!gate.auth) return redirectToSignIn(request);
  return render(request, csp);
}

export function isAdminPage(pathname: string): boolean {
  return /^\/(settings|data|users)(\/|$)/.test(pathname);
}

/**
 * Pages only. Next buffers (and past proxyClientMaxBodySize, 10 MB, silently truncates) the body of every request
 * the proxy matches, so API routes stay outside it: their bodies stream to the handler, and withHandler/withRole
 * apply REQUIRE_LOGIN and roles themselves.
 */
export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
