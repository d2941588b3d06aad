// Page answers carry a CSP whose script-src is a fresh per-request nonce (no 'unsafe-inline'), and every script
// tag of the page carries that nonce; HSTS is sent only when the browser came over TLS, which X-Forwarded-Proto
// can claim only from a trusted proxy: a direct client's header is ignored here, and a second server started
// with TRUST_PROXY=loopback (so this check's own requests count as from its proxy) sends HSTS for https only.
import { spawn } from "node:child_process";
import net from "node:net";

const base = process.env.BASE_URL;
let ok = true;
const fail = (message) => {
  console.log(`  FAIL ${message}`);
  ok = false;
};

async function page(url, headers = {}) {
  const response = await fetch(url, { headers });
  const csp = response.headers.get("content-security-policy") ?? "";
  const html = await response.text();
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  const unsealed = scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`));
  return { status: response.status, csp, scriptSrc, nonce, scripts, unsealed, hsts: response.headers.get("strict-transport-security") };
}

for (const path of ["/", "/search", "/signin"]) {
  const a = await page(base + path);
  const b = await page(base + path);
  console.log(`  ${path} -> ${a.status}, script-src ${a.scriptSrc}; ${a.scripts.length} script tags, ${a.unsealed.length} without the nonce`);
  if (a.status !== 200) fail(`${path} answered ${a.status}`);
  if (!a.nonce || a.nonce === b.nonce) fail(`${path}: no nonce, or the same nonce twice (${a.nonce}, ${b.nonce})`);
  if (/unsafe-inline/.test(a.scriptSrc)) fail(`${path}: script-src allows 'unsafe-inline'`);
  if (a.scripts.length === 0 || a.unsealed.length) fail(`${path}: script tags without the nonce: ${a.unsealed.slice(0, 2).join(" ")}`);
  if (!/frame-ancestors 'none'/.test(a.csp)) fail(`${path}: no frame-ancestors`);
}
const api = await fetch(`${base}/api/health`);
const apiCsp = api.headers.get("content-security-policy") ?? "";
if (!/script-src 'self'(;|$)/.test(apiCsp)) fail(`/api/health CSP: ${apiCsp}`);

const direct = await page(`${base}/`, { "x-forwarded-proto": "https" });
console.log(`  direct client claiming https: HSTS ${direct.hsts ?? "absent"}`);
if (direct.hsts) fail("HSTS sent because a direct client claimed https");

// The same app folder, now behind a "proxy" on loopback, on a free port (Next reads PORT=0 as its default 3000).
const port = await new Promise((resolve) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const server = spawn(process.execPath, ["server.js"], {
  cwd: process.env.APP_DIR,
  env: { PATH: process.env.PATH, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOSTNAME: "127.0.0.1", DATABASE_URL: process.env.DATABASE_URL, PATTERNSCOPE_WARMUP: "false", TRUST_PROXY: "loopback" },
  stdio: ["ignore", "pipe", "pipe"],
});
try {
  const proxied = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`second server did not start: ${out}`)), 60_000);
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /Local:\s+(http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on("exit", (code) => reject(new Error(`second server exited ${code}: ${out}`)));
  });
  // Ready first, as a readiness probe would see it: requests that reach the socket while Next is still starting
  // (before instrumentation.ts installed the address stamp) count as from an unknown address, so get no HSTS.
  for (let i = 0; i < 60; i++) {
    const health = await fetch(`${proxied}/api/health`).catch(() => null);
    if (health?.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const https = await page(`${proxied}/`, { "x-forwarded-proto": "https" });
  const http = await page(`${proxied}/`, { "x-forwarded-proto": "http" });
  console.log(`  behind a trusted proxy: https -> HSTS ${https.hsts ?? "absent"}; http -> HSTS ${http.hsts ?? "absent"}`);
  if (!/^max-age=\d{7,}/.test(https.hsts ?? "")) fail("no HSTS over https from a trusted proxy");
  if (http.hsts) fail("HSTS over plain http");
} catch (error) {
  fail(error.message);
} finally {
  server.kill();
}
process.exit(ok ? 0 : 1);
