// The image's web role (docker-entrypoint.sh web, started by scripts/test-standalone.sh with ADMIN_EMAIL /
// ADMIN_PASSWORD) created the first admin, /setup is closed, the session cookie works through the real server,
// a malformed cookie is "no session"; on a fresh database the web start prints a setup token and writes it
// 0600; unusable ADMIN_* stop the web role before it serves.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const { BASE_URL, DATABASE_URL, APP_DIR } = process.env;
const ADMIN = { email: "standalone-admin@patternscope.test", password: "standalone-admin-password" };
let failures = 0;
const check = (ok, what) => {
  console.log(`  ${ok ? "ok" : "FAIL"}: ${what}`);
  if (!ok) failures++;
};
const query = async (url, sql) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};
const post = (p, body, headers = {}) =>
  fetch(BASE_URL + p, { method: "POST", headers: { "content-type": "application/json", origin: BASE_URL, ...headers }, body: JSON.stringify(body), redirect: "manual" });

// 1. The admin exists, made by the entry point from ADMIN_*.
const admins = await query(DATABASE_URL, "SELECT email FROM app_user WHERE role = 'admin'");
check(admins.length === 1 && admins[0].email === ADMIN.email, `the web role created the admin from ADMIN_* (${JSON.stringify(admins)})`);

// 2. /setup is closed: the API refuses, the page sends to sign-in.
const setup = await post("/api/auth/setup", { email: "intruder@example.com", password: "intruder-password" });
check(setup.status === 409 || setup.status === 403, `POST /api/auth/setup without a token -> ${setup.status}`);
const setupPage = await fetch(BASE_URL + "/setup", { redirect: "manual" });
check(setupPage.status === 307 && (setupPage.headers.get("location") ?? "").includes("/signin"), `GET /setup -> ${setupPage.status} ${setupPage.headers.get("location")}`);
const intruders = await query(DATABASE_URL, "SELECT id FROM app_user WHERE email = 'intruder@example.com'");
check(intruders.length === 0, "no intruder account");

// 3. Signing in through the real server: no-store, and the cookie opens the account API.
const signin = await post("/api/auth/signin", ADMIN);
const setCookie = signin.headers.get("set-cookie") ?? "";
check(signin.status === 200 && /^ps_session=/.test(setCookie), `POST /api/auth/signin -> ${signin.status} ${setCookie.slice(0, 20)}…`);
check(signin.headers.get("cache-control") === "no-store", `sign-in answer Cache-Control: ${signin.headers.get("cache-control")}`);
const cookie = setCookie.split(";")[0];
const tokens = await fetch(BASE_URL + "/api/account/tokens", { headers: { cookie } });
check(tokens.status === 200, `GET /api/account/tokens with the session -> ${tokens.status}`);

// 4. A malformed cookie is no session: 401 JSON on the API, the sign-in page for pages, never 500.
const bad = "ps_session=%E0%A4%A";
const badApi = await fetch(BASE_URL + "/api/account/tokens", { headers: { cookie: bad } });
check(badApi.status === 401, `malformed cookie on the API -> ${badApi.status}`);
const badPage = await fetch(BASE_URL + "/account", { headers: { cookie: bad }, redirect: "manual" });
check([303, 307].includes(badPage.status) && (badPage.headers.get("location") ?? "").includes("/signin"), `malformed cookie on /account -> ${badPage.status} ${badPage.headers.get("location")}`);

// 5. Unusable ADMIN_* stop the web role before it serves (exit 78, a clear message).
const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? "/tmp", DATABASE_URL, PORT: "1", BIND_HOST: "127.0.0.1" };
const refused = spawnSync(path.join(APP_DIR, "docker-entrypoint.sh"), ["web"], { env: { ...env, ADMIN_EMAIL: "ops@example.com", ADMIN_PASSWORD: "short" }, encoding: "utf8", timeout: 60_000 });
check(refused.status === 78 && refused.stderr.includes("ADMIN_PASSWORD is too short"), `web role with a short ADMIN_PASSWORD -> exit ${refused.status}: ${refused.stderr.trim().split("\n").pop()}`);

// 6. A fresh database and no ADMIN_*: the web start prints a setup token and writes it to a 0600 file.
const fresh = `ps_standalone_setup_${process.pid}`;
const adminUrl = new URL(DATABASE_URL);
adminUrl.pathname = "/postgres";
const freshUrl = new URL(DATABASE_URL);
freshUrl.pathname = `/${fresh}`;
const tokenFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ps-setup-")), "setup-token");
await query(adminUrl.toString(), `CREATE DATABASE "${fresh}"`);
try {
  const freshEnv = { ...env, DATABASE_URL: freshUrl.toString(), SETUP_TOKEN_FILE: tokenFile };
  const migrated = spawnSync(path.join(APP_DIR, "docker-entrypoint.sh"), ["migrate"], { env: freshEnv, encoding: "utf8", timeout: 60_000 });
  check(migrated.status === 0, `migrate the fresh database -> exit ${migrated.status}`);
  const firstRun = spawnSync(process.execPath, ["dist/first-run.mjs"], { cwd: APP_DIR, env: freshEnv, encoding: "utf8", timeout: 60_000 });
  const printed = /setup token to create the first admin: (pss_\S+)/.exec(firstRun.stdout)?.[1];
  const stored = fs.existsSync(tokenFile) ? fs.readFileSync(tokenFile, "utf8").trim() : null;
  check(firstRun.status === 0 && !!printed && printed === stored, `first-run on a fresh database prints the setup token and writes it (${firstRun.status}, ${stored ? "file written" : firstRun.stderr.trim()})`);
  check(stored !== null && (fs.statSync(tokenFile).mode & 0o777) === 0o600, "the setup-token file is 0600");
} finally {
  await query(adminUrl.toString(), `DROP DATABASE IF EXISTS "${fresh}" WITH (FORCE)`);
  fs.rmSync(path.dirname(tokenFile), { recursive: true, force: true });
}

process.exit(failures ? 1 : 0);
