"""Each session's frozen copy of its framework pack (stored once per sha256 in `pack_copy`, shared
by the sessions on it): checked against its sha256, then parsed once per process. The fingerprint
covers the pack's id, version and sha256, so checking the copy puts every word an output takes
from the pack (level titles, descriptors) under the fingerprint too."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from npsworkshop.errors import NotFound, Tampered
from npsworkshop.framework.loader import pack_from_json
from npsworkshop.framework.models import Area, Pack


def copy_changed(pack: str = "the pack") -> str:
    return (
        f"its stored copy of {pack} does not match the pack's sha256; "
        "it was changed outside npsworkshop"
    )


def matches(content: str, sha256: str) -> bool:
    return hashlib.sha256(content.encode("utf-8")).hexdigest() == sha256


def copy_problem(
    pack_id: str, pack_title: str, pack_version: str, sha256: str, content: str
) -> str | None:
    """Why a session's stored pack copy is not the pack it names (None when it is)."""
    if not matches(content, sha256):
        return copy_changed(f"pack {pack_id}")
    try:
        pack = pack_from_json(content)
    except ValueError:
        return f"its stored copy of pack {pack_id} cannot be read"
    return naming_problem(pack, pack_id, pack_title, pack_version)


def naming_problem(pack: Pack, pack_id: str, pack_title: str, pack_version: str) -> str | None:
    """Why the stored pack id, title or version (which outputs print) are not the copy's."""
    if (pack.id, pack.title, pack.version) == (pack_id, pack_title, pack_version):
        return None
    return (
        f"its stored pack title, id or version ({pack_title!r}, {pack_id}, {pack_version}) "
        "is not the stored pack's; it was changed outside npsworkshop"
    )


class Packs:
    """Parsed packs by sha256. Only copies that match their sha256 get in, so a cached pack is
    always the genuine one."""

    def __init__(self) -> None:
        self._parsed: dict[str, Pack] = {}

    def get(self, session_id: str, title: str, sha256: str, content: Callable[[], str]) -> Pack:
        """The session's pack (`content` is read only when the pack is not cached yet)."""
        pack = self._parsed.get(sha256)
        if pack is None:
            text = content()
            if not matches(text, sha256):
                raise Tampered.of(session_id, title, copy_changed())
            pack = pack_from_json(text)
            self._parsed[sha256] = pack
        return pack


def scoped_area(session_id: str, area_id: str, scope: str, pack: Pack) -> Area:
    """The area's definition, refused when the session does not assess it."""
    if area_id not in json.loads(scope):
        raise NotFound(f"area {area_id!r} is not in the scope of session {session_id}")
    return pack.area(area_id)
