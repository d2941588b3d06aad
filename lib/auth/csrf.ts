/**
 * CSRF check for state-changing requests authenticated by the session cookie.
 *
 * Design: the session cookie is SameSite=Lax (browsers do not send it on cross-site POSTs) and, as the second
 * layer, every unsafe method must come from our own origin: Fetch Metadata `Sec-Fetch-Site` must be `same-origin`
 * (or `none`: typed by the user), and where a browser does not send it, `Origin` must equal the server's origin.
 * A request with neither header is refused when it carries the cookie: browsers always send one of them on a
 * POST, so only a non-browser client can omit both, and those should use a bearer token, which a third-party
 * page cannot attach and so needs no CSRF check. This avoids a token round-trip in every form and fetch.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type CsrfResult = { ok: true } | { ok: false; reason: string };

export function expectedOrigin(request: { url: string; headers: Headers }): string {
  const url = new URL(request.url);
  // Behind a reverse proxy the Host the browser used arrives as X-Forwarded-Host / -Proto.
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() ?? request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? url.protocol.replace(":", "");
  return `${proto}://${host}`;
}

export function checkCsrf(request: { method: string; url: string; headers: Headers }): CsrfResult {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return { ok: true };
  const site = request.headers.get("sec-fetch-site");
  if (site) {
    return site === "same-origin" || site === "none" ? { ok: true } : { ok: false, reason: `cross-site request (Sec-Fetch-Site: ${site})` };
  }
  const origin = request.headers.get("origin");
  if (origin) {
    return origin === expectedOrigin(request) ? { ok: true } : { ok: false, reason: `cross-origin request from ${origin}` };
  }
  return { ok: false, reason: "missing Origin header on a state-changing request" };
}
