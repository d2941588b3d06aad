/**
 * Bundles the command-line entry points the container runs besides the web server (the migration runner, the
 * job worker, the importer) into `<app>/dist/*.mjs`, then copies the npm files they need into `<app>/node_modules`.
 *
 * Why: the Next standalone folder only carries the files the web server's trace found, and the runtime image has
 * neither tsx nor the full node_modules. esbuild turns our TypeScript (with its `@/` paths and the generated Prisma
 * client) into one ESM file per command and leaves npm packages external; @vercel/nft (the tracer Next itself
 * uses, shipped inside `next`) then lists exactly the package files those imports reach, including .wasm assets.
 *
 * Usage: tsx scripts/bundle-cli.ts <app-dir>   (called by scripts/assemble-standalone.sh)
 */
import fs from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import path from "node:path";
import { build, type Plugin } from "esbuild";

type Entry = { name: string; source: string };
type NodeFileTrace = (
  files: string[],
  options: { base: string; processCwd: string },
) => Promise<{ fileList: Set<string>; warnings: Set<Error> }>;

const root = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const { nodeFileTrace } = require("next/dist/compiled/@vercel/nft") as { nodeFileTrace: NodeFileTrace };

const ENTRIES: Entry[] = [
  { name: "migrate", source: "scripts/migrate-deploy.ts" },
  { name: "first-run", source: "scripts/first-run.ts" },
  { name: "worker", source: "scripts/worker.ts" },
  { name: "import", source: "scripts/import.ts" },
];

// `server-only` throws outside React Server Components; a CLI bundle that reaches it through a shared module
// is still a server, so it becomes an empty module.
const serverOnlyStub: Plugin = {
  name: "server-only-stub",
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "stub" }));
    b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

async function main() {
  const appDir = process.argv[2];
  if (!appDir) throw new Error("usage: tsx scripts/bundle-cli.ts <app-dir>");
  const app = path.resolve(appDir);
  // Bundles are written inside the project first so the tracer resolves packages from the full node_modules
  // (node_modules/.cache resolves upward to node_modules itself; .next may be wiped by a concurrent build).
  const staging = path.join(root, "node_modules", ".cache", `patternscope-cli-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    await bundleInto(app, staging);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function bundleInto(app: string, staging: string) {
  fs.mkdirSync(path.join(app, "dist"), { recursive: true });

  const outputs: string[] = [];
  // Bare package imports per bundle: scripts/test-standalone.sh checks that each resolves inside the app folder.
  const externals: Record<string, string[]> = {};
  for (const entry of ENTRIES) {
    const source = path.join(root, entry.source);
    if (!fs.existsSync(source)) throw new Error(`${entry.source} is missing`);
    const outfile = path.join(staging, `${entry.name}.mjs`);
    const result = await build({
      entryPoints: [source],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      tsconfig: path.join(root, "tsconfig.json"),
      plugins: [serverOnlyStub],
      sourcemap: "linked",
      logLevel: "warning",
      metafile: true,
      // Bundled CommonJS helpers may still call require(); ESM has none unless we make one.
      banner: { js: 'import { createRequire as __psCreateRequire } from "node:module"; const require = __psCreateRequire(import.meta.url);' },
    });
    outputs.push(outfile);
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
    externals[entry.name] = [...new Set(imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path))].sort();
    console.log(`[bundle-cli] bundled ${entry.source} -> dist/${entry.name}.mjs`);
  }

  const traced = await nodeFileTrace(outputs, { base: root, processCwd: root });
  // The tracer does not follow every export condition Node resolves (async-function's "module-sync" -> require.mjs,
  // reached by exceljs through get-intrinsic, was left out), so every file a traced package's exports name, under any
  // condition, is traced too.
  const extra = [...packageRoots(traced.fileList)].flatMap((pkg) => exportFiles(path.join(root, pkg)));
  const more = extra.length ? await nodeFileTrace(extra, { base: root, processCwd: root }) : { fileList: new Set<string>(), warnings: new Set<Error>() };
  // Optional add-ons are tried in a try/catch at run time: pg-native, argon2's binaries for other platforms (this one's
  // is traced), and @prisma/client's default entry (the app imports its generated client from lib/generated).
  // Anything else is worth seeing; the skipped ones are only counted, so CI's log keeps what matters.
  const optional = /pg-native|Failed to resolve dependency "(cloudflare|encoding|\.\/argon2\.|@node-rs\/argon2-|(\.\.\/)*\.prisma\/client\/)/;
  let skipped = 0;
  for (const warning of [...traced.warnings, ...more.warnings]) {
    if (optional.test(warning.message)) skipped++;
    else console.log(`[bundle-cli] trace warning: ${warning.message.split("\n")[0]}`);
  }
  if (skipped) console.log(`[bundle-cli] ${skipped} optional dependencies not found (other platforms' add-ons), as expected`);
  let copied = 0;
  for (const file of new Set([...traced.fileList, ...more.fileList])) {
    if (!file.startsWith("node_modules/") || path.join(root, file).startsWith(staging)) continue;
    const from = path.join(root, file);
    const to = path.join(app, file);
    if (fs.existsSync(to) || !fs.statSync(from).isFile()) continue;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    copied++;
  }
  for (const outfile of outputs) {
    for (const file of [outfile, `${outfile}.map`]) fs.copyFileSync(file, path.join(app, "dist", path.basename(file)));
  }
  fs.writeFileSync(path.join(app, "dist", "externals.json"), `${JSON.stringify(externals, null, 2)}\n`);
  console.log(`[bundle-cli] ${outputs.length} bundle(s), ${copied} package file(s) added to ${path.relative(root, app) || "."}`);
}

/** The package folders (node_modules/[@scope/]name, nested ones too) the traced files lie in. */
function packageRoots(files: Iterable<string>): Set<string> {
  const roots = new Set<string>();
  for (const file of files) {
    const match = /^((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)+)/.exec(file);
    if (match) roots.add(match[1].slice(0, -1));
  }
  return roots;
}

/** The existing JavaScript files a package's exports map (or main/module) names: every string leaf without a wildcard. */
function exportFiles(dir: string): string[] {
  const manifest = path.join(dir, "package.json");
  if (!fs.existsSync(manifest)) return [];
  const { exports, main, module } = JSON.parse(fs.readFileSync(manifest, "utf8")) as Record<string, unknown>;
  const targets = (value: unknown): string[] => {
    if (typeof value === "string") return value.includes("*") ? [] : [value];
    if (Array.isArray(value)) return value.flatMap(targets);
    if (value && typeof value === "object") return Object.values(value).flatMap(targets);
    return [];
  };
  return targets([exports, main, module])
    .map((target) => path.join(dir, target))
    .filter((file) => /\.[cm]?js$/.test(file) && fs.existsSync(file) && fs.statSync(file).isFile());
}

main().catch((error) => {
  console.error(`[bundle-cli] failed: ${(error as Error).message}`);
  process.exit(1);
});
