"""The one place secrets are taken out of text: git's errors, the sync log and every report.

A secret is known here once Casebook has handed it to git (or read it from a typed address);
`redact` replaces each known secret, its Basic-auth form, and any `user:password@` in an address."""

from __future__ import annotations

import base64
import re

HIDDEN = "***"
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*):[^/\s@]*@")
_secrets: set[str] = set()


def remember(user: str, token: str) -> None:
    """Make `token` (and the Basic-auth value built from it) known to `redact` for this session."""
    if token:
        _secrets.add(token)
        _secrets.add(basic(user, token))


def basic(user: str, token: str) -> str:
    """The base64 value of an `Authorization: Basic` header."""
    return base64.b64encode(f"{user}:{token}".encode()).decode("ascii")


def redact(text: str) -> str:
    """`text` with every known secret and any password in an address replaced by ***."""
    text = _USERINFO.sub(rf"\1:{HIDDEN}@", text)
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    return text
