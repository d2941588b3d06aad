import type { NextConfig } from "next";
import { securityHeaders } from "./lib/auth/security-headers";

const nextConfig: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(process.env.NODE_ENV !== "production") }];
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
