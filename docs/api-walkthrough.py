#!/usr/bin/env python3
"""An integrator's walkthrough of the Selaras API v1, using only docs/api.md.

Python standard library only. It:

1. starts a local webhook receiver and subscribes it (case.created, case.verified,
   case.status_changed), verifying every signature it receives;
2. reports a case through the intake channel — twice with the same external reference,
   getting one case;
3. reads the case (ETag), PATCHes it with If-Match, and gets 412 with the stale ETag;
4. verifies the case (a workflow transition, with If-Match);
5. waits for the signed webhooks;
6. exports the case list as CSV and XLSX, and imports both back: dry run first, then the
   commit — which creates nothing (an export re-imports as a no-op).

    SELARAS_API=http://127.0.0.1:8000/api/v1 SELARAS_TOKEN=slr_… python3 docs/api-walkthrough.py

The token must be a write token (``manage.py issuetoken USER --scope write``; a read-only
token's writes are 403), and its user needs a head's (kepala) role at an office whose area holds
``--location`` (default 3273011001, a village of Kota Bandung in the demo). A receiver on
127.0.0.1 only gets webhooks when the server allows private targets
(``WEBHOOK_ALLOW_PRIVATE_TARGETS=true``, a development setting); give ``--receiver-host``
an address the server can reach otherwise.
"""

import argparse
import base64
import hashlib
import hmac
import http.server
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid


class Api:
    def __init__(self, base: str, token: str):
        self.base = base.rstrip("/")
        self.token = token

    def call(self, method: str, path: str, body=None, headers=None):
        """(status, headers, parsed JSON or raw bytes)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept-Language", "en")
        if data is not None:
            request.add_header("Content-Type", "application/json")
            if method == "POST":  # every POST may be retried safely
                request.add_header("Idempotency-Key", str(uuid.uuid4()))
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, answer_headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, raw = error.code, error.headers, error.read()
        kind = answer_headers.get("Content-Type", "")
        return status, answer_headers, json.loads(raw) if "json" in kind and raw else raw


def verify_signature(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """docs/api.md "Verifying the signature": t=<unix time>,v1=<hex HMAC-SHA256>."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body,
                        hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


class Receiver:
    """A tiny HTTP server that records the webhooks it gets."""

    def __init__(self, host: str):
        self.events: list[dict] = []
        self.secret = ""
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                ok = verify_signature(receiver.secret,
                                      self.headers.get("X-Selaras-Signature", ""), body)
                receiver.events.append({"valid": ok, "type": self.headers.get("X-Selaras-Event"),
                                        "body": json.loads(body) if ok else None})
                self.send_response(204 if ok else 401)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.server.server_address[1]}/selaras"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, types: set[str], case_number: str, timeout: float = 60) -> list[dict]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = {e["type"] for e in self.events
                   if e["valid"] and e["body"]["data"]["case"]["number"] == case_number}
            if types <= got:
                return self.events
            time.sleep(0.2)
        raise SystemExit(f"webhooks not received in {timeout:.0f} s: wanted {sorted(types)}, "
                         f"got {[e['type'] for e in self.events]}")

    def close(self):
        self.server.shutdown()


def step(text: str) -> None:
    print(f"- {text}")


def expect(condition: bool, message: str, detail=None) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {message}\n{json.dumps(detail, indent=2, default=str)[:2000]}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", default=os.environ.get("SELARAS_API",
                                                        "http://127.0.0.1:8000/api/v1"))
    parser.add_argument("--token", default=os.environ.get("SELARAS_TOKEN", ""))
    parser.add_argument("--location", default="3273011001")
    parser.add_argument("--receiver-host", default="127.0.0.1")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("give a token with --token or SELARAS_TOKEN")
    api = Api(args.api, args.token)
    receiver = Receiver(args.receiver_host)
    try:
        # 1. Webhooks
        status, _h, hook = api.call("POST", "/webhooks", {
            "name": "Walkthrough receiver", "url": receiver.url,
            "events": ["case.created", "case.verified", "case.status_changed"]})
        expect(status == 201, "webhook subscription", hook)
        receiver.secret = hook["secret"]
        step(f"subscribed {receiver.url} (webhook {hook['id']})")

        # 2. Intake, twice with the same reference
        reference = f"WALK-{uuid.uuid4().hex[:12]}"
        report = {"source_system": "si_paham", "external_ref": reference,
                  "location": args.location,
                  "text": "Warga menolak kegiatan ibadah di rumah warga.\nSekitar 20 orang."}
        status, _h, first = api.call("POST", "/intake", report)
        expect(status == 201 and first["created"] is True, "first intake", first)
        status, _h, second = api.call("POST", "/intake", report)
        expect(status == 200 and second["created"] is False
               and second["number"] == first["number"], "second intake: same case", second)
        number = first["number"]
        step(f"intake twice with {reference}: one case, {number}")

        # 3. Read, PATCH with If-Match, stale ETag → 412
        status, headers, case = api.call("GET", f"/cases/{number}")
        expect(status == 200 and headers.get("ETag"), "read with ETag", case)
        etag = headers["ETag"]
        status, headers, case = api.call("PATCH", f"/cases/{number}",
                                         {"title": "Penolakan kegiatan ibadah (diperbarui)"},
                                         {"If-Match": etag})
        expect(status == 200, "PATCH with If-Match", case)
        new_etag = headers["ETag"]
        status, _h, stale = api.call("PATCH", f"/cases/{number}", {"title": "Lama"},
                                     {"If-Match": etag})
        expect(status == 412, "stale ETag refused with 412", stale)
        step(f"PATCH with If-Match: 200 (ETag {etag} → {new_etag}); stale ETag: 412")

        # 4. Transition
        status, headers, case = api.call("POST", f"/cases/{number}/transitions",
                                         {"action": "verify"}, {"If-Match": new_etag})
        expect(status == 200 and case["status"] == "terverifikasi", "verify", case)
        step(f"verified: status {case['status']}")

        # 5. Signed webhooks
        events = receiver.wait_for({"case.created", "case.verified", "case.status_changed"},
                                   number)
        valid = [e["type"] for e in events if e["valid"]]
        step(f"received signed webhooks: {', '.join(sorted(set(valid)))}")

        # 6. Export CSV and XLSX, import back (dry run, then commit)
        for fmt in ("csv", "xlsx"):
            status, _h, content = api.call("GET", f"/cases/export?format={fmt}")
            expect(status == 200 and isinstance(content, bytes) and content, f"export {fmt}")
            upload = {"kind": "cases", "file_name": f"ekspor.{fmt}",
                      "content_base64": base64.b64encode(content).decode(), "dry_run": True}
            status, _h, dry = api.call("POST", "/imports", upload)
            expect(status == 200 and dry["status"] == "valid" and dry["created"] == 0,
                   f"dry run of the {fmt} export", dry)
            status, _h, done = api.call("POST", f"/imports/{dry['id']}/commit")
            expect(status == 201 and done["status"] == "committed" and done["created"] == 0,
                   f"commit of the {fmt} export", done)
            step(f"export {fmt} ({len(content)} bytes, {dry['rows']} rows) → dry run "
                 f"{dry['status']} → commit: {done['created']} created, "
                 f"{done['skipped']} skipped")
    finally:
        receiver.close()
    print("OK: the documented API did everything above.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
