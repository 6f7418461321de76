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

run_suite() {  # $1 = label, then extra pytest arguments; the environment decides the database
    local label="$1"
    shift
    echo
    echo "=== Test suite on $label ==="
    SELARAS_DATA_DIR="$data_dir" .venv/bin/pytest "${pytest_args[@]}" "$@"
    local rc=$?
    if [ "$rc" -eq 5 ]; then
        echo "$label: pytest collected no tests — that is a failure."
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

# The browser tests (tests/browser) drive the UI through a live server; they run once, on
# PostgreSQL when it is reachable (its live server gives every request thread its own
# connection, whereas in-memory SQLite shares one connection between the threads), and on
# SQLite only when there is no PostgreSQL.
sqlite_args=()
if postgres_reachable; then
    pg_up=1
    sqlite_args=(--ignore=tests/browser)
else
    pg_up=0
fi

(unset DATABASE_URL; run_suite SQLite "${sqlite_args[@]}")
rc=$?
summary+=("SQLite$([ "$pg_up" = 1 ] && echo " (browser tests: on PostgreSQL)"): $([ $rc -eq 0 ] && echo passed || echo "FAILED (pytest exit $rc)")")
[ $rc -eq 0 ] || status=1

if [ "$pg_up" = 1 ]; then
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
