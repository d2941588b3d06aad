import type { NextConfig } from "next";
import { contentSecurityPolicy, securityHeaders } from "./lib/auth/security-headers";

// Pages get their CSP (with a per-request nonce) from proxy.ts; what the proxy does not see gets a nonce-less one.
const staticCsp = [{ key: "Content-Security-Policy", value: contentSecurityPolicy({ dev: process.env.NODE_ENV !== "production" }) }];

const nextConfig: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // forbidden() (lib/auth/require-admin-page.ts): a signed-in non-admin gets 403 with the app's own page.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders() },
      { source: "/api/:path*", headers: staticCsp },
      { source: "/_next/:path*", headers: staticCsp },
      { source: "/favicon.ico", headers: staticCsp },
    ];
  },
  // tfjs must stay a runtime require so its .wasm files are found next to the package.
  serverExternalPackages: [
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-core",
    "@tensorflow/tfjs-layers",
    "@tensorflow/tfjs-backend-cpu",
    "@tensorflow/tfjs-backend-wasm",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
  ],
};

export default nextConfig;
