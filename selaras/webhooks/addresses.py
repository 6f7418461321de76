"""Where webhooks may be sent: public addresses only (a guard against SSRF).

A subscription's URL must not lead into the ministry's own network: its host may not
resolve to a loopback, private, link-local, multicast, reserved, unspecified or otherwise
non-global address. This is checked twice:

* when a subscription is created or its URL changed (``check_url``): a host that
  resolves to such an address, or is such an address, is refused (422). A host that does
  not resolve at all is accepted; delivery checks again.
* at every delivery attempt: the host is resolved again and, when the connection is made
  directly (no proxy), the address actually connected to is checked before anything is
  sent, so a DNS answer that changes after the first check (DNS rebinding) is caught too.
  Behind a proxy from the environment, the resolved addresses are checked and the proxy
  connects.

``settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True`` turns both checks off (a test's local
receiver, or a receiver that really sits in the ministry's network).
"""

import http.client
import ipaddress
import socket
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings


class BlockedAddress(OSError):
    """The target resolves to, or connected to, an address webhooks may not reach."""


def private_targets_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_PRIVATE_TARGETS", False))


def is_blocked_ip(value: str) -> bool:
    """True for any address that is not a public unicast address."""
    try:
        ip = ipaddress.ip_address(value.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and is_blocked_ip(str(embedded)):
            return True
    return (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def _port(parts) -> int:
    return parts.port or (443 if parts.scheme.lower() == "https" else 80)


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to; [] when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):
        return []
    return [info[4][0] for info in infos]


def blocked_address(url: str) -> str | None:
    """The first forbidden address the URL's host resolves to, or None."""
    if private_targets_allowed():
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        literal = True
    except ValueError:
        literal = False
    if not literal and (host.rstrip(".").lower() == "localhost"
                        or host.rstrip(".").lower().endswith(".localhost")):
        return host
    addresses = [host] if literal else resolve(host, _port(parts))
    return next((a for a in addresses if is_blocked_ip(a)), None)


def check_before_sending(url: str) -> None:
    """Raise BlockedAddress if the URL's host now resolves to a forbidden address."""
    address = blocked_address(url)
    if address is not None:
        raise BlockedAddress(f"refused: {address} is not a public address")


def _guarded_create_connection(address, *args, **kwargs):
    sock = socket.create_connection(address, *args, **kwargs)
    try:
        peer = sock.getpeername()[0]
    except OSError:
        sock.close()
        raise
    if is_blocked_ip(peer):
        sock.close()
        raise BlockedAddress(f"refused: {peer} is not a public address")
    return sock


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_create_connection


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_create_connection


class GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_GuardedHTTPConnection, req)


class GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)


def uses_proxy(url: str) -> bool:
    parts = urlsplit(url)
    proxies = urllib.request.getproxies()
    return (parts.scheme.lower() in proxies
            and not urllib.request.proxy_bypass(parts.hostname or ""))
