/**
 * Renders the chart (tests/helm/render-chart.ts, a Go-template renderer for the features the chart uses) with
 * the configurations docs/deploy.md describes, and checks the Kubernetes objects that come out: required keys per
 * kind, selectors that match pod labels, references to Secrets/ConfigMaps/volumes/ports that exist, hook order.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderChart, renderedObjects, TemplateError, type Manifest } from "./render-chart";

const chartDir = path.resolve(import.meta.dirname, "..", "..", "helm", "patternscope");
type K8sObject = Manifest;

function render(overrides: Record<string, unknown> = {}) {
  const result = renderChart(chartDir, { releaseName: "ps", namespace: "apps", overrides });
  const objects = renderedObjects(result).map((o) => o.object as K8sObject);
  const find = (kind: string, suffix = "") => objects.filter((o) => o.kind === kind && o.metadata.name === `ps-patternscope${suffix}`);
  const one = (kind: string, suffix = "") => {
    const found = find(kind, suffix);
    expect(found, `${kind} ps-patternscope${suffix}`).toHaveLength(1);
    return found[0];
  };
  return { objects, find, one, notes: result.notes };
}

const EXTERNAL = { postgresql: { enabled: false }, externalDatabase: { url: "postgresql://app:s3cret@db.internal:5432/ps?sslmode=require" } };

const podSpecs = (objects: K8sObject[]) =>
  objects.flatMap((o) => {
    if (["Deployment", "StatefulSet", "Job"].includes(o.kind)) return [{ owner: `${o.kind}/${o.metadata.name}`, spec: o.spec.template.spec }];
    if (o.kind === "Pod") return [{ owner: `Pod/${o.metadata.name}`, spec: o.spec }];
    return [];
  });

/** Structural checks that hold for every configuration. */
function checkObjects(objects: K8sObject[]) {
  const names = new Set(objects.map((o) => `${o.kind}/${o.metadata?.name}`));
  for (const o of objects) {
    expect(o.apiVersion, JSON.stringify(o).slice(0, 80)).toBeTruthy();
    expect(o.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(o.metadata.name.length).toBeLessThanOrEqual(63);
    expect(o.metadata.labels?.["app.kubernetes.io/instance"]).toBe("ps");
  }
  for (const o of objects.filter((x) => ["Deployment", "StatefulSet"].includes(x.kind))) {
    const selector = o.spec.selector?.matchLabels;
    expect(selector, `${o.metadata.name} selector`).toBeTruthy();
    expect(o.spec.template.metadata.labels).toMatchObject(selector);
    expect(o.spec.template.spec.containers.length).toBeGreaterThan(0);
  }
  for (const { owner, spec } of podSpecs(objects)) {
    const volumes = new Set((spec.volumes ?? []).map((v: K8sObject) => v.name));
    const claimNames = new Set(
      objects.filter((o) => o.kind === "StatefulSet").flatMap((o) => (o.spec.volumeClaimTemplates ?? []).map((c: K8sObject) => c.metadata.name)),
    );
    for (const container of spec.containers) {
      expect(container.image, owner).toMatch(/.+:.+/);
      for (const mount of container.volumeMounts ?? []) {
        expect(volumes.has(mount.name) || claimNames.has(mount.name), `${owner} mounts ${mount.name}`).toBe(true);
      }
      for (const env of container.env ?? []) {
        const ref = env.valueFrom?.secretKeyRef;
        if (ref && !ref.optional && !ref.name.startsWith("existing-")) {
          expect(names.has(`Secret/${ref.name}`), `${owner} reads Secret ${ref.name}`).toBe(true);
        }
      }
      for (const from of container.envFrom ?? []) {
        if (from.configMapRef) expect(names.has(`ConfigMap/${from.configMapRef.name}`), owner).toBe(true);
      }
      const ports = new Set((container.ports ?? []).map((p: K8sObject) => p.name));
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const port = container[probe]?.httpGet?.port;
        if (typeof port === "string") expect(ports.has(port), `${owner} ${probe} port ${port}`).toBe(true);
      }
    }
  }
  for (const service of objects.filter((o) => o.kind === "Service")) {
    const pods = podSpecs(objects).filter(({ owner }) => {
      const workload = objects.find((o) => `${o.kind}/${o.metadata.name}` === owner);
      const labels = workload?.spec?.template?.metadata?.labels ?? workload?.metadata?.labels ?? {};
      return Object.entries(service.spec.selector).every(([k, v]) => labels[k] === v);
    });
    expect(pods.length, `Service ${service.metadata.name} selects pods`).toBeGreaterThan(0);
  }
}

