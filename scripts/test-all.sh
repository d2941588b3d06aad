#!/usr/bin/env bash
# `npm test`: every check the project has, in order: types, lint, unit + integration (real PostgreSQL and PGlite),
# a production build, the browser tests (Debian Chromium), and the standalone-image path. Ends with one
# "tests: N passed, N failed, N skipped" line.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p test-reports
rm -f test-reports/vitest.json test-reports/vitest.log test-reports/playwright.json test-reports/standalone.json
failed_steps=()

# Browser tests use Debian's Chromium (Playwright's own download cannot reach this network).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "warning: could not install chromium"
fi

run_step() {
  local name=$1; shift
  echo
  echo "=== $name ==="
  local started=$SECONDS
  if "$@"; then
    echo "=== $name: ok ($((SECONDS - started)) s) ==="
  else
    echo "=== $name: FAILED ($((SECONDS - started)) s) ==="
    failed_steps+=("$name")
  fi
}

run_step typecheck npx tsc --noEmit
run_step lint npx eslint .
# Kept in a log too: Vitest can fail with every test passed (an unhandled error, a suite's hook), and its JSON
# report does not say so; the summary quotes the log then.
unit_tests() {
  npx vitest run --reporter=default --reporter=json --outputFile.json=test-reports/vitest.json 2>&1 | tee test-reports/vitest.log
}
run_step "unit and integration tests" unit_tests
run_step build npx next build
run_step "browser tests" env PLAYWRIGHT_JSON_OUTPUT_NAME=test-reports/playwright.json npx playwright test --reporter=list,json
if [ -f scripts/test-standalone.sh ]; then
  run_step "standalone build" bash scripts/test-standalone.sh
fi

node scripts/test-summary.mjs "${failed_steps[@]}"
