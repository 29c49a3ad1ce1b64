"""The interface the facilitator chose last time, remembered per workspace.

Rooms repeat: the same laptop in the same council's rooms, on the same Wi-Fi or hotspot. The
choice is kept in a small JSON file beside the workspace's database,
`sessions/phone-voting.json`: `{"interface": "wlan0", "address": "192.168.1.20"}`. It is written
atomically (`files.write_atomic`) when voting starts; a file that cannot be read or makes no
sense is ignored with a notice naming the file, the field and the value, and replaced at the next
start. It is a convenience: nothing about it is ever a reason to stop.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from pathlib import Path

from npsworkshop.room.network import Interface

FILE_NAME = "phone-voting.json"
MAX_BYTES = 4096
MAX_NAME = 64


@dataclass(frozen=True)
class LastChoice:
    """The interface chosen last time (name, address), and why a file there was ignored."""

    interface: tuple[str, str] | None = None
    notice: str | None = None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def last_choice(folder: Path) -> LastChoice:
    """What `folder/phone-voting.json` says; nothing (and a notice) when it is unusable."""
    path = folder / FILE_NAME

    def ignored(problem: str) -> LastChoice:
        return LastChoice(None, f"{path}: {problem}; ignored, and replaced when voting starts.")

    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return LastChoice()
    except OSError as error:
        return ignored(f"cannot be read ({error.strerror or error})")
    if len(data) > MAX_BYTES:
        return ignored(f"over {MAX_BYTES} bytes, not a settings file")
    try:
        found = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ignored("not JSON")
    if not isinstance(found, dict):
        return ignored(f"expected an object, found {_shown(found)}")
    name, address = found.get("interface"), found.get("address")
    if not isinstance(name, str) or not name.isprintable() or not 0 < len(name) <= MAX_NAME:
        return ignored(f"interface: expected an interface name, found {_shown(name)}")
    try:
        if not isinstance(address, str):
            raise ValueError(address)
        ipaddress.IPv4Address(address)
    except ValueError:
        return ignored(f"address: expected an IPv4 address, found {_shown(address)}")
    return LastChoice((name, address))


def remember_choice(folder: Path, interface: Interface) -> str | None:
    """Keep `interface` as this workspace's choice; a sentence when it could not be written."""
    from npsworkshop.files import write_atomic

    path = folder / FILE_NAME
    data = {"interface": interface.name, "address": interface.address}
    try:
        write_atomic(path, (json.dumps(data, indent=2) + "\n").encode())
    except OSError as error:
        return f"{path}: the interface chosen could not be remembered ({error.strerror or error})."
    return None
