import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiSpec } from "@/lib/openapi/spec";

const API_DIR = path.join(process.cwd(), "app", "api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route file under app/api with the URL path OpenAPI names it by ([symbol] -> {symbol}) and its exported methods. */
function routesOnDisk(): { file: string; path: string; methods: string[] }[] {
  const out: { file: string; path: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        const rel = path.relative(path.join(process.cwd(), "app"), dir).split(path.sep);
        const url = `/${rel.filter((s) => !/^\(.*\)$/.test(s)).map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}")).join("/")}`;
        const text = fs.readFileSync(full, "utf8");
        const methods = METHODS.filter((m) => new RegExp(`export\\s+(?:const|async\\s+function|function)\\s+${m}\\b|export\\s*\\{[^}]*\\b${m}\\b[^}]*\\}`).test(text));
        out.push({ file: path.relative(process.cwd(), full), path: url, methods });
      }
    }
  };
  walk(API_DIR);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

type Operation = { summary?: string; security?: unknown[]; responses?: Record<string, unknown> };
const documented = openApiSpec.paths as Record<string, Record<string, Operation | undefined>>;

describe("/api/openapi.json", () => {
  const routes = routesOnDisk();

  it("finds the route files (the walk itself works)", () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.find((r) => r.path === "/api/tickers/{symbol}/candles")?.methods).toEqual(["GET"]);
  });

  it("documents every method of every route under app/api", () => {
    const missing = routes.flatMap((r) =>
      r.methods.filter((m) => !documented[r.path]?.[m.toLowerCase()]).map((m) => `${m} ${r.path} (exported by ${r.file})`),
    );
    expect(missing, `add these to lib/openapi/spec.ts (paths), with a summary, responses and security:\n  ${missing.join("\n  ")}`).toEqual([]);
  });

  it("documents nothing that does not exist", () => {
    const onDisk = new Map(routes.map((r) => [r.path, r.methods]));
    const stale = Object.entries(documented).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => !onDisk.get(p)?.includes(m.toUpperCase()))
        .map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(stale, `these are in lib/openapi/spec.ts but no app/api route exports them:\n  ${stale.join("\n  ")}`).toEqual([]);
  });

  it("names its auth schemes and says for each operation which apply", () => {
    const schemes = (openApiSpec as { components: { securitySchemes?: Record<string, { type: string; scheme?: string; in?: string }> } }).components.securitySchemes ?? {};
    expect(schemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.sessionCookie).toMatchObject({ type: "apiKey", in: "cookie" });
    const without = Object.entries(documented).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => !Array.isArray(op?.security) || !op?.summary || !op?.responses)
        .map(([m]) => `${m.toUpperCase()} ${p}`),
    );
    expect(without, `every operation needs a summary, responses and a security list ([] for public):\n  ${without.join("\n  ")}`).toEqual([]);
  });
});
