// Docker HEALTHCHECK: the slim image has no curl. A container running the web server is healthy when
// /api/health answers 200. Other roles (worker, migrate) serve no HTTP, so they count as healthy while they run
// (Kubernetes ignores HEALTHCHECK and uses the chart's probes instead).
import fs from "node:fs";

function runsWebServer() {
  for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").some((arg) => arg.endsWith("server.js"))) return true;
    } catch {
      // the process ended while we looked
    }
  }
  return false;
}

if (fs.existsSync("/proc") && !runsWebServer()) process.exit(0);

const port = process.env.PORT ?? "3000";
try {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(4000) });
  process.exit(response.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
