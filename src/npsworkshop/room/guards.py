"""The web app's defences that are not about votes: Host and Origin, body size, rate limits and
the response headers (a strict CSP, no referrer across origins, no framing, no caching)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

MAX_BODY = 2048  # bytes: a vote or a PIN is a few hundred
MAX_FIELDS = 12


def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    """Nothing from anywhere but this server; no inline script (the follow-along script is a
    file); `script_hashes` would admit inline scripts by hash should one ever be needed."""
    scripts = " ".join(["'self'", *(f"'sha256-{h}'" for h in script_hashes)])
    return (
        "default-src 'none'; "
        f"script-src {scripts}; "
        "style-src 'self'; img-src 'self'; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


SECURITY_HEADERS = {
    "content-security-policy": content_security_policy(),
    # Not `no-referrer`: with it Chromium sends `Origin: null` on same-origin form posts and the
    # Origin check would refuse every vote.
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


@dataclass(frozen=True)
class Origins:
    """The host names this server answers to (`address:port`), and so the Origins it trusts.
    A request for any other Host is refused: that defeats DNS rebinding."""

    hosts: frozenset[str]

    def host_ok(self, host: str | None) -> bool:
        return host is not None and host.lower() in self.hosts

    def origin_ok(self, origin: str | None, referer: str | None) -> bool:
        """A form post must come from one of our pages: its Origin (or, where a browser sends
        none, its Referer) names one of our hosts. `Origin: null` is refused."""
        given = origin if origin is not None else referer
        if given is None:
            return False
        try:
            parts = urlsplit(given)
        except ValueError:  # "http://[" and the like: not one of ours
            return False
        return parts.scheme == "http" and parts.netloc.lower() in self.hosts


def hosts_for(address: str, port: int) -> Origins:
    """The Host values a phone (or this machine, for loopback) uses for `address:port`."""
    shown = f"[{address}]" if ":" in address else address
    names = {f"{shown}:{port}"}
    if address in ("127.0.0.1", "::1"):
        names |= {f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"}
    return Origins(frozenset(names))


class TooLarge(Exception):
    """The request body is over MAX_BODY."""


class BadForm(Exception):
    """The body is not a small url-encoded form."""


def digits(text: str) -> bool:
    """ASCII digits only: `str.isdigit` also takes "²" and other digits `int` refuses."""
    return text.isascii() and text.isdigit()


def parse_form(body: bytes) -> dict[str, str]:
    """A url-encoded form with at most MAX_FIELDS fields, each given once."""
    try:
        text = body.decode("ascii")
        fields = parse_qs(
            text, keep_blank_values=True, strict_parsing=False, max_num_fields=MAX_FIELDS
        )
    except (UnicodeDecodeError, ValueError):
        raise BadForm("not a form") from None
    if any(len(values) != 1 for values in fields.values()):
        raise BadForm("a field given twice")
    return {name: values[0] for name, values in fields.items()}


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class RateLimit:
    """A token bucket per key (a device, or an address before it has one): `burst` at once,
    refilled at `per_second`. Thread-safe; forgets keys idle long enough to be full again."""

    burst: int
    per_second: float
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, key: str, now: float | None = None) -> bool:
        moment = time.monotonic() if now is None else now
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(float(self.burst), moment)
                if len(self._buckets) > 10_000:
                    self._forget_full(moment)
            bucket.tokens = min(
                float(self.burst), bucket.tokens + (moment - bucket.at) * self.per_second
            )
            bucket.at = moment
            if bucket.tokens < 1:
                return False
            bucket.tokens -= 1
            return True

    def _forget_full(self, now: float) -> None:
        full_after = self.burst / self.per_second
        for key in [k for k, b in self._buckets.items() if now - b.at > full_after]:
            del self._buckets[key]
