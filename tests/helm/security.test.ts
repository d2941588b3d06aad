/**
 * The chart's security settings, rendered (tests/helm/render-chart.ts): NetworkPolicies, the bundled
 * PostgreSQL's non-superuser application role (its init SQL run on the real PostgreSQL), image digests and
 * TRUST_PROXY for the Ingress.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { ADMIN_URL, postgresAvailable } from "@/tests/helpers/databases";
import { renderChart, renderedObjects, TemplateError, type Manifest } from "./render-chart";

const chartDir = path.resolve(import.meta.dirname, "..", "..", "helm", "patternscope");
const hasPostgres = await postgresAvailable();

function render(overrides: Record<string, unknown> = {}) {
  const objects = renderedObjects(renderChart(chartDir, { releaseName: "ps", namespace: "apps", overrides })).map((o) => o.object as Manifest);
  const named = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const images = objects.flatMap((o) => (o.spec?.template?.spec ?? o.spec)?.containers?.map((c: Manifest) => `${o.kind}/${o.metadata.name}=${c.image}`) ?? []);
  return { objects, named, images };
}

const EXTERNAL = { postgresql: { enabled: false }, externalDatabase: { url: "postgresql://app:s3cret@db.internal:5432/ps?sslmode=require" } };
const labelsOf = (selector: Manifest) => selector.podSelector?.matchLabels ?? {};

describe("NetworkPolicy", () => {
  it("web <- ingress controller only, worker <- nothing, database <- web/worker/migrate only; app egress to DNS, DB and HTTPS", () => {
    const { named, objects } = render();
    const web = named("NetworkPolicy", "ps-patternscope-web")!;
    const worker = named("NetworkPolicy", "ps-patternscope-worker")!;
    const database = named("NetworkPolicy", "ps-patternscope-postgresql")!;
    const migrate = named("NetworkPolicy", "ps-patternscope-migrate")!;
    for (const policy of [web, worker, database, migrate]) expect(policy.spec.policyTypes).toEqual(["Ingress", "Egress"]);

    // Each policy selects exactly the pods of its workload.
    const podLabels = (kind: string, name: string) => named(kind, name)!.spec.template.metadata.labels;
    expect(podLabels("Deployment", "ps-patternscope-web")).toMatchObject(web.spec.podSelector.matchLabels);
    expect(podLabels("Deployment", "ps-patternscope-worker")).toMatchObject(worker.spec.podSelector.matchLabels);
    expect(podLabels("StatefulSet", "ps-patternscope-postgresql")).toMatchObject(database.spec.podSelector.matchLabels);
    expect(podLabels("Job", "ps-patternscope-migrate")).toMatchObject(migrate.spec.podSelector.matchLabels);
    expect(podLabels("Deployment", "ps-patternscope-web")).not.toMatchObject(worker.spec.podSelector.matchLabels);

    expect(web.spec.ingress).toHaveLength(1);
    expect(web.spec.ingress[0].ports).toEqual([{ port: "http", protocol: "TCP" }]);
    expect(web.spec.ingress[0].from[0]).toEqual({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } });
    const testPod = objects.find((o) => o.kind === "Pod" && o.metadata.name.endsWith("test-health"))!;
    expect(testPod.metadata.labels).toMatchObject(labelsOf(web.spec.ingress[0].from[1]));
    expect(worker.spec.ingress ?? []).toEqual([]);
    expect(migrate.spec.ingress ?? []).toEqual([]);

    const dbFrom = database.spec.ingress[0].from.map((peer: Manifest) => labelsOf(peer)["app.kubernetes.io/component"]);
    expect(dbFrom.sort()).toEqual(["migrate", "web", "worker"]);
    expect(database.spec.ingress[0].ports).toEqual([{ port: 5432, protocol: "TCP" }]);
    expect(database.spec.egress ?? []).toEqual([]);

    for (const policy of [web, worker]) {
      const rules = policy.spec.egress as Manifest[];
      expect(rules.map((r) => r.ports.map((p: Manifest) => p.port).join("/"))).toEqual(["53/53", "5432", "443"]);
      expect(labelsOf(rules[1].to[0])).toEqual({ "app.kubernetes.io/instance": "ps", "app.kubernetes.io/component": "postgresql" });
    }
    expect((migrate.spec.egress as Manifest[]).map((r) => r.ports[0].port)).toEqual([53, 5432]);
  });

  it("can be adjusted or turned off", () => {
    const open = render({ networkPolicy: { web: { from: [] }, egress: [], databaseTo: [{ ipBlock: { cidr: "10.20.0.0/16" } }] }, ...EXTERNAL });
    const web = open.named("NetworkPolicy", "ps-patternscope-web")!;
    expect(web.spec.ingress).toEqual([{ ports: [{ port: "http", protocol: "TCP" }] }]);
    expect(web.spec.egress.map((r: Manifest) => r.ports[0].port)).toEqual([53, 5432]);
    expect(web.spec.egress[1].to).toEqual([{ ipBlock: { cidr: "10.20.0.0/16" } }]);
    expect(open.named("NetworkPolicy", "ps-patternscope-postgresql")).toBeUndefined();
    const off = render({ networkPolicy: { enabled: false } });
    expect(off.objects.filter((o) => o.kind === "NetworkPolicy")).toEqual([]);
  });
});

describe("bundled PostgreSQL", () => {
  it("runs as superuser `postgres` while the app connects as a separate role with its own password", () => {
    const { named } = render();
    const secret = named("Secret", "ps-patternscope")!.stringData;
    const container = named("StatefulSet", "ps-patternscope-postgresql")!.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: Manifest) => [e.name, e.value ?? e.valueFrom.secretKeyRef.key]));
    expect(env).toMatchObject({ POSTGRES_USER: "postgres", POSTGRES_PASSWORD: "POSTGRES_ADMIN_PASSWORD", APP_DB_USER: "patternscope", APP_DB_PASSWORD: "POSTGRES_PASSWORD" });
    expect(secret.POSTGRES_ADMIN_PASSWORD).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(secret.POSTGRES_ADMIN_PASSWORD).not.toBe(secret.POSTGRES_PASSWORD);
    const url = new URL(secret.DATABASE_URL);
    expect(url.username).toBe("patternscope");
    expect(decodeURIComponent(url.password)).toBe(secret.POSTGRES_PASSWORD);
    expect(container.volumeMounts).toContainEqual({ name: "initdb", mountPath: "/docker-entrypoint-initdb.d", readOnly: true });
  });

  it.skipIf(!hasPostgres)("its init script's SQL makes a role that owns the app database and is no superuser (real PostgreSQL)", async () => {
    const { named } = render();
    const script: string = named("ConfigMap", "ps-patternscope-postgresql-initdb")!.data["10-app-role.sh"];
    const sql = /<<'SQL'\n([\s\S]*?)\nSQL/.exec(script)![1]!;
    const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const [role, database, password] = [`ps_app_${suffix}`, `ps_initdb_${suffix}`, "app-pass-1"];
    // psql's :"name" and :'literal' variables, as the script passes them with -v.
    const statements = sql
      .replaceAll(':"app_user"', `"${role}"`)
      .replaceAll(':"app_db"', `"${database}"`)
      .replaceAll(":'app_password'", `'${password}'`);
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    const at = (user?: string) => {
      const u = new URL(ADMIN_URL);
      u.pathname = `/${database}`;
      if (user) {
        u.username = user;
        u.password = password;
      }
      return u.toString();
    };
    try {
      const superuser = new pg.Client({ connectionString: at() });
      await superuser.connect();
      await superuser.query(statements);
      await superuser.end();
      const app = new pg.Client({ connectionString: at(role) });
      await app.connect();
      try {
        const { rows } = await app.query("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user");
        expect(rows).toEqual([{ rolsuper: false, rolcreaterole: false, rolcreatedb: false }]);
        // What migrations and pg-boss need: tables in public, a schema of its own.
        await app.query("CREATE TABLE t (id int); INSERT INTO t VALUES (1); CREATE SCHEMA pgboss; DROP TABLE t");
        await expect(app.query("CREATE ROLE intruder")).rejects.toThrow(/permission denied/);
        await expect(app.query("SELECT pg_read_file('/etc/hostname')")).rejects.toThrow(/permission denied/);
      } finally {
        await app.end();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS "${role}"`);
      await admin.end();
    }
  });
});

describe("images", () => {
  const digest = `sha256:${"0123456789abcdef".repeat(4)}`;

  it("a digest pins every app container (repository@digest, the tag ignored), and the database's separately", () => {
    const { images } = render({ image: { tag: "v1", digest }, postgresql: { image: { digest } } });
    const app = images.filter((i) => !i.includes("postgresql"));
    expect(app.length).toBeGreaterThanOrEqual(4);
    for (const image of app) expect(image).toMatch(new RegExp(`=ghcr\\.io/example/patternscope@${digest}$`));
    expect(images.find((i) => i.startsWith("StatefulSet/"))).toBe(`StatefulSet/ps-patternscope-postgresql=postgres@${digest}`);
    expect(render({ image: { tag: "v1" } }).images.filter((i) => !i.includes("postgresql")).every((i) => i.endsWith(":v1"))).toBe(true);
  });

  it("refuses a digest that is not sha256:<64 hex>", () => {
    for (const bad of ["sha256:abc", "latest", `sha512:${"a".repeat(64)}`, `${digest} `]) {
      expect(() => render({ image: { digest: bad } }), bad).toThrow(TemplateError);
    }
  });
});

describe("TRUST_PROXY", () => {
  const trustProxy = (overrides: Record<string, unknown>) => render(overrides).named("ConfigMap", "ps-patternscope")!.data.TRUST_PROXY;
  it("is one hop behind the chart's Ingress, unset without it, and overridable", () => {
    expect(trustProxy({ ingress: { enabled: true } })).toBe("1");
    expect(trustProxy({})).toBeUndefined();
    expect(trustProxy({ ingress: { enabled: true }, config: { trustProxy: "10.42.0.0/16" } })).toBe("10.42.0.0/16");
    expect(trustProxy({ ingress: { enabled: true }, config: { trustProxy: "0" } })).toBe("0");
  });
});

describe("CI supply chain", () => {
  const root = path.resolve(import.meta.dirname, "..", "..");
  const workflows = fs.readdirSync(path.join(root, ".github", "workflows")).map((f) => fs.readFileSync(path.join(root, ".github", "workflows", f), "utf8"));

  it("pins every action by a full commit SHA and checks every downloaded tool's sha256", () => {
    const uses = workflows.flatMap((text) => [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)/gm)].map((m) => m[1]!));
    expect(uses.length).toBeGreaterThan(5);
    for (const action of uses) expect(action, action).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    for (const text of workflows) {
      // A download from the internet is checked against a pinned sha256 within the next lines, never piped on.
      for (const download of text.matchAll(/curl [^\n]*https:\/\/[^\n]*/g)) {
        expect(download[0], download[0]).not.toMatch(/\|\s*(tar|sh|bash)/);
        const next = text.slice(download.index!, download.index! + download[0].length + 200);
        expect(next, download[0]).toMatch(/\n\s*echo "\$\{\w+_SHA256\}  \S+" \| sha256sum -c -/);
      }
    }
    expect(workflows.join("\n")).toMatch(/npm audit --omit=dev --audit-level=high/);
  });

  it("builds the image on Node 22 LTS, its base overridable by digest", () => {
    const dockerfile = fs.readFileSync(path.join(root, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=22$/m);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:\$\{NODE_VERSION\}-bookworm-slim$/m);
    expect([...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1])).toEqual(["${NODE_IMAGE}", "${NODE_IMAGE}", "${NODE_IMAGE}"]);
  });
});
