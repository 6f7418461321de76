#!/usr/bin/env bash
# make bench (issue #8 item 5): granian (2 workers, DEBUG off) on loopback against the
# benchmark database, one locust headless run per scenario (bounded in time), then the
# in-process query counts and SQL-time ratio, the export memory profile and the page
# weight through Chromium. Result: bench/results/latest.md.
#
#   BENCH_DATABASE_URL  database with the synthetic cases (seed_synthetic)
#                       default postgres://postgres@127.0.0.1:5432/selaras_bench_1m
#   BENCH_TIME          per scenario (default 60s); BENCH_USERS (default 10)
#   BENCH_SCENARIOS     default: list_pusat list_kanwil list_kua search detail create dashboard
#   BENCH_PORT          default 8765
# Only bench users (bench_*), their tokens and sessions and the cases of the `create`
# scenario are written to the database.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/selaras_bench_1m}"
export SELARAS_DATA_DIR="${SELARAS_DATA_DIR:-/tmp/benchdata}"
export DEBUG=false SECURE_COOKIES=false STATIC_MANIFEST=false LOG_LEVEL=WARNING
# PostgreSQL per-connection settings (libpq reads PGOPTIONS): the defaults' 4 MB work_mem
# turns a search's bitmap lossy (167,000 rows re-checked for a Kanwil search count) and
# JIT compiles every query costlier than 100,000 (150-370 ms spent compiling a count).
# docs/benchmarks.md (issue #8) recommends the same for production.
export PGOPTIONS="${BENCH_PGOPTIONS:--c work_mem=16MB -c jit=off}"
# The per-token API rate limits (120/min, 30/min writes) would turn the load into 429s.
export API_RATE_LIMIT=1000000/minute API_RATE_LIMIT_WRITE=1000000/minute
export BENCH_TIME="${BENCH_TIME:-60s}" BENCH_USERS="${BENCH_USERS:-10}"
PORT="${BENCH_PORT:-8765}"
BASE="http://127.0.0.1:$PORT"
SCENARIOS="${BENCH_SCENARIOS:-list_pusat list_kanwil list_kua search detail create dashboard}"
RUN="$SELARAS_DATA_DIR/run-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$RUN" bench/results
export BENCH_STATE="$RUN/state.json"

echo "== preparing bench users, tokens and sessions"
.venv/bin/python bench/prepare.py "$BENCH_STATE" 2>/dev/null

echo "== granian on $BASE (2 workers)"
.venv/bin/granian --interface wsgi selaras.wsgi:application --host 127.0.0.1 --port "$PORT" \
    --workers 2 --no-access-log >"$RUN/granian.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 1; done
curl -fs "$BASE/healthz" >/dev/null || { echo "server did not start"; cat "$RUN/granian.log"; exit 1; }

for s in $SCENARIOS; do
    echo "== locust: $s ($BENCH_USERS users, $BENCH_TIME)"
    BENCH_SCENARIO=$s .venv/bin/locust -f bench/locustfile.py --headless -u "$BENCH_USERS" \
        -r "$BENCH_USERS" -t "$BENCH_TIME" --host "$BASE" --csv "$RUN/$s" --only-summary \
        --stop-timeout 10 2>&1 | tail -n 4 || true
done

echo "== export of one province (~100,000 rows) with the worker's memory sampled"
.venv/bin/python bench/export_rss.py "$BENCH_STATE" "$BASE" "$SERVER" "$RUN/export.json" \
    "${BENCH_EXPORT_REGION:-33}" || echo "export not measured"

echo "== page weight through Chromium"
.venv/bin/python bench/pageweight.py "$BENCH_STATE" "$BASE" "$RUN/pageweight.json" \
    || echo "page weight not measured"

echo "== query counts and page time / SQL time (in-process)"
.venv/bin/python bench/measure.py "$BENCH_STATE" "$RUN/measure.json" 2>/dev/null \
    || echo "in-process measurements failed"

.venv/bin/python bench/report.py "$RUN" bench/results/latest.md
