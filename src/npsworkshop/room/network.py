"""The machine's network interfaces (standard library only) and the join address's self-check.

The facilitator picks the interface the phones share (the room's Wi-Fi, or the laptop's own
hotspot). The self-check says what this machine can tell: whether the address is only reachable
from the laptop itself, and whether the port accepts a connection on that address. What it cannot
see (a guest network that isolates devices from each other, a firewall on the way in) it names as
the next thing to try.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import struct
import sys
from dataclasses import dataclass

_SIOCGIFADDR = 0x8915  # Linux: an interface's IPv4 address


@dataclass(frozen=True)
class Interface:
    name: str
    address: str

    @property
    def loopback(self) -> bool:
        return ipaddress.ip_address(self.address).is_loopback

    @property
    def link_local(self) -> bool:
        return ipaddress.ip_address(self.address).is_link_local

    @property
    def label(self) -> str:
        """ "wlan0 192.168.1.20", for the facilitator's choice."""
        note = " (this laptop only)" if self.loopback else ""
        return f"{self.name} {self.address}{note}"


def _linux_address(name: str) -> str | None:
    import fcntl

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            packed = fcntl.ioctl(
                probe.fileno(), _SIOCGIFADDR, struct.pack("256s", name.encode()[:15])
            )
        except OSError:
            return None  # no IPv4 address on it
    return socket.inet_ntoa(packed[20:24])


def interfaces() -> list[Interface]:
    """IPv4 interfaces, the room's likely ones first (loopback last). Phones type or scan an IPv4
    address far more reliably than an IPv6 one."""
    found: list[Interface] = []
    if sys.platform.startswith("linux"):
        for _index, name in socket.if_nameindex():
            address = _linux_address(name)
            if address is not None:
                found.append(Interface(name, address))
    if not found:  # elsewhere: what the host name resolves to, and loopback
        with contextlib.suppress(OSError):
            for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
                address = str(info[4][0])
                if all(i.address != address for i in found):
                    found.append(Interface("host", address))
        if all(not i.loopback for i in found):
            found.append(Interface("loopback", "127.0.0.1"))
    return sorted(found, key=lambda i: (i.loopback, i.link_local))


def suggested(choices: list[Interface]) -> Interface | None:
    """The interface to offer first: one phones can reach, else loopback (for a try-out)."""
    return choices[0] if choices else None


@dataclass(frozen=True)
class Reachability:
    """The self-check's answer. `reachable` is what this machine can tell, not a promise."""

    reachable: bool
    findings: tuple[str, ...]
    advice: tuple[str, ...]


ADVICE = (
    "Choose another interface: the one on the same network as the phones.",
    "Or turn on this laptop's mobile hotspot, ask people to join it, and choose its interface.",
    "If phones still cannot open the page: the network may keep devices apart (guest Wi-Fi "
    "often does), or this laptop's firewall may block the port; allow it, or use the hotspot.",
)


async def self_check(address: str, port: int, timeout: float = 1.0) -> Reachability:
    """Whether phones can reach `http://address:port/`, as far as this machine can tell."""
    findings: list[str] = []
    ip = ipaddress.ip_address(address)
    reachable = True
    if ip.is_loopback:
        reachable = False
        findings.append(f"{address} is this laptop only: phones cannot reach it.")
    elif ip.is_unspecified:
        reachable = False
        findings.append("The server listens on every interface; choose one to show its address.")
    elif ip.is_link_local:
        findings.append(
            f"{address} is a link-local address: the network gave this laptop no address, "
            "so phones are unlikely to reach it."
        )
        reachable = False
    elif not ip.is_private:
        findings.append(
            f"{address} is a public address: people outside the room may reach the page too. "
            "Prefer the room's own network or the laptop's hotspot, and set a room PIN."
        )
    try:
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(address, port), timeout)
    except (OSError, TimeoutError):
        reachable = False
        findings.append(f"Port {port} does not accept connections on {address} from this laptop.")
    else:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
        findings.append(f"Port {port} accepts connections on {address}.")
    return Reachability(reachable, tuple(findings), ADVICE[2:] if reachable else ADVICE)
