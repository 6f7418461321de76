#!/usr/bin/env bash
# Run a production-profile instance on this machine and check it end to end:
# PostgreSQL (a throw-away database), granian with two workers, a task worker, the
# scheduler, attachments in an S3 stand-in (moto's server), hashed+compressed static
# files (whitenoise), JSON logs, /readyz and /metrics. Stops everything afterwards.
#
#   scripts/production-check.sh            (PostgreSQL at 127.0.0.1:5432, user postgres)
#   PG_URL=postgres://user@host:5432 scripts/production-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

pg_url="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
db="selaras_prodcheck_$$"
port="${PORT:-8765}"
s3_port="${S3_PORT:-8766}"
work="$(mktemp -d -t selaras-prodcheck.XXXXXX)"
py=.venv/bin/python
pids=()

cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    psql "$pg_url/postgres" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

say() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

say "S3 stand-in (moto) on 127.0.0.1:$s3_port"
.venv/bin/moto_server -H 127.0.0.1 -p "$s3_port" >"$work/moto.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$s3_port/" >/dev/null 2>&1 && break; sleep 0.2; done
$py - "$s3_port" <<'PY'
import sys, boto3
boto3.client("s3", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1",
             aws_access_key_id="test", aws_secret_access_key="test").create_bucket(Bucket="selaras")
PY

export DATABASE_URL="$pg_url/$db" SELARAS_DATA_DIR="$work/data" SECRET_KEY="prodcheck-$(date +%s)-not-secret-abcdefghijklmnopqrstuvwxyz"
export DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost STATIC_MANIFEST=true LOG_FORMAT=json
export ATTACHMENTS_STORAGE=s3 S3_ENDPOINT_URL="http://127.0.0.1:$s3_port" S3_BUCKET=selaras
export S3_ACCESS_KEY_ID=test S3_SECRET_ACCESS_KEY=test SCHEDULER_INTERVAL_SECONDS=2
export PROMETHEUS_MULTIPROC_DIR="$work/metrics" METRICS_TOKEN=prodcheck-metrics
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"

say "Database $db: migrate, regions of one province, offices, static files"
psql "$pg_url/postgres" -qc "CREATE DATABASE $db" >/dev/null
$py manage.py migrate -v0
$py manage.py load_regions --provinces 32 >/dev/null
$py manage.py build_units --provinces 32 >/dev/null
$py manage.py collectstatic --noinput -v0

say "granian (2 workers), task worker, scheduler"
.venv/bin/granian --interface wsgi selaras.wsgi:application --host 127.0.0.1 --port "$port" \
    --workers 2 --no-access-log >"$work/web.log" 2>&1 &
pids+=($!)
$py manage.py db_worker --no-startup-delay >"$work/worker.log" 2>&1 &
pids+=($!)
$py manage.py run_scheduler >"$work/scheduler.log" 2>&1 &
pids+=($!)

base="http://127.0.0.1:$port"
ready=""
for _ in $(seq 1 90); do
    if body="$(curl -fs "$base/readyz")"; then ready="$body"; break; fi
    sleep 1
done
[ -n "$ready" ] || { curl -s "$base/readyz" || true; tail -20 "$work/web.log"; fail "/readyz never became ready"; }
echo "/readyz: $ready"

say "Static files: hashed names, compressed"
css="$(curl -fs "$base/akun/masuk/" | grep -o '/static/[^"]*\.css' | head -1)"
[ -n "$css" ] || fail "no stylesheet on the login page"
echo "$css" | grep -Eq '\.[0-9a-f]{12}\.css$' || fail "stylesheet name is not hashed: $css"
encoding="$(curl -fsI -H 'Accept-Encoding: gzip' "$base$css" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-encoding"{print $2}')"
[ "$encoding" = "gzip" ] || fail "stylesheet not served compressed (Content-Encoding: '$encoding')"
echo "$css served with Content-Encoding: $encoding"

