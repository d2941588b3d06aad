/**
 * Checks of the Helm chart that need no Helm binary: plain YAML parses, template delimiters and blocks balance,
 * every `.Values` path a template reads is declared (and documented) in values.yaml, every named template used is
 * defined. Rendering with values is covered by tests/helm/render.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import {
  checkBlocks,
  definedNames,
  hasValuePath,
  includedNames,
  readActions,
  templateFiles,
  valuePaths,
} from "./chart-static";

const root = path.resolve(import.meta.dirname, "..", "..");
const chartDir = path.join(root, "helm", "patternscope");
const read = (file: string) => fs.readFileSync(path.join(chartDir, file), "utf8");
const values = load(read("values.yaml")) as Record<string, unknown>;
const templates = templateFiles(chartDir);
const actionsByFile = new Map(templates.map((file) => [file, readActions(read(file), file)]));

describe("helm chart: plain YAML", () => {
  it("Chart.yaml is a v2 application chart with a semver version and appVersion", () => {
    const chart = load(read("Chart.yaml")) as Record<string, unknown>;
    expect(chart.apiVersion).toBe("v2");
    expect(chart.name).toBe("patternscope");
    expect(chart.type).toBe("application");
    expect(String(chart.version)).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(typeof chart.appVersion).toBe("string");
  });

  it("values.yaml parses and declares the settings the issue asks for", () => {
    for (const keys of [
      ["image", "repository"],
      ["web", "replicas"],
      ["web", "resources"],
      ["worker", "enabled"],
      ["ingress", "enabled"],
      ["autoscaling", "enabled"],
      ["podDisruptionBudget", "enabled"],
      ["migrations", "enabled"],
      ["postgresql", "enabled"],
      ["postgresql", "persistence", "size"],
      ["externalDatabase", "url"],
      ["secrets", "existingSecret"],
      ["secrets", "sessionSecret"],
      ["secrets", "adminEmail"],
      ["secrets", "adminPassword"],
    ]) {
      expect(hasValuePath(values, keys), keys.join(".")).toBe(true);
    }
  });

  it("every top-level key of values.yaml is documented by a comment", () => {
    const lines = read("values.yaml").split("\n");
    const undocumented: string[] = [];
    lines.forEach((line, i) => {
      if (!/^[A-Za-z]\w*:/.test(line)) return;
      // One comment may cover a run of top-level one-line settings (nameOverride, fullnameOverride).
      let j = i - 1;
      while (j >= 0 && /^[A-Za-z]\w*: \S/.test(lines[j])) j--;
      if (j < 0 || !lines[j].startsWith("#")) undocumented.push(line.split(":")[0]);
    });
    expect(undocumented).toEqual([]);
  });

  it("the CI workflows parse", () => {
    const dir = path.join(root, ".github", "workflows");
    const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const workflow = load(fs.readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>;
      expect(workflow.jobs, file).toBeTypeOf("object");
    }
  });
});

describe("helm chart: templates", () => {
  it("has the objects the deployment needs", () => {
    for (const file of [
      "templates/_helpers.tpl",
      "templates/NOTES.txt",
      "templates/web-deployment.yaml",
      "templates/worker-deployment.yaml",
      "templates/service.yaml",
      "templates/ingress.yaml",
      "templates/configmap.yaml",
      "templates/secret.yaml",
      "templates/hpa.yaml",
      "templates/pdb.yaml",
      "templates/migrate-job.yaml",
      "templates/postgresql-statefulset.yaml",
    ]) {
      expect(templates, file).toContain(file);
    }
  });

  it.each(templates)("%s: delimiters and blocks balance", (file) => {
    expect(() => checkBlocks(actionsByFile.get(file)!, file)).not.toThrow();
  });

  it.each(templates)("%s: reads only values declared in values.yaml", (file) => {
    const missing = valuePaths(actionsByFile.get(file)!)
      .filter((ref) => !hasValuePath(values, ref.path))
      .map((ref) => `${file}:${ref.line} .Values.${ref.path.join(".")}`);
    expect(missing).toEqual([]);
  });

  it.each(templates)("%s: includes only defined templates", (file) => {
    const defined = new Set([...actionsByFile.values()].flatMap(definedNames));
    const unknown = includedNames(actionsByFile.get(file)!)
      .filter((ref) => !defined.has(ref.name))
      .map((ref) => `${file}:${ref.line} ${ref.name}`);
    expect(unknown).toEqual([]);
  });

  it("every named template in _helpers.tpl is used somewhere", () => {
    const used = new Set([...actionsByFile.values()].flatMap((actions) => includedNames(actions).map((r) => r.name)));
    const unused = definedNames(actionsByFile.get("templates/_helpers.tpl")!).filter((name) => !used.has(name));
    expect(unused).toEqual([]);
  });

  it("the checker itself catches the mistakes it looks for", () => {
    expect(() => checkBlocks(readActions("{{ if .a }}x", "t"), "t")).toThrow(/never closed/);
    expect(() => checkBlocks(readActions("{{ end }}", "t"), "t")).toThrow(/without an open block/);
    expect(() => readActions("{{ .a }", "t")).toThrow(/never closed/);
    expect(() => readActions("a }} b", "t")).toThrow(/without/);
    const refs = valuePaths(readActions('{{ .Values.web.replicas }} {{ include "x" $.Values.image.tag }}', "t"));
    expect(refs.map((r) => r.path.join("."))).toEqual(["web.replicas", "image.tag"]);
    expect(hasValuePath(values, ["web", "replicaz"])).toBe(false);
  });
});
