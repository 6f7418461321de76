"""In-process measurements for `make bench`: query counts per page, and the case list's
page time against the raw time of its SQL (issue #8 item 5).

    .venv/bin/python bench/measure.py STATE.json OUT.json

For each page: 7 requests through Django's test client (the first one warms up),
the queries of the last one captured with CaptureQueriesContext and executed again
directly on the same connection 5 times; median page time / median SQL time.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selaras.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = [
    # (name, who, url, api)
    ("list_pusat", "bench_pusat", "/api/v1/cases", True),
    ("list_kanwil", "bench_penangan_kanwil", "/kasus/", False),
    ("list_kua", "bench_penangan_kua", "/kasus/", False),
    ("search", "bench_penangan_kanwil", "/kasus/?q=penodaan", False),
    ("detail", "bench_penangan_kanwil", "/kasus/{number}/", False),
    ("dashboard", "bench_analis", "/dasbor/", False),
]


def client_for(state, who, api):
    if api:
        return Client(headers={"Authorization": f"Bearer {state['tokens'][who]}"})
    client = Client()
    client.cookies[state["cookie_name"]] = state["sessions"][who]
    return client


def sql_time(queries) -> float:
    """Median over 5 rounds of executing every captured statement again (ms)."""
    rounds = []
    with connection.cursor() as cursor:
        for _ in range(5):
            start = time.perf_counter()
            for q in queries:
                sql = q["sql"]
                if sql.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")) or not sql.upper(
                ).lstrip().startswith(("SELECT", "WITH")):
                    continue  # writes (session, access log) are not re-run
                cursor.execute(sql)
                cursor.fetchall()
            rounds.append((time.perf_counter() - start) * 1000)
    return statistics.median(rounds)


def main(state_path: str, out_path: str) -> None:
    state = json.loads(Path(state_path).read_text())
    number = state["numbers"]["kanwil"][0]
    results = {}
    for name, who, url, api in PAGES:
        url = url.format(number=number)
        client = client_for(state, who, api)
        times = []
        for _ in range(7):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url, headers={"Accept-Language": "id"})
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        page_ms = statistics.median(times[1:])
        sql_ms = sql_time(ctx.captured_queries)
        results[name] = {"url": url, "queries": len(ctx.captured_queries),
                         "page_ms": round(page_ms, 1), "sql_ms": round(sql_ms, 1),
                         "ratio": round(page_ms / sql_ms, 2) if sql_ms else None}
        print(name, results[name], flush=True)
    Path(out_path).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