say "A case and an attachment through the API; the file lands in the bucket"
read -r token case_number < <($py - "$base" <<'PY'
import json, os, sys, urllib.request
from datetime import datetime, timedelta, timezone
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selaras.settings")
django.setup()
from selaras.accounts.models import ApiToken, User
from selaras.org.models import Membership, Unit
user, _ = User.objects.get_or_create(username="prodcheck", defaults={"full_name": "Prod check"})
Membership.objects.get_or_create(user=user, unit=Unit.objects.get(code="3273"), role="kepala")
_t, token = ApiToken.issue(user, scope="write")  # creates a case, uploads
when = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat()
body = json.dumps({
    "title": "Uji profil produksi", "chronology": "Uji unggah lampiran ke penyimpanan objek.",
    "category": "rumah_ibadah", "occurred_at": when, "location": "3273011001",
    "alert_level": 1}).encode()
req = urllib.request.Request(sys.argv[1] + "/api/v1/cases", data=body, method="POST", headers={
    "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
with urllib.request.urlopen(req) as r:
    print(token, json.loads(r.read())["number"])
PY
)
echo "case $case_number"
printf 'isi lampiran uji produksi\n' >"$work/catatan.txt"
upload="$(curl -fs -H "Authorization: Bearer $token" -F kind=dokumen -F "file=@$work/catatan.txt" \
    "$base/api/v1/cases/$case_number/attachments")" || fail "attachment upload refused"
attachment_id="$($py -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$upload")"
curl -fs -H "Authorization: Bearer $token" \
    "$base/api/v1/cases/$case_number/attachments/$attachment_id/download" -o "$work/back.txt"
cmp -s "$work/catatan.txt" "$work/back.txt" || fail "downloaded attachment differs"
$py - "$s3_port" <<'PY'
import sys, boto3
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
keys = [o["Key"] for o in s3.list_objects_v2(Bucket="selaras").get("Contents", [])]
assert any(k.startswith("attachments/") and k.endswith(".txt") for k in keys), keys
print("in the bucket:", ", ".join(keys))
PY

say "Metrics (token), JSON logs with request ids"
# Each granian worker writes its counters to its own file in PROMETHEUS_MULTIPROC_DIR; on a
# loaded machine the scrape can come before a worker's first write is visible: ask again.
for _ in $(seq 10); do
    metrics="$(curl -fs -H "Authorization: Bearer $METRICS_TOKEN" "$base/metrics")"
    echo "$metrics" | grep -q 'selaras_http_requests_total{' && break
    sleep 1
done
if ! echo "$metrics" | grep -q 'selaras_http_requests_total{'; then
    echo "metric families seen: $(echo "$metrics" | grep '^# TYPE' | cut -d' ' -f3 | tr '\n' ' ')" >&2
    echo "files in $PROMETHEUS_MULTIPROC_DIR: $(ls "$PROMETHEUS_MULTIPROC_DIR" | tr '\n' ' ')" >&2
    fail "no request metrics"
fi
echo "$metrics" | grep -q 'selaras_heartbeat_age_seconds{process="worker"}' || fail "no heartbeat metric"
echo "$metrics" | grep -E '^selaras_(task_queue_depth|overdue_cases|heartbeat_age_seconds)' | head -5
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/metrics" -H 'X-Forwarded-For: 203.0.113.1')" = 404 ] \
    || fail "/metrics answered a proxied request without the token"
$py - "$work/web.log" "$work/worker.log" <<'PY'
import json, sys
lines = [l for f in sys.argv[1:] for l in open(f) if l.startswith("{")]
records = [json.loads(l) for l in lines]
print(f"{len(records)} JSON log lines; fields of one: {sorted(records[-1])}" if records
      else "no JSON log lines yet (nothing logged at INFO)")
PY

say "OK: production profile works (granian ×2, worker, scheduler, PostgreSQL, S3, whitenoise)"
