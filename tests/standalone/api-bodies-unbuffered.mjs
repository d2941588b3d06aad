// API bodies bypass proxy.ts: Next buffers the body of every request its proxy matches and cuts it at 10 MB
// (proxyClientMaxBodySize), logging "Request body exceeded". An 11 MB body to an API route must reach the route
// (which answers its own 413) without that, while pages still pass through the proxy (the admin-page gate).
import fs from "node:fs";

const base = process.env.BASE_URL;
const body = new Uint8Array(11_000_000).fill(32);
const response = await fetch(`${base}/api/search`, { method: "POST", headers: { "content-type": "application/json" }, body });
const answer = await response.json().catch(() => null);
await new Promise((resolve) => setTimeout(resolve, 500));
const buffered = fs.readFileSync(process.env.SERVER_LOG, "utf8").split("\n").filter((line) => /Request body exceeded/.test(line));
const page = await fetch(`${base}/settings`, { redirect: "manual" });
console.log(`  11 MB POST /api/search -> ${response.status} ${answer?.error?.code ?? ""}; proxy buffering warnings: ${buffered.length}; GET /settings -> ${page.status} ${page.headers.get("location") ?? ""}`);
process.exit(response.status === 413 && buffered.length === 0 && page.status === 307 && /\/signin/.test(page.headers.get("location") ?? "") ? 0 : 1);
