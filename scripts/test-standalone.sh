#!/usr/bin/env bash
# Standalone-build test: proves the Dockerfile's path without Docker. It assembles the app folder with the same
# script the image build runs (scripts/assemble-standalone.sh), copies it out of the project (as `COPY` into /app
# does, so nothing can silently resolve from the project's node_modules), then uses the image's entry point to run
# the migration Job and the web server against a fresh PostgreSQL database, and checks /api/health, a search, the
# HEALTHCHECK script, the tfjs .wasm files and the CLI bundles' imports. Writes test-reports/standalone.json.
#
# Needs: a `next build` (run here when .next/standalone is missing) and PostgreSQL at TEST_DATABASE_URL
# (default postgresql://postgres@127.0.0.1:5432/postgres).
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
PORT="${STANDALONE_PORT:-3150}"
ADMIN_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
DB_NAME="ps_standalone_$$"
DB_URL="$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$ADMIN_URL" "$DB_NAME")"
APP="$(mktemp -d "${TMPDIR:-/tmp}/patternscope-app.XXXXXX")"
LOG="$APP.log"
SERVER_PID=""
passed=0
failed=0
results=()

check() { # check NAME COMMAND...: runs one check and records it
  local name=$1; shift
  if "$@"; then
    echo "ok   - $name"; passed=$((passed + 1)); results+=("{\"name\":\"$name\",\"ok\":true}")
  else
    echo "FAIL - $name"; failed=$((failed + 1)); results+=("{\"name\":\"$name\",\"ok\":false}")
  fi
}

sql() { # sql STATEMENT: runs one statement on the admin database (node + pg, so psql is not needed)
  node --input-type=module -e '
    import pg from "pg";
    const client = new pg.Client({ connectionString: process.argv[1] });
    await client.connect();
    try { await client.query(process.argv[2]); } finally { await client.end(); }
  ' "$ADMIN_URL" "$1"
}

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  sql "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" 2>/dev/null || true
  rm -rf "$APP" "$LOG" "$APP.csv"
}
trap cleanup EXIT

report() {
  mkdir -p test-reports
  local joined
  joined=$(IFS=,; echo "${results[*]:-}")
  echo "{\"passed\":$passed,\"failed\":$failed,\"checks\":[${joined}]}" > test-reports/standalone.json
  echo "standalone: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# 1. Build (only when missing: `npm test` has just built) and assemble exactly as the Dockerfile does.
if [ ! -f .next/standalone/server.js ] || [ ! -f .next/BUILD_ID ]; then
  echo "[standalone] no standalone build found: running next build"
  npx next build || { check "next build" false; report; exit 1; }
fi
if ! bash scripts/assemble-standalone.sh .next/standalone; then
  check "assemble the app folder" false; report; exit 1
fi
check "assemble the app folder" true
cp -a .next/standalone/. "$APP/"

# 2. Files the runtime needs, in the copied folder.
check "tfjs wasm files present" bash -c "ls '$APP'/node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm >/dev/null"
tfjs_wasm_ok() { # the server imports tfjs at run time; its wasm must load from the folder, not fall back to cpu
  local out rc
  out=$(cd "$APP" && env -i PATH="$PATH" node --input-type=module -e '
    const tf = await import("@tensorflow/tfjs");
    await import("@tensorflow/tfjs-backend-wasm");
    const ok = await tf.setBackend("wasm");
    console.log(`tfjs backend: ${tf.getBackend()}`);
    process.exit(ok && tf.getBackend() === "wasm" ? 0 : 1);
  ' 2>&1)
  rc=$?
  echo "$out" | grep -E "tfjs backend|Error" | sed 's/^/  /'
  return $rc
}
check "tfjs initializes its wasm backend from the app folder" tfjs_wasm_ok
check "CLI bundles' package imports resolve inside the app folder" node --input-type=module -e '
  import fs from "node:fs";
  const app = process.argv[1];
  const externals = JSON.parse(fs.readFileSync(`${app}/dist/externals.json`, "utf8"));
  let bad = 0;
  for (const [bundle, specifiers] of Object.entries(externals)) {
    for (const specifier of specifiers) {
      try { import.meta.resolve(specifier, `file://${app}/dist/${bundle}.mjs`); }
      catch { console.error(`  ${bundle}.mjs cannot resolve ${specifier}`); bad++; }
    }
  }
  process.exit(bad ? 1 : 0);
' "$APP"

# 3. A fresh database, migrated by the image's migration role (what the Helm hook Job runs).
if ! sql "CREATE DATABASE \"$DB_NAME\""; then
  check "create a database on $ADMIN_URL" false; report; exit 1
fi
check "migration job (docker-entrypoint.sh migrate)" env -i PATH="$PATH" HOME="$HOME" DATABASE_URL="$DB_URL" \
  "$APP/docker-entrypoint.sh" migrate

# Enough candles (12 tickers x 1,500 days) that a preset search is split over the worker threads.
node -e '
  const lines = ["date,open,high,low,close,volume,Name"];
  let seed = 7; const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let t = 0; t < 12; t++) {
    let x = 50 + t;
    for (let i = 0; i < 1500; i++) {
      const day = new Date(Date.UTC(2010, 0, 4) + i * 86400000).toISOString().slice(0, 10);
      const o = x; x *= Math.exp((rand() - 0.5) * 0.04);
      lines.push([day, o.toFixed(4), (Math.max(o, x) * 1.01).toFixed(4), (Math.min(o, x) * 0.99).toFixed(4), x.toFixed(4), 100000, `SYN${t}`].join(","));
    }
  }
  require("node:fs").writeFileSync(process.argv[1], lines.join("\n") + "\n");
' "$APP.csv"
check "import CLI bundle (dist/import.mjs) stores a generated file" env -i PATH="$PATH" HOME="$HOME" DATABASE_URL="$DB_URL" \
  node "$APP/dist/import.mjs" "$APP.csv"

# 4. The web role, started the way the image's CMD starts it (env -i: only what a container would have).
env -i PATH="$PATH" HOME="$HOME" NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT="$PORT" BIND_HOST=127.0.0.1 \
  ADMIN_EMAIL=standalone-admin@patternscope.test ADMIN_PASSWORD=standalone-admin-password \
  DATABASE_URL="$DB_URL" "$APP/docker-entrypoint.sh" web > "$LOG" 2>&1 &
SERVER_PID=$!

health_ok() {
  for _ in $(seq 1 120); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "  the server exited:"; tail -20 "$LOG"; return 1; fi
    body=$(node -e 'fetch(process.argv[1]).then(async (r) => { if (r.status !== 200) process.exit(1); console.log(await r.text()); }).catch(() => process.exit(1))' \
      "http://127.0.0.1:$PORT/api/health" 2>/dev/null) && break
    sleep 1
  done
  echo "  /api/health -> ${body:-no answer}"
  node -e 'const b = JSON.parse(process.argv[1]); process.exit(b.status === "ok" && b.db === "ok" ? 0 : 1)' "${body:-null}" 2>/dev/null
}
check "GET /api/health is 200 {status: ok, db: ok}" health_ok

search_ok() {
  node --input-type=module -e '
    const response = await fetch(process.argv[1], {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: { type: "preset", name: "double-bottom" }, topK: 5 }),
    });
    const text = await response.text();
    console.log(`  /api/search -> ${response.status} ${text.slice(0, 200)}`);
    process.exit(response.status === 200 ? 0 : 1);
  ' "http://127.0.0.1:$PORT/api/search"
}
check "POST /api/search (preset double-bottom) is 200" search_ok

