"""Page weight and Largest Contentful Paint under "Slow 4G" (issues #8 item 5 and #9 item 5).

    .venv/bin/python bench/pageweight.py STATE.json BASE_URL OUT.json

As a script (``make bench``): loads the case list and the dashboard in headless Debian
Chromium (``/usr/bin/chromium``) with a bench session and writes, per page, the requests,
the bytes on the wire, the bytes the production profile would send and the LCP. Without
Chromium the fallback fetches the HTML and the same-origin assets it references and sums
their gzip sizes.

As a module: ``measure(context, url)`` is the measuring code the browser test
``tests/browser/test_page_budget.py`` uses. Over the Chrome DevTools Protocol it

* disables the cache (cold load) and emulates Slow 4G — 1.6 Mbit/s down (200,000 bytes/s),
  750 kbit/s up, 150 ms round trip — and, by default, a 4× slower CPU (Lighthouse's
  mobile setting);
* counts every response of the page: ``encodedDataLength`` from ``Network.loadingFinished``
  (bytes on the wire, headers included) and the body;
* reads the LCP from a buffered ``largest-contentful-paint`` PerformanceObserver.

**Production bytes.** The development/test server (and pytest-django's live server)
sends every response uncompressed. The production profile (``STATIC_MANIFEST=true``,
docs/operations.md) has whitenoise serve static files pre-compressed (gzip level 9, and
brotli to browsers that accept it), only where compression saves at least 5 % and not for
already-compressed formats; nothing compresses the HTML (no GZipMiddleware, no ``gzip``
in deploy/nginx/selaras.conf). So the production figure is: each response's headers as
received, plus the HTML body as sent, plus each static body as whitenoise would send it
gzipped (whitenoise's own ``Compressor`` decides; brotli would be smaller still). Bodies
that arrived already content-encoded count as they arrived.
"""

import base64
import gzip
import json
import os
import re
import statistics
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlparse

CHROMIUM = "/usr/bin/chromium"
PAGES = [("case list (Kanwil)", "bench_penangan_kanwil", "/kasus/"),
         ("case list (KUA)", "bench_penangan_kua", "/kasus/"),
         ("dashboard", "bench_analis", "/dasbor/")]

