"""Export of ~100,000 rows through the API while sampling the server's memory.

    .venv/bin/python bench/export_rss.py STATE.json BASE_URL SERVER_PID OUT.json

Streams GET /api/v1/cases/export?format=csv&region=<BENCH_EXPORT_REGION> (Jawa Tengah,
~102,000 of the 1 M synthetic cases) as Pusat, counting rows and bytes, while a thread
reads VmRSS of the granian process and all its children from /proc every 50 ms.
"""

import json
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path


def tree(pid: int) -> list[int]:
    pids = [pid]
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                ppid = int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                pids.extend(tree(int(p.name)))
    return pids


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(state_path, base, server_pid, out_path, region="33"):
    state = json.loads(Path(state_path).read_text())
    pids = tree(int(server_pid))
    samples: list[tuple[float, dict[int, int]]] = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            samples.append((time.perf_counter(), {p: rss_kb(p) for p in pids}))
            time.sleep(0.05)

    before = {p: rss_kb(p) for p in pids}
    thread = threading.Thread(target=sample, daemon=True)
    url = f"{base}/api/v1/cases/export?format=csv&region={region}"
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {state['tokens']['bench_pusat']}"})
    start = time.perf_counter()
    thread.start()
    rows = size = 0
    first_byte = None
    status = None
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            status = response.status
            while chunk := response.read(65536):
                if first_byte is None:
                    first_byte = time.perf_counter() - start
                size += len(chunk)
                rows += chunk.count(b"\n")
    except urllib.error.HTTPError as exc:
        status = exc.code
    total = time.perf_counter() - start
    done.set()
    thread.join()
    after = {p: rss_kb(p) for p in pids}
    peak = {p: max(s[1].get(p, 0) for s in samples) for p in pids}
    # The worker that served the export is the one whose RSS moved most.
    worker = max(pids, key=lambda p: peak[p] - before[p])
    result = {
        "status": status, "lines": rows, "bytes": size,
        "seconds": round(total, 1), "first_byte_s": round(first_byte or 0, 2),
        "worker_rss_before_mb": round(before[worker] / 1024, 1),
        "worker_rss_peak_mb": round(peak[worker] / 1024, 1),
        "worker_rss_after_mb": round(after[worker] / 1024, 1),
        "samples": len(samples),
        # RSS of the serving worker at 10 %, 50 % and 90 % of the download (flat = constant).
        "worker_rss_profile_mb": [
            round(samples[int(len(samples) * f)][1].get(worker, 0) / 1024, 1)
            for f in (0.1, 0.5, 0.9)] if samples else [],
    }
    print(json.dumps(result))
    Path(out_path).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:])
