"""Page weight of the case list and the dashboard (issue #8 item 5).

    .venv/bin/python bench/pageweight.py STATE.json BASE_URL OUT.json

Loads each page in headless Debian Chromium (playwright, /usr/bin/chromium) with a bench
session, and sums for every response: bytes on the wire (body as transferred + headers)
and the gzip size of the body (what a compressing proxy such as nginx would send;
granian and whitenoise compress static files only when STATIC_MANIFEST is on).
Without Chromium (not installed on every machine) the fallback fetches the HTML and the
same-origin stylesheets, scripts and images it references and sums their gzip sizes.
"""

import gzip
import json
import re
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlparse

from playwright.sync_api import sync_playwright

PAGES = [("case list (Kanwil)", "bench_penangan_kanwil", "/kasus/"),
         ("case list (KUA)", "bench_penangan_kua", "/kasus/"),
         ("dashboard", "bench_analis", "/dasbor/")]
CHROMIUM = "/usr/bin/chromium"


def fetch(url: str, cookie: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie, "Accept-Language": "id"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read()


def without_browser(state, base) -> dict:
    """Sum of gzip sizes of the HTML and its same-origin assets (no browser)."""
    results = {}
    for name, who, url in PAGES:
        cookie = f"{state['cookie_name']}={state['sessions'][who]}"
        status, html = fetch(base + url, cookie)
        assets = sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)))
        bodies = [html] + [fetch(urljoin(base, a.decode()), cookie)[1] for a in assets]
        results[name] = {"url": url, "requests": len(bodies), "wire_kb": None,
                         "raw_kb": round(sum(map(len, bodies)) / 1024, 1),
                         "gzip_kb": round(sum(len(gzip.compress(b, 6)) for b in bodies) / 1024, 1),
                         "status": status, "method": "gzip sum, no browser"}
        print(name, results[name], flush=True)
    return results


def main(state_path, base, out_path):
    state = json.loads(Path(state_path).read_text())
    if not Path(CHROMIUM).exists():
        Path(out_path).write_text(json.dumps(without_browser(state, base), indent=1))
        return
    host = urlparse(base).hostname
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        for name, who, url in PAGES:
            context = browser.new_context()
            context.add_cookies([{"name": state["cookie_name"], "value": state["sessions"][who],
                                  "domain": host, "path": "/"}])
            page = context.new_page()
            responses = []
            page.on("response", responses.append)
            page.goto(base + url, wait_until="networkidle")
            wire = gz = raw = 0
            for r in responses:
                try:
                    body = r.body()
                except Exception:  # redirects have no body
                    body = b""
                sizes = r.request.sizes()
                wire += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                raw += len(body)
                gz += len(gzip.compress(body, 6))
            results[name] = {"url": url, "requests": len(responses),
                             "wire_kb": round(wire / 1024, 1), "raw_kb": round(raw / 1024, 1),
                             "gzip_kb": round(gz / 1024, 1), "status": responses[0].status,
                             "method": "Chromium"}
            print(name, results[name], flush=True)
            context.close()
        browser.close()
    Path(out_path).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:])
