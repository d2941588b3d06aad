/**
 * The Content-Security-Policy. Pages get a fresh nonce per request from proxy.ts: Next reads it from the request's
 * CSP header and puts it on its own scripts (the inline RSC payload and the chunk tags), the layout puts it on the
 * theme script, and 'strict-dynamic' lets those load the chunks they import. So script-src needs no
 * 'unsafe-inline'. Answers without a nonce (API, assets) allow no inline script at all. ECharts sets inline
 * styles, hence style-src 'unsafe-inline'. frame-ancestors 'none' (+ X-Frame-Options) stops clickjacking; the tfjs
 * wasm backend runs on the server only. Dev mode (React refresh) needs 'unsafe-eval' and a websocket.
 */
export function contentSecurityPolicy({ nonce, dev = false }: { nonce?: string; dev?: boolean } = {}): string {
  const scripts = nonce ? `'self' 'nonce-${nonce}' 'strict-dynamic'` : "'self'";
  return [
    "default-src 'self'",
    `script-src ${scripts}${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A nonce for one page answer: 128 random bits, base64. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** One year, the usual preload minimum; without includeSubDomains, so other hosts of the domain are not bound. */
export const HSTS_VALUE = "max-age=31536000";

/** Headers for every answer, mounted in next.config.ts; the CSP is added per path there (pages get theirs from proxy.ts). */
export function securityHeaders(): { key: string; value: string }[] {
  return [
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
}