# Chrome DevTools' "Slow 4G" as the issue defines it (throughputs in bytes per second).
SLOW_4G = {"offline": False, "latency": 150,
           "downloadThroughput": 1_600_000 // 8, "uploadThroughput": 750_000 // 8}
# Lighthouse's mobile CPU factor; PAGEWEIGHT_CPU_SLOWDOWN=1 measures the network alone.
CPU_SLOWDOWN = int(os.environ.get("PAGEWEIGHT_CPU_SLOWDOWN", "4"))
PHONE = {"width": 390, "height": 844}

LCP_SCRIPT = """() => new Promise(resolve => {
    let last = null;
    new PerformanceObserver(list => {
        const entries = list.getEntries();
        last = entries[entries.length - 1];
    }).observe({type: "largest-contentful-paint", buffered: true});
    const nav = performance.getEntriesByType("navigation")[0];
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    // Buffered entries are delivered in a task; give them two frames.
    setTimeout(() => resolve(last && {ms: last.startTime, element: last.element ?
        last.element.tagName.toLowerCase() + (last.element.className ?
        "." + String(last.element.className).split(" ")[0] : "") : null,
        size: last.size, ttfb: nav ? nav.responseStart : null,
        fcp: fcp ? fcp.startTime : null}), 250);
})"""


def production_body_bytes(url: str, body: bytes, content_encoding: str | None) -> int:
    """What the production profile would send as this response's body (see the module
    docstring): static files gzipped by whitenoise's rules, the rest as sent."""
    if content_encoding or not urlparse(url).path.startswith("/static/"):
        return len(body)
    from whitenoise.compress import Compressor

    compressor = Compressor(use_brotli=False, quiet=True)
    path = urlparse(url).path
    if not compressor.should_compress(path):
        return len(body)
    compressed = Compressor.compress_gzip(body)
    if compressor.is_compressed_effectively("gzip", path, len(body), compressed):
        return len(compressed)
    return len(body)


def measure(context, url: str, *, cpu_slowdown: int = CPU_SLOWDOWN,
            throttle: bool = True) -> dict:
    """Load ``url`` in a new page of ``context`` with a cold cache (and Slow 4G unless
    ``throttle`` is false); return the page's requests, byte sums and LCP."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    seen: dict[str, dict] = {}

    def sent(event):
        entry = seen.setdefault(event["requestId"], {})
        entry.update(url=event["request"]["url"], type=event.get("type"))
        if event.get("redirectResponse"):  # the redirect's own response, then the next hop
            entry["redirects"] = entry.get("redirects", 0) + 1

    def received(event):
        response = event["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        seen.setdefault(event["requestId"], {}).update(
            status=response["status"], mime=response.get("mimeType"),
            encoding=headers.get("content-encoding"), url=response["url"])

    def finished(event):
        seen.setdefault(event["requestId"], {})["wire"] = int(event["encodedDataLength"])

    def failed(event):
        seen.setdefault(event["requestId"], {})["failed"] = event.get("errorText", "failed")

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.loadingFailed", failed)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        if cpu_slowdown > 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
    response = page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    lcp = page.evaluate(LCP_SCRIPT)

    requests = []
    for request_id, entry in seen.items():
        body = b""
        inline = (entry.get("url") or "").startswith(("data:", "blob:"))  # not transferred
        if "wire" in entry and entry.get("status", 0) < 300 and not inline:
            try:
                result = cdp.send("Network.getResponseBody", {"requestId": request_id})
            except Exception:  # noqa: BLE001 — no body kept (e.g. a 204); count as empty
                result = {"body": "", "base64Encoded": False}
            body = (base64.b64decode(result["body"]) if result["base64Encoded"]
                    else result["body"].encode())
        wire = entry.get("wire", 0)
        production = wire
        if body and not entry.get("encoding"):
            # Headers (wire minus the body as it crossed) plus the production body.
            production = max(wire - len(body), 0) + production_body_bytes(
                entry["url"], body, entry.get("encoding"))
        requests.append({"url": entry.get("url"), "type": entry.get("type"),
                         "status": entry.get("status"), "encoding": entry.get("encoding"),
                         "wire": wire, "body": len(body), "production": production,
                         "gzip_all": (max(wire - len(body), 0) + len(gzip.compress(body, 6))
                                      if body and not entry.get("encoding") else wire),
                         "failed": entry.get("failed")})
    cdp.detach()
    page.close()
    return {"url": url, "status": response.status if response else None,
            "requests": requests,
            "wire_bytes": sum(r["wire"] for r in requests),
            "raw_bytes": sum(r["body"] for r in requests),
            "production_bytes": sum(r["production"] for r in requests),
            "gzip_all_bytes": sum(r["gzip_all"] for r in requests),
            "lcp_ms": lcp["ms"] if lcp else None, "lcp_element": lcp and lcp["element"],
            "ttfb_ms": lcp and lcp["ttfb"], "fcp_ms": lcp and lcp["fcp"]}


def outside(result: dict, origin: str) -> list[str]:
    """URLs of the page's requests that did not go to ``origin`` (data: URLs are inline)."""
    return [r["url"] for r in result["requests"]
            if r["url"] and not r["url"].startswith(("data:", "blob:"))
            and not r["url"].startswith(origin.rstrip("/") + "/")]


def repeated(browser, url: str, cookies: list[dict], loads: int = 3,
             context_args: dict | None = None, **options) -> dict:
    """``measure`` ``loads`` times, each in a fresh context (empty cache, no service
    worker: see below) signed in with ``cookies``; bytes from the first load, LCP median.

    Service workers are blocked: the offline intake's worker, once installed, would
    answer later loads from its own cache (no bytes on the wire, not a cold load), and
    its one-time install is not part of a page's weight.

    One unthrottled load first warms the *server* (template compilation, first queries of
    a fresh process), which a production server has long done; it is not counted."""
    runs = []
    for n in range(loads + 1):
        context = browser.new_context(**{"service_workers": "block", **(context_args or {})})
        context.add_cookies(cookies)
        try:
            if n == 0:
                measure(context, url, throttle=False)
            else:
                runs.append(measure(context, url, **options))
        finally:
            context.close()
    first = runs[0]
    lcps = [r["lcp_ms"] for r in runs if r["lcp_ms"] is not None]
    return {**first, "lcp_runs_ms": [round(v) for v in lcps],
            "ttfb_runs_ms": [round(r["ttfb_ms"] or 0) for r in runs],
            "fcp_runs_ms": [round(r["fcp_ms"] or 0) for r in runs],
            "lcp_median_ms": round(statistics.median(lcps)) if lcps else None}


def kb(n: int) -> float:
    return round(n / 1024, 1)


# --- make bench ------------------------------------------------------------------------


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
                         "raw_kb": kb(sum(map(len, bodies))),
                         "gzip_kb": kb(sum(len(gzip.compress(b, 6)) for b in bodies)),
                         "status": status, "method": "gzip sum, no browser"}
        print(name, results[name], flush=True)
    return results


def measure_pages(browser, state: dict, base: str) -> dict:
    """The bench pages, each measured by ``repeated`` with its bench user's session."""
    host = urlparse(base).hostname
    results = {}
    for name, who, url in PAGES:
        cookies = [{"name": state["cookie_name"], "value": state["sessions"][who],
                    "domain": host, "path": "/"}]
        m = repeated(browser, base + url, cookies,
                     context_args={"locale": "id-ID", "viewport": PHONE})
        results[name] = {
            "url": url, "requests": len(m["requests"]), "status": m["status"],
            "wire_kb": kb(m["wire_bytes"]), "raw_kb": kb(m["raw_bytes"]),
            "gzip_kb": kb(m["gzip_all_bytes"]), "production_kb": kb(m["production_bytes"]),
            "lcp_median_ms": m["lcp_median_ms"], "lcp_runs_ms": m["lcp_runs_ms"],
            "outside": outside(m, base),
            "method": "Chromium over CDP, Slow 4G, 4x CPU, cold cache, phone viewport"}
        print(name, results[name], flush=True)
    return results


def main(state_path, base, out_path):
    state = json.loads(Path(state_path).read_text())
    if not Path(CHROMIUM).exists():
        Path(out_path).write_text(json.dumps(without_browser(state, base), indent=1))
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-dev-shm-usage"])
        results = measure_pages(browser, state, base)
        browser.close()
    Path(out_path).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:])