security_headers_ok() { # next.config's headers() reach API answers, 404s and error answers of the real server
  node --input-type=module -e '
    const base = process.argv[1];
    const want = { "x-content-type-options": /^nosniff$/, "x-frame-options": /^DENY$/, "referrer-policy": /./, "content-security-policy": /frame-ancestors .none./ };
    let ok = true;
    for (const [path, init] of [["/api/health"], ["/api/tickers/NOPE/candles"], ["/no-such-page"], ["/api/search", { method: "POST", body: "{bad" }]]) {
      const r = await fetch(base + path, init);
      const missing = Object.entries(want).filter(([k, re]) => !re.test(r.headers.get(k) ?? "")).map(([k]) => k);
      if (r.headers.get("x-powered-by")) missing.push("x-powered-by present");
      console.log(`  ${path} -> ${r.status}${missing.length ? ` missing: ${missing.join(", ")}` : " all security headers"}`);
      if (missing.length) ok = false;
    }
    process.exit(ok ? 0 : 1);
  ' "http://127.0.0.1:$PORT"
}
check "security headers on API, 404 and error answers" security_headers_ok
# The kernel reaches the worker threads as source text; a minifier that renamed it must not push every search
# back onto the web event loop (it did once: every chart read then waited for every search).
check "the bundled search kernel answers from worker threads" bash -c "grep -q 'worker threads answering' '$LOG' && ! grep -q 'worker thread failed' '$LOG'"

check "image HEALTHCHECK script passes" env PORT="$PORT" node "$APP/healthcheck.mjs"

# Further checks against this running server, one file each (security, uploads, ...): each exits 0 when it holds.
for script in tests/standalone/*.mjs; do
  [ -e "$script" ] || continue
  check "$(basename "$script" .mjs)" env BASE_URL="http://127.0.0.1:$PORT" DATABASE_URL="$DB_URL" APP_DIR="$APP" SERVER_LOG="$LOG" node "$script"
done

if [ "$failed" -gt 0 ]; then echo "[standalone] server log:"; tail -40 "$LOG"; fi
report
