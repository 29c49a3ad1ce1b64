"""Finding, reading and validating framework packs.

Packs come from the installed package (`npsworkshop/content/`, or the repository's `content/` in a
checkout) and from `<workspace>/content/`, so a council can add its own. A workspace pack with the
same id as a shipped one takes its place.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from npsworkshop.errors import InputError, NotFound, describe_validation_error
from npsworkshop.framework.models import Pack

PACK_FILE = "pack.toml"


@dataclass(frozen=True)
class LoadedPack:
    """A validated pack with where it came from and the fingerprint of its content."""

    pack: Pack
    path: Path
    sha256: str

    def content_json(self) -> str:
        return canonical_pack_json(self.pack)


def canonical_pack_json(pack: Pack) -> str:
    return json.dumps(
        pack.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def pack_sha256(pack: Pack) -> str:
    return hashlib.sha256(canonical_pack_json(pack).encode("utf-8")).hexdigest()


def shipped_content_dir() -> Path:
    """The packs shipped with npsworkshop: inside the installed package, else the checkout's."""
    package_dir = Path(__file__).resolve().parent.parent
    installed = package_dir / "content"
    if installed.is_dir():
        return installed
    return package_dir.parent.parent / "content"


def pack_file(path: Path) -> Path:
    """`path` itself when it is a file, else its `pack.toml`."""
    return path / PACK_FILE if path.is_dir() else path


def load_pack(path: Path) -> LoadedPack:
    """Read and validate one pack; InputError names the file and every bad field."""
    file = pack_file(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise InputError(str(file), [f"cannot be read ({exc.strerror or exc})"]) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(str(file), [f"is not UTF-8 text (byte {exc.start})"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(file), [f"is not valid TOML: {exc}"]) from None
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        raise InputError(str(file), describe_validation_error(exc)) from None
    return LoadedPack(pack=pack, path=file, sha256=pack_sha256(pack))


def pack_from_json(content: str) -> Pack:
    """A pack frozen in a session (see `canonical_pack_json`)."""
    return Pack.model_validate_json(content)


def discover(workspace: Path | None = None) -> list[Path]:
    """Pack files shipped with npsworkshop, then the workspace's own, in a stable order."""
    roots = [shipped_content_dir()]
    if workspace is not None:
        roots.append(workspace / "content")
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found.extend(
                p
                for p in sorted(root.glob(f"*/{PACK_FILE}"))
                if p.resolve() not in {f.resolve() for f in found}
            )
    return found


def available_packs(
    workspace: Path | None = None, broken: list[str] | None = None
) -> dict[str, LoadedPack]:
    """Every valid pack by id (a workspace pack overrides a shipped one of the same id). A pack
    that does not validate is skipped, never the end of every pack: its problem goes to
    `broken` (`npsworkshop content check` shows them all)."""
    packs: dict[str, LoadedPack] = {}
    for file in discover(workspace):
        try:
            loaded = load_pack(file)
        except InputError as exc:
            if broken is not None:
                broken.append(str(exc).splitlines()[0])
            continue
        packs[loaded.pack.id] = loaded
    return packs


def find_pack(pack_id: str, workspace: Path | None = None) -> LoadedPack:
    broken: list[str] = []
    packs = available_packs(workspace, broken)
    if pack_id not in packs:
        known = ", ".join(sorted(packs)) or "none"
        skipped = f"; skipped as invalid: {'; '.join(broken)}" if broken else ""
        raise NotFound(f"no framework pack with id {pack_id!r} (available: {known}){skipped}")
    return packs[pack_id]
