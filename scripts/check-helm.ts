/**
 * `npm run chart:template -- [--set a.b=value]... [-f values.yaml]... [--release NAME] [--namespace NS]`
 * Renders helm/patternscope like `helm template` where no Helm binary is installed (tests/helm/render-chart.ts
 * implements the Go-template features the chart uses) and checks every manifest parses as YAML. With Helm
 * installed, prefer `helm lint helm/patternscope` and `helm template` (docs/deploy.md).
 */
import fs from "node:fs";
import path from "node:path";
import { load } from "js-yaml";
import { renderChart, renderedObjects } from "../tests/helm/render-chart";

function setPath(target: Record<string, unknown>, dotted: string, raw: string) {
  const keys = dotted.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  // Like --set: true/false/numbers become typed values.
  node[keys.at(-1)!] = raw === "true" ? true : raw === "false" ? false : /^-?\d+$/.test(raw) ? Number(raw) : raw;
}

function merge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(extra)) {
    const current = base[key];
    base[key] =
      value && typeof value === "object" && !Array.isArray(value) && current && typeof current === "object" && !Array.isArray(current)
        ? merge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return base;
}

const args = process.argv.slice(2);
const overrides: Record<string, unknown> = {};
let releaseName = "patternscope";
let namespace = "default";
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === "--set") {
    const [key, ...rest] = args[++i].split("=");
    setPath(overrides, key, rest.join("="));
  } else if (arg === "-f" || arg === "--values") merge(overrides, load(fs.readFileSync(args[++i], "utf8")) as Record<string, unknown>);
  else if (arg === "--release") releaseName = args[++i];
  else if (arg === "--namespace" || arg === "-n") namespace = args[++i];
  else {
    console.error(`unknown argument ${arg}`);
    process.exit(2);
  }
}

try {
  const chartDir = path.resolve(import.meta.dirname, "..", "helm", "patternscope");
  const result = renderChart(chartDir, { releaseName, namespace, overrides });
  const objects = renderedObjects(result);
  for (const [file, text] of result.manifests) {
    if (!text.trim()) continue;
    process.stdout.write(`---\n# Source: patternscope/${file}\n${text.replace(/^\n+/, "")}\n`);
  }
  console.error(`[chart] ${objects.length} objects: ${objects.map((o) => `${o.object.kind}/${o.object.metadata?.name}`).join(", ")}`);
} catch (error) {
  console.error(`[chart] render failed: ${(error as Error).message}`);
  process.exit(1);
}