describe("helm chart rendered", () => {
  it("default values: web, worker, bundled PostgreSQL, migration after install", () => {
    const { objects, one, find, notes } = render();
    checkObjects(objects);

    const web = one("Deployment", "-web");
    expect(web.spec.replicas).toBe(2);
    const container = web.spec.template.spec.containers[0];
    expect(container.args).toEqual(["web"]);
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      expect(container[probe].httpGet).toEqual({ path: "/api/health", port: "http" });
    }
    expect(container.resources.requests.memory).toBe("768Mi");
    expect(container.env.map((e: K8sObject) => e.name)).toEqual(["DATABASE_URL", "SESSION_SECRET", "ADMIN_EMAIL", "ADMIN_PASSWORD"]);
    expect(web.spec.template.spec.securityContext.runAsNonRoot).toBe(true);

    expect(one("Deployment", "-worker").spec.template.spec.containers[0].args).toEqual(["worker"]);
    const service = one("Service");
    expect(service.spec.ports[0]).toMatchObject({ port: 80, targetPort: "http" });
    expect(one("PodDisruptionBudget", "-web").spec.selector.matchLabels).toEqual(web.spec.selector.matchLabels);

    const secret = one("Secret");
    const url = new URL(secret.stringData.DATABASE_URL);
    expect(url.hostname).toBe("ps-patternscope-postgresql");
    expect(decodeURIComponent(url.password)).toBe(secret.stringData.POSTGRES_PASSWORD);
    expect(secret.stringData.POSTGRES_PASSWORD).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(secret.stringData.SESSION_SECRET).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(secret.stringData.ADMIN_EMAIL).toBeUndefined();

    const postgres = one("StatefulSet", "-postgresql");
    expect(postgres.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe("10Gi");
    expect(postgres.spec.serviceName).toBe("ps-patternscope-postgresql");
    expect(one("Service", "-postgresql").spec.clusterIP).toBe("None");

    const job = one("Job", "-migrate");
    expect(job.metadata.annotations["helm.sh/hook"]).toBe("post-install,pre-upgrade");
    expect(job.spec.template.spec.restartPolicy).toBe("Never");
    expect(job.spec.template.spec.containers[0].args).toEqual(["migrate"]);
    expect(job.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name).toBe("ps-patternscope");
    expect(one("ConfigMap").data.MIGRATE_ON_START).toBe("true");

    expect(find("HorizontalPodAutoscaler", "-web")).toHaveLength(0);
    expect(find("Ingress")).toHaveLength(0);
    expect(find("Secret", "-migrate")).toHaveLength(0);
    expect(notes).toContain("kubectl port-forward -n apps svc/ps-patternscope 8080:80");
  });

  it("external database: migrations before install, from a hook Secret created first", () => {
    const { objects, one, find } = render(EXTERNAL);
    checkObjects(objects);
    expect(find("StatefulSet", "-postgresql")).toHaveLength(0);
    expect(one("Secret").stringData).toEqual({
      SESSION_SECRET: expect.any(String),
      DATABASE_URL: EXTERNAL.externalDatabase.url,
    });
    const hookSecret = one("Secret", "-migrate");
    const job = one("Job", "-migrate");
    expect(job.metadata.annotations["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
    expect(hookSecret.metadata.annotations["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
    expect(Number(hookSecret.metadata.annotations["helm.sh/hook-weight"])).toBeLessThan(Number(job.metadata.annotations["helm.sh/hook-weight"]));
    expect(hookSecret.stringData.DATABASE_URL).toBe(EXTERNAL.externalDatabase.url);
    expect(job.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name).toBe("ps-patternscope-migrate");
    expect(one("ConfigMap").data.MIGRATE_ON_START).toBe("false");
  });

  it("existing Secret: the chart creates none and every pod reads the given one", () => {
    const { objects, find } = render({ ...EXTERNAL, externalDatabase: { url: "" }, secrets: { existingSecret: "existing-ps" } });
    checkObjects(objects);
    expect(objects.filter((o) => o.kind === "Secret")).toHaveLength(0);
    const refs = podSpecs(objects)
      .filter(({ owner }) => !owner.startsWith("Pod/"))
      .flatMap(({ spec }) => spec.containers.flatMap((c: K8sObject) => (c.env ?? []).map((e: K8sObject) => e.valueFrom?.secretKeyRef?.name)))
      .filter(Boolean);
    expect(new Set(refs)).toEqual(new Set(["existing-ps"]));
    expect(find("Job", "-migrate")[0].metadata.annotations["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
  });

  it("no database configured fails the render with a message naming the values to set", () => {
    expect(() => render({ postgresql: { enabled: false } })).toThrow(/externalDatabase\.url/);
  });

  it("an admin email without a password fails; with both, they land in the Secret", () => {
    expect(() => render({ secrets: { adminEmail: "ops@example.com" } })).toThrow(/adminPassword/);
    const { one } = render({ secrets: { adminEmail: "ops@example.com", adminPassword: "pw" } });
    expect(one("Secret").stringData).toMatchObject({ ADMIN_EMAIL: "ops@example.com", ADMIN_PASSWORD: "pw" });
  });

  it("a bundled-database password with URL-special characters stays a valid DATABASE_URL", () => {
    const password = "p@ss:w/rd #1+%";
    const { one } = render({ postgresql: { auth: { password } } });
    const secret = one("Secret");
    expect(secret.stringData.POSTGRES_PASSWORD).toBe(password);
    expect(decodeURIComponent(new URL(secret.stringData.DATABASE_URL).password)).toBe(password);
  });

  it("autoscaling and ingress: the HPA owns the replica count, the Ingress routes to the Service", () => {
    const { objects, one } = render({
      autoscaling: { enabled: true, targetMemoryUtilizationPercentage: 80 },
      ingress: { enabled: true, className: "traefik", tls: [{ secretName: "ps-tls", hosts: ["ps.example.com"] }], hosts: [{ host: "ps.example.com", paths: [{ path: "/", pathType: "Prefix" }] }] },
      web: { replicas: 1 },
    });
    checkObjects(objects);
    const web = one("Deployment", "-web");
    expect(web.spec.replicas).toBeUndefined();
    const hpa = one("HorizontalPodAutoscaler", "-web");
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: web.metadata.name });
    expect(hpa.spec.metrics.map((m: K8sObject) => m.resource.name)).toEqual(["cpu", "memory"]);
    const ingress = one("Ingress");
    expect(ingress.spec.ingressClassName).toBe("traefik");
    expect(ingress.spec.tls[0].secretName).toBe("ps-tls");
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    const service = one("Service");
    expect(backend.name).toBe(service.metadata.name);
    expect(service.spec.ports.map((p: K8sObject) => p.name)).toContain(backend.port.name);
    // With autoscaling the PDB stays even though web.replicas is 1.
    one("PodDisruptionBudget", "-web");
  });

  it("one replica without autoscaling has no PDB (it would block node drains); the worker can be turned off", () => {
    const { find } = render({ web: { replicas: 1 }, worker: { enabled: false } });
    expect(find("PodDisruptionBudget", "-web")).toHaveLength(0);
    expect(find("Deployment", "-worker")).toHaveLength(0);
  });

  it("image tag, extra env and node placement come from values", () => {
    const { one } = render({
      image: { repository: "ghcr.io/acme/patternscope", tag: "sha-abc123" },
      config: { extraEnv: { TZ: "UTC" } },
      web: { extraEnv: [{ name: "NODE_OPTIONS", value: "--max-old-space-size=1536" }], nodeSelector: { pool: "web" } },
    });
    const web = one("Deployment", "-web");
    expect(web.spec.template.spec.containers[0].image).toBe("ghcr.io/acme/patternscope:sha-abc123");
    expect(web.spec.template.spec.containers[0].env.at(-1)).toEqual({ name: "NODE_OPTIONS", value: "--max-old-space-size=1536" });
    expect(web.spec.template.spec.nodeSelector).toEqual({ pool: "web" });
    expect(one("ConfigMap").data.TZ).toBe("UTC");
  });
});

describe("the Go-template renderer", () => {
  const renderText = (template: string, values: Record<string, unknown> = {}) => renderTemporary(template, values);

  it("trims whitespace, branches with else if, iterates maps in key order, scopes with/else", () => {
    expect(renderText("a  {{- 1 -}}  b")).toBe("a1b");
    expect(renderText('{{ if eq .Values.x 1 }}one{{ else if eq .Values.x 2 }}two{{ else }}many{{ end }}', { x: 2 })).toBe("two");
    expect(renderText("{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}", { m: { b: 2, a: 1 } })).toBe("a=1;b=2;");
    expect(renderText("{{ with .Values.m }}{{ .a }}{{ else }}none{{ end }}", { m: {} })).toBe("none");
    expect(renderText('{{ list 1 2 | len }} {{ "x" | quote }} {{ printf "%s-%d" "a" 3 }}')).toBe('2 "x" a-3');
    expect(renderText("{{ toYaml .Values.m | nindent 2 }}", { m: { b: [1], a: "x" } })).toBe("\n  a: x\n  b:\n    - 1");
  });

  it("fails like Helm on a field of a missing value, an unknown function or an unclosed block", () => {
    expect(() => renderText("{{ .Values.nope.deeper }}")).toThrow(/nil pointer/);
    expect(() => renderText("{{ frobnicate 1 }}")).toThrow(TemplateError);
    expect(() => renderText("{{ if true }}x")).toThrow(/never closed/);
  });
});

/** Renders one template file in a throwaway chart. */
function renderTemporary(template: string, values: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-chart-"));
  try {
    fs.mkdirSync(path.join(dir, "templates"));
    fs.writeFileSync(path.join(dir, "Chart.yaml"), "apiVersion: v2\nname: t\nversion: 0.0.1\nappVersion: '1'\n");
    fs.writeFileSync(path.join(dir, "values.yaml"), "{}\n");
    fs.writeFileSync(path.join(dir, "templates", "t.txt"), template);
    return renderChart(dir, { overrides: values }).manifests.get("templates/t.txt")!;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
