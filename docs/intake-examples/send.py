"""Send an intake example to Selaras with the standard library only.

    SELARAS=https://selaras.example/api/v1 TOKEN=slr_… python3 send.py si-paham-report.json

TOKEN must be a write token (``manage.py issuetoken USER --scope write``).

Prints the answer; sending the same file twice prints the same case number with
"created": false (and HTTP 200 instead of 201).
"""

import json
import os
import sys
import urllib.error
import urllib.request
import uuid


def send(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        body = json.load(handle)
    request = urllib.request.Request(
        os.environ["SELARAS"].rstrip("/") + "/intake",
        data=json.dumps(body).encode("utf-8"),
        method="POST",
        headers={
            "Authorization": "Bearer " + os.environ["TOKEN"],
            "Content-Type": "application/json",
            "Accept-Language": "en",
            # one key per logical request: reuse it when retrying this same send
            "Idempotency-Key": str(uuid.uuid4()),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            print(response.status, json.dumps(json.load(response), indent=2))
    except urllib.error.HTTPError as error:
        print(error.code, error.read().decode("utf-8"), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        send(name)
