#!/bin/sh
# Entry point of the Patternscope image (also used by scripts/test-standalone.sh, so the tested path is this one).
#   web      (default) the Next standalone server on $PORT, after the first-admin check (scripts/first-run.ts);
#            set MIGRATE_ON_START=true to migrate first
#   worker   the background job worker (training, indexing, daily data refresh); also creates the first admin
#   migrate  apply pending database migrations and exit (the Helm hook Job runs this)
#   import   the CSV/JSON importer, e.g. `import /data/stocks.csv`
#   anything else is executed as given (e.g. `sh`)
set -e
cd "$(dirname "$0")"

need_database() {
  if [ -z "${DATABASE_URL:-}" ]; then
    echo "[patternscope] DATABASE_URL is not set. The image needs a PostgreSQL database (see docs/deploy.md);" >&2
    echo "[patternscope] the embedded database is for \`npm start\` on a workstation only." >&2
    exit 64
  fi
}

role="${1:-web}"
[ $# -gt 0 ] && shift
case "$role" in
  web)
    need_database
    if [ "${MIGRATE_ON_START:-false}" = "true" ]; then node dist/migrate.mjs; fi
    # The first admin from ADMIN_EMAIL/ADMIN_PASSWORD, else the setup token /setup asks for (printed to this log);
    # ADMIN_* that are set but unusable stop the start here (exit 78).
    node dist/first-run.mjs
    # Next's standalone server binds $HOSTNAME, which Docker and Kubernetes set to the container's name; that
    # would hide the server from the loopback health check and from other interfaces.
    export HOSTNAME="${BIND_HOST:-0.0.0.0}"
    exec node server.js "$@"
    ;;
  worker)
    need_database
    exec node dist/worker.mjs "$@"
    ;;
  migrate)
    need_database
    exec node dist/migrate.mjs "$@"
    ;;
  import)
    need_database
    exec node dist/import.mjs "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
