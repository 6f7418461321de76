"""Assemble bench/results/latest.md from one `make bench` run (issue #8 item 5).

    .venv/bin/python bench/report.py RUN_DIR OUT.md
"""

import csv
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

TARGET_MS = 150  # DESIGN §4: scoped list and detail p95 at 10 concurrent users
TARGETED = ("list_", "detail")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))) // 1024 // 1024
    try:
        pg = subprocess.run(["psql", os.environ.get("DATABASE_URL", ""), "-Atc",
                             "show server_version"],
                            capture_output=True, text=True, timeout=10).stdout.strip()
    except OSError:
        pg = "?"
    return (f"{os.cpu_count()} vCPU ({cpu}), {mem} GB RAM, PostgreSQL {pg}, "
            f"Python {platform.python_version()}")


def data_size() -> str:
    q = ("select (select count(*) from cases_case), (select count(*) from cases_caseevent), "
         "(select count(*) from parties_party)")
    try:
        out = subprocess.run(["psql", os.environ.get("DATABASE_URL", ""), "-Atc", q],
                             capture_output=True, text=True, timeout=120).stdout.strip()
        cases, events, parties = (int(x) for x in out.split("|"))
        return f"{cases:,} cases, {events:,} events, {parties:,} parties"
    except (OSError, ValueError):
        return "?"


def main(run_dir: str, out: str) -> None:
    run = Path(run_dir)
    lines = [f"# Benchmark run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
             f"- Machine: {machine()} (shared with other work: noisy; medians are the"
             " steadier figure)",
             f"- Data: {data_size()}",
             f"- Load: locust headless, {os.environ.get('BENCH_USERS', '10')} users, think time"
             f" 0.5–1.5 s, {os.environ.get('BENCH_TIME', '60s')} per scenario; granian 2 workers,"
             " DEBUG off, on loopback", "",
             "| Scenario | Request | requests | median ms | p95 ms | req/s | failures | target |",
             "|---|---|---:|---:|---:|---:|---:|---|"]
    for stats in sorted(run.glob("*_stats.csv")):
        for row in csv.DictReader(stats.open()):
            if row["Name"] == "Aggregated":
                continue
            scenario = stats.name.removesuffix("_stats.csv")
            p95 = float(row["95%"])
            target = ""
            if scenario.startswith(TARGETED):
                target = (f"met (p95 ≤ {TARGET_MS})" if p95 <= TARGET_MS
                          else f"**missed by {p95 - TARGET_MS:.0f} ms**")
            lines.append(f"| {scenario} | `{row['Name'].split(' ', 1)[1]}` | {row['Request Count']}"
                         f" | {float(row['Median Response Time']):.0f} | {p95:.0f}"
                         f" | {float(row['Requests/s']):.1f} | {row['Failure Count']} | {target} |")
    measure = run / "measure.json"
    if measure.exists():
        lines += ["", "In-process (one request at a time, Django test client): queries per page and"
                  " page time against the raw time of the same SQL run again directly.", "",
                  "| Page | queries | page ms (median) | SQL ms (median) | page / SQL |",
                  "|---|---:|---:|---:|---:|"]
        for name, m in json.loads(measure.read_text()).items():
            lines.append(f"| {name} `{m['url']}` | {m['queries']} | {m['page_ms']} | {m['sql_ms']}"
                         f" | {m['ratio']} |")
    export = run / "export.json"
    if export.exists():
        e = json.loads(export.read_text())
        flat = e["worker_rss_peak_mb"] - e["worker_rss_before_mb"]
        lines += ["", f"Export (`GET /api/v1/cases/export?format=csv`, Pusat, one province): "
                  f"HTTP {e['status']}, {e['lines']:,} lines, {e['bytes'] / 1e6:.1f} MB in "
                  f"{e['seconds']} s (first byte {e['first_byte_s']} s). Serving worker RSS "
                  f"{e['worker_rss_before_mb']} MB before, peak {e['worker_rss_peak_mb']} MB "
                  f"(+{flat:.1f} MB), at 10/50/90 % of the download "
                  f"{e['worker_rss_profile_mb']} MB, {e['worker_rss_after_mb']} MB after."]
    else:
        lines += ["", "Export: not measured in this run."]
    weight = run / "pageweight.json"
    if weight.exists():
        pages = json.loads(weight.read_text())
        how = next(iter(pages.values()), {}).get("method", "")
        lines += ["", f"Page weight ({how}; HTML and every static asset it loads):", "",
                  "| Page | requests | on the wire KB | uncompressed KB | gzip KB |",
                  "|---|---:|---:|---:|---:|"]
        for name, w in pages.items():
            lines.append(f"| {name} `{w['url']}` | {w['requests']} | {w['wire_kb'] or '–'} |"
                         f" {w['raw_kb']} | {w['gzip_kb']} |")
    text = "\n".join(lines) + "\n"
    Path(out).write_text(text)
    print(text)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
