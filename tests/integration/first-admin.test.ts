import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { firstAdminFromEnv, prepareFirstRun } from "@/lib/auth/ensure-first-admin";
import { callRoute, type RouteModule } from "@/tests/helpers/call-route";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("first admin and the setup token on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let setup: RouteModule;
  let dir: string;
  const admin = { email: "first@example.com", password: "first-admin-pass" };

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-setup-"));
    process.env.SETUP_TOKEN_FILE = path.join(dir, "nested", "setup-token");
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    setup = await import("@/app/api/auth/setup/route");
  });
  afterAll(async () => {
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    delete process.env.SETUP_TOKEN_FILE;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await t?.drop();
  });

  it.skipIf(skip)("/setup is refused without the token the start printed; with it, it creates the admin once", async () => {
    const lines: string[] = [];
    const prepared = await prepareFirstRun(t.db, { log: (line) => lines.push(line) });
    const token = prepared.setupToken!;
    expect(token).toMatch(/^pss_[A-Za-z0-9_-]{43}$/);
    expect(lines.join("\n")).toContain(token);
    const file = process.env.SETUP_TOKEN_FILE!;
    expect(fs.readFileSync(file, "utf8").trim()).toBe(token);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // The raw token is not in the database, only its hash.
    expect(JSON.stringify(await t.db.$queryRaw`SELECT * FROM setup_token`)).not.toContain(token);

    const without = await callRoute(setup, "POST", "/api/auth/setup", { body: admin });
    expect(without.status).toBe(403);
    expect(without.body).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("setupToken") } });
    expect((await callRoute(setup, "POST", "/api/auth/setup", { body: { ...admin, setupToken: `${token.slice(0, -1)}x` } })).status).toBe(403);
    expect(await t.db.$queryRaw`SELECT id FROM app_user`).toEqual([]);

    const ok = await callRoute(setup, "POST", "/api/auth/setup", { body: { ...admin, setupToken: token } });
    expect(ok.status).toBe(201);
    expect(ok.body.user).toMatchObject({ email: admin.email, role: "admin" });
    expect(ok.headers.get("cache-control")).toBe("no-store");
    // Used up: the file is gone and the same token cannot make a second admin.
    expect(fs.existsSync(file)).toBe(false);
    const again = await callRoute(setup, "POST", "/api/auth/setup", { body: { email: "second@example.com", password: "second-admin-pass", setupToken: token } });
    expect(again.status).toBe(409);
    // With an admin, a start issues no token.
    expect((await prepareFirstRun(t.db, { log: () => {} })).setupToken).toBeUndefined();
  });
});

describe("ADMIN_EMAIL / ADMIN_PASSWORD", () => {
  it("are both needed, and must make a valid account", () => {
    expect(firstAdminFromEnv(undefined, undefined)).toBeNull();
    expect(firstAdminFromEnv(" Root@Example.com ", "long-enough-password")).toEqual({ email: "root@example.com", password: "long-enough-password" });
    expect(() => firstAdminFromEnv("root@example.com", undefined)).toThrow(/ADMIN_PASSWORD is not/);
    expect(() => firstAdminFromEnv(undefined, "long-enough-password")).toThrow(/ADMIN_EMAIL is not/);
    expect(() => firstAdminFromEnv("root", "long-enough-password")).toThrow(/not a valid email/);
    expect(() => firstAdminFromEnv("root@example.com", "short")).toThrow(/too short: at least 10/);
  });

  it.skipIf(!hasPostgres)("the web start (scripts/first-run.ts) and the worker refuse to start with unusable values, and create the admin with good ones", async () => {
    const t = await createPostgresDatabase("ps_first_run");
    try {
      const run = (script: string, env: Record<string, string>) =>
        spawnSync(process.execPath, ["--import", "tsx", script], {
          env: { PATH: process.env.PATH!, NODE_ENV: "test", DATABASE_URL: t.url, WORKER_SCHEDULE: "false", SETUP_TOKEN_FILE: path.join(os.tmpdir(), `ps-token-${process.pid}`), ...env },
          encoding: "utf8",
          timeout: 60_000,
        });
      const web = run("scripts/first-run.ts", { ADMIN_EMAIL: "ops@example.com", ADMIN_PASSWORD: "short" });
      expect(web.status).toBe(78);
      expect(web.stderr).toContain("cannot start: ADMIN_PASSWORD is too short");
      const worker = run("scripts/worker.ts", { ADMIN_EMAIL: "not-an-email", ADMIN_PASSWORD: "long-enough-password" });
      expect(worker.status).toBe(78);
      expect(worker.stderr).toContain("cannot start: ADMIN_EMAIL is not a valid email address");
      expect(await t.db.$queryRaw`SELECT id FROM app_user`).toEqual([]);
      const good = run("scripts/first-run.ts", { ADMIN_EMAIL: "Ops@Example.com", ADMIN_PASSWORD: "long-enough-password" });
      expect(good.status, good.stderr).toBe(0);
      expect(good.stdout).toContain("created the first admin ops@example.com");
      expect(await t.db.$queryRaw`SELECT email, role FROM app_user`).toEqual([{ email: "ops@example.com", role: "admin" }]);
    } finally {
      await t.drop();
    }
  }, 120_000);
});
