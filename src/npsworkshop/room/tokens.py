"""Secrets a phone holds and what the server keeps of them.

A phone gets a random device token in an HttpOnly cookie on its first visit; the ballot box keeps
only its sha256. Every form carries a token derived from the device token with the server's
secret (HMAC), so a page on another site cannot post a vote with the phone's cookie. The server's
secret is new at every start: a form from before a restart is refused and shown again.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

DEVICE_COOKIE = "npsworkshop_device"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # token_urlsafe(32)


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


def well_formed(token: str | None) -> bool:
    return token is not None and _TOKEN.match(token) is not None


def device_hash(token: str) -> str:
    """What the ballot box stores of a device token."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def new_pin() -> str:
    """A room PIN of six digits, to show on screen: with wrong guesses limited per device, per
    address and, after the first 20 of a run, for the whole room, a million take days."""
    return f"{secrets.randbelow(1_000_000):06d}"


def same_pin(given: str, pin: str) -> bool:
    return hmac.compare_digest(given.strip().encode("utf-8"), pin.encode("utf-8"))


class FormTokens:
    """Per-form tokens for one server run: HMAC(secret, purpose, device hash)."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret if secret is not None else secrets.token_bytes(32)

    def issue(self, device_sha256: str, purpose: str) -> str:
        message = f"{purpose}\n{device_sha256}".encode("ascii")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def valid(self, token: str | None, device_sha256: str, purpose: str) -> bool:
        if not token:
            return False
        return hmac.compare_digest(token, self.issue(device_sha256, purpose))
