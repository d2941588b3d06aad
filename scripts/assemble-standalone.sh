#!/usr/bin/env bash
# Turns the output of `next build` (output: "standalone") into the folder the runtime image serves as /app.
# The Dockerfile runs exactly this script, and scripts/test-standalone.sh runs it too, so the tested folder and
# the image's folder come from the same steps.
#
# Usage: bash scripts/assemble-standalone.sh [app-dir]      (default .next/standalone, assembled in place)
set -euo pipefail
cd "$(dirname "$0")/.."
APP="${1:-.next/standalone}"

if [ ! -f "$APP/server.js" ]; then
  echo "[assemble] $APP/server.js not found: run \`next build\` first (next.config.ts has output: \"standalone\")." >&2
  if [ -d "$APP" ] && [ -n "$(find "$APP" -mindepth 2 -maxdepth 3 -name server.js -print -quit)" ]; then
    echo "[assemble] server.js sits deeper: Next guessed another tracing root; set outputFileTracingRoot." >&2
  fi
  exit 1
fi

# 1. Files Next leaves out of the standalone folder on purpose (a CDN could serve them): client assets, public/.
rm -rf "$APP/.next/static" "$APP/public"
cp -R .next/static "$APP/.next/static"
if [ -d public ]; then cp -R public "$APP/public"; fi

# 2. The migration SQL the runner applies (prisma/migrations/<ts>_<name>/migration.sql).
rm -rf "$APP/prisma"
mkdir -p "$APP/prisma"
cp -R prisma/migrations "$APP/prisma/migrations"

# 3. Command-line bundles (dist/migrate.mjs, dist/first-run.mjs, dist/worker.mjs, dist/import.mjs) and the package files they reach.
npx tsx scripts/bundle-cli.ts "$APP"

# 4. tfjs finds its .wasm next to its own files at run time, through a path the tracer cannot follow.
WASM_DIR=node_modules/@tensorflow/tfjs-backend-wasm/dist
mkdir -p "$APP/$WASM_DIR"
cp "$WASM_DIR"/*.wasm "$APP/$WASM_DIR/"

# 5. Entry point and health check of the image.
cp docker/entrypoint.sh "$APP/docker-entrypoint.sh"
cp docker/healthcheck.mjs "$APP/healthcheck.mjs"
chmod 0755 "$APP/docker-entrypoint.sh"

# 6. Writable places at run time (Next's cache; the rest of /app stays read-only for the app user).
mkdir -p "$APP/.next/cache"

# Checks: fail the image build rather than ship a folder that cannot serve.
for f in server.js .next/BUILD_ID .next/static dist/migrate.mjs dist/first-run.mjs prisma/migrations docker-entrypoint.sh \
  "$WASM_DIR/tfjs-backend-wasm.wasm" "$WASM_DIR/tfjs-backend-wasm-simd.wasm"; do
  if [ ! -e "$APP/$f" ]; then echo "[assemble] missing $APP/$f" >&2; exit 1; fi
done
echo "[assemble] $APP is ready ($(du -sh "$APP" | cut -f1))"
