"""The signature-verification example in docs/api.md accepts what Selaras sends."""

import re
from pathlib import Path

from selaras.webhooks.signing import sign

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _example_namespace() -> dict:
    section = DOCS.read_text(encoding="utf-8").split("### Verifying the signature", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    code = code.replace("HTTPServer((\"0.0.0.0\", 8080), Receiver).serve_forever()", "")
    namespace: dict = {}
    exec(compile(code, "docs/api.md", "exec"), namespace)  # noqa: S102 - our own docs
    return namespace


def test_the_documented_verify_accepts_a_signed_body_and_refuses_tampering():
    verify = _example_namespace()["verify"]
    body = '{"id":"1","type":"case.created","data":{"case":{"title":"Musala — warga"}}}'.encode()
    header = sign("whsec_uji", body)
    assert verify("whsec_uji", header, body) is True
    assert verify("whsec_uji", header, body + b" ") is False
    assert verify("whsec_lain", header, body) is False
    assert verify("whsec_uji", sign("whsec_uji", body, timestamp=1_000_000_000), body) is False
    assert verify("whsec_uji", "", body) is False
