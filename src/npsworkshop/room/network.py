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
from pathlib import Path

_SIOCGIFFLAGS = 0x8913  # Linux: an interface's flags
_SIOCGIFADDR = 0x8915  # Linux: an interface's IPv4 address
_IFF_UP, _IFF_RUNNING = 0x1, 0x40
_SYS_NET = Path("/sys/class/net")
# Bridges and tunnels of containers, virtual machines and VPNs: never the room's network.
_VIRTUAL_NAMES = (
    "docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "lxcbr", "lxdbr", "cni", "flannel",
    "podman", "tun", "tap", "tailscale", "zt", "wg", "utun",
)  # fmt: skip
_ROOM_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)


@dataclass(frozen=True)
class Interface:
    """An IPv4 interface of this machine, and what can be told about it (on Linux)."""

    name: str
    address: str
    up: bool = True  # carrying traffic (False: down, or no cable or signal)
    virtual: bool = False  # a container, VM or VPN bridge, not a network card
    wireless: bool = False

    @property
    def loopback(self) -> bool:
        return ipaddress.ip_address(self.address).is_loopback

    @property
    def link_local(self) -> bool:
        return ipaddress.ip_address(self.address).is_link_local

    @property
    def on_a_lan(self) -> bool:
        """A private LAN address (10/8, 172.16/12, 192.168/16): what a room's Wi-Fi or a laptop
        hotspot hands out."""
        ip = ipaddress.ip_address(self.address)
        return any(ip in network for network in _ROOM_NETWORKS)

    @property
    def label(self) -> str:
        """ "wlan0 192.168.1.20 (Wi-Fi)", for the facilitator's choice."""
        notes = []
        if self.loopback:
            notes.append("this laptop only")
        elif self.virtual:
            notes.append("virtual: containers, VMs or a VPN")
        elif self.wireless:
            notes.append("Wi-Fi")
        if not self.up and not self.loopback:
            notes.append("down")
        elif self.link_local:
            notes.append("no address from the network")
        return f"{self.name} {self.address}" + (f" ({', '.join(notes)})" if notes else "")


def _ioctl(name: str, request: int) -> bytes | None:
    import fcntl

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            return fcntl.ioctl(probe.fileno(), request, struct.pack("256s", name.encode()[:15]))
        except OSError:
            return None  # no IPv4 address on it, or gone


def _linux_interface(name: str) -> Interface | None:
    packed = _ioctl(name, _SIOCGIFADDR)
    if packed is None:
        return None
    flags = _ioctl(name, _SIOCGIFFLAGS)
    up = flags is None or (
        struct.unpack_from("H", flags, 16)[0] & (_IFF_UP | _IFF_RUNNING) == _IFF_UP | _IFF_RUNNING
    )
    device = _SYS_NET / name
    try:
        virtual = "/devices/virtual/" in str(device.resolve())
    except OSError:
        virtual = False
    virtual = virtual or name.startswith(_VIRTUAL_NAMES)
    wireless = (device / "wireless").exists() or name.startswith(("wl", "wlan"))
    return Interface(name, socket.inet_ntoa(packed[20:24]), up, virtual, wireless)


def ranked(found: list[Interface]) -> list[Interface]:
    """The room's likely network first: up, a network card (not a container or VPN bridge), a
    private LAN address, Wi-Fi before a cable; loopback last."""
    return sorted(
        found,
        key=lambda i: (
            i.loopback,
            not i.up,
            i.virtual,
            i.link_local,
            not i.on_a_lan,
            not i.wireless,
        ),
    )


def interfaces() -> list[Interface]:
    """IPv4 interfaces, the room's likely ones first (loopback last). Phones type or scan an IPv4
    address far more reliably than an IPv6 one."""
    found: list[Interface] = []
    if sys.platform.startswith("linux"):
        for _index, name in socket.if_nameindex():
            interface = _linux_interface(name)
            if interface is not None:
                found.append(interface)
    if not found:  # elsewhere: what the host name resolves to, and loopback
        with contextlib.suppress(OSError):
            for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
                address = str(info[4][0])
                if all(i.address != address for i in found):
                    found.append(Interface("host", address))
        if all(not i.loopback for i in found):
            found.append(Interface("loopback", "127.0.0.1"))
    return ranked(found)


def suggested(choices: list[Interface], last: tuple[str, str] | None = None) -> Interface | None:
    """The interface to offer first: the one chosen last time in this workspace (`last`: its
    name and address; the name wins, as an address may change) if it is still here, else the
    room's likely network (see `ranked`), else loopback (for a try-out)."""
    if last is not None:
        name, address = last
        same = [i for i in choices if i.name == name] or [
            i for i in choices if i.address == address
        ]
        if same:
            return same[0]
    return ranked(choices)[0] if choices else None


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
