#!/usr/bin/env bash
# Run the whole test suite on SQLite, then on PostgreSQL when it is reachable.
#
#   SELARAS_REQUIRE_POSTGRES=1   an unreachable PostgreSQL is a failure (CI)
#   SELARAS_TEST_DATABASE_URL    PostgreSQL to use (default postgres://postgres@127.0.0.1:5432/selaras;
#                                pytest-django creates and drops test_selaras[_gwN] there)
#   PYTEST_WORKERS               parallel pytest-xdist workers (default 2; 0 = no xdist)
# Extra arguments go to pytest, e.g. `scripts/test.sh tests/commands -x`.
set -uo pipefail
cd "$(dirname "$0")/.."

pg_url="${SELARAS_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/selaras}"
workers="${PYTEST_WORKERS:-2}"
pytest_args=(-p no:cacheprovider)
if [ "$workers" != "0" ]; then
    pytest_args+=(-n "$workers")
fi
pytest_args+=("$@")

# Tests never touch ./var: their files go to a throw-away data directory.
data_dir="$(mktemp -d -t selaras-test.XXXXXX)"
trap 'rm -rf "$data_dir"' EXIT

run_suite() {  # $1 = label; the environment decides the database
    echo
    echo "=== Test suite on $1 ==="
    SELARAS_DATA_DIR="$data_dir" .venv/bin/pytest "${pytest_args[@]}"
    local rc=$?
    if [ "$rc" -eq 5 ]; then
        echo "$1: pytest collected no tests — that is a failure."
    fi
    return "$rc"
}

postgres_reachable() {
    DATABASE_URL="$pg_url" .venv/bin/python - <<'PY' 2>/dev/null
import os, sys
import dj_database_url, psycopg
cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
try:
    # The maintenance database: the target database itself need not exist.
    psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                    password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=3).close()
except Exception:
    sys.exit(1)
PY
}

status=0
summary=()

(unset DATABASE_URL; run_suite SQLite)
rc=$?
summary+=("SQLite: $([ $rc -eq 0 ] && echo passed || echo "FAILED (pytest exit $rc)")")
[ $rc -eq 0 ] || status=1

if postgres_reachable; then
    DATABASE_URL="$pg_url" run_suite "PostgreSQL ($pg_url)"
    rc=$?
    summary+=("PostgreSQL: $([ $rc -eq 0 ] && echo passed || echo "FAILED (pytest exit $rc)")")
    [ $rc -eq 0 ] || status=1
elif [ "${SELARAS_REQUIRE_POSTGRES:-0}" = "1" ]; then
    summary+=("PostgreSQL: FAILED — not reachable at $pg_url and SELARAS_REQUIRE_POSTGRES=1")
    status=1
else
    summary+=("PostgreSQL not reachable: skipped the PostgreSQL run ($pg_url)")
fi

echo
echo "=== Summary ==="
printf '%s\n' "${summary[@]}"
exit $status
