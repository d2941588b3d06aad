/**
 * Security headers for every response; the lead mounts them in next.config.ts:
 *   async headers() { return [{ source: "/:path*", headers: securityHeaders(process.env.NODE_ENV !== "production") }] }
 *
 * CSP notes: Next's App Router emits inline bootstrap scripts and the theme script is inline, so script-src needs
 * 'unsafe-inline' unless every page uses nonces (which forces dynamic rendering); ECharts sets inline styles.
 * frame-ancestors 'none' (+ X-Frame-Options for old browsers) stops clickjacking of the admin pages; the tfjs
 * wasm backend runs on the server only, so the browser needs no 'wasm-unsafe-eval'. Dev mode (React refresh)
 * needs 'unsafe-eval' and a websocket.
 */
export function contentSecurityPolicy(dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
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

export function securityHeaders(dev = false): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(dev) },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
}
