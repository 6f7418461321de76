"""Signatures of webhook deliveries. Receivers may copy this file as it is (stdlib only).

Every delivery carries ``X-Selaras-Signature: t=<unix time>,v1=<hex>`` where the hex is
HMAC-SHA256 with the subscription's secret over ``f"{t}.{raw body}"``. A receiver
recomputes it over the raw bytes it received (before parsing the JSON), compares in
constant time and refuses a timestamp older than a few minutes (replayed captures).
Selaras sends one ``v1=`` value (rotating a secret takes effect at once); ``verify``
accepts a header with several and needs one match, so receivers stay forward compatible.
"""

import hashlib
import hmac
import time

HEADER = "X-Selaras-Signature"
DEFAULT_TOLERANCE = 300  # seconds


class SignatureError(ValueError):
    """The signature header is missing, malformed, stale or does not match."""


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value for ``body`` (bytes exactly as sent)."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={timestamp},v1={_digest(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, tolerance: int = DEFAULT_TOLERANCE,
           now: float | None = None) -> int:
    """Check ``header`` against ``body``; returns the signed timestamp or raises SignatureError."""
    if not header:
        raise SignatureError("missing signature header")
    timestamp = None
    signatures = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise SignatureError("malformed timestamp") from None
        elif key == "v1" and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise SignatureError("malformed signature header")
    now = time.time() if now is None else now
    if tolerance and abs(now - timestamp) > tolerance:
        raise SignatureError("timestamp outside the tolerance")
    expected = _digest(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        raise SignatureError("signature does not match")
    return timestamp
