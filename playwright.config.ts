import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
// One fresh embedded database per run (the start script seeds the sample data into it). Workers re-read this
// file, so the folder is fixed once in the environment they inherit.
process.env.E2E_PGLITE_DIR ??= path.join("test-results", `e2e-pglite-${Date.now()}`);
// The suite runs on the embedded database unless E2E_DATABASE_URL names a PostgreSQL to use instead.
const databaseUrl = process.env.E2E_DATABASE_URL;
if (!databaseUrl) delete process.env.DATABASE_URL;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  globalTeardown: "./e2e/global-teardown.ts",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL: `http://localhost:${port}`,
    // The desktop size (e2e/helpers.ts DESKTOP); phones are 390x844 (PHONE) where a spec asks.
    viewport: { width: 1400, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    },
  },
  webServer: {
    command: "npm start",
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      PGLITE_PORT: process.env.E2E_PGLITE_PORT ?? "5599",
      PGLITE_DIR: process.env.E2E_PGLITE_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      // The first admin comes from ADMIN_* (the /setup screen would need the setup token from the server's log).
      ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL ?? "admin@patternscope.test",
      ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password",
      // Saved-search webhooks may call the test's own receiver on loopback (refused by default).
      WEBHOOK_ALLOW_PRIVATE: "true",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  },
});
