"""The interface offered first: the room's likely network (a private LAN address on an up network
card, Wi-Fi first), never a container bridge or loopback when there is better; and the choice
remembered per workspace in a small file that, when bad, is ignored with a notice."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from npsworkshop.room.network import Interface, ranked, suggested
from npsworkshop.room.remembered import FILE_NAME, last_choice, remember_choice

DOCKER = Interface("docker0", "172.17.0.1", virtual=True)
VPN = Interface("tun0", "100.64.0.7", virtual=True)
CABLE = Interface("eth0", "10.20.30.40")
WIFI = Interface("wlan0", "192.168.1.20", wireless=True)
DOWN = Interface("eth1", "192.168.5.5", up=False)
PUBLIC = Interface("eth2", "81.2.69.160")
LOOPBACK = Interface("lo", "127.0.0.1", virtual=True)
NO_ADDRESS = Interface("eth3", "169.254.10.1")


def test_the_rooms_likely_network_comes_first_and_loopback_last() -> None:
    found = ranked([LOOPBACK, DOCKER, VPN, DOWN, PUBLIC, NO_ADDRESS, CABLE, WIFI])
    assert found == [WIFI, CABLE, PUBLIC, NO_ADDRESS, DOCKER, VPN, DOWN, LOOPBACK]
    assert suggested([DOCKER, LOOPBACK, CABLE]) == CABLE  # not the first listed, a bridge
    assert suggested([LOOPBACK]) == LOOPBACK  # a try-out on this laptop alone
    assert suggested([]) is None


def test_the_labels_say_what_each_interface_is() -> None:
    assert WIFI.label == "wlan0 192.168.1.20 (Wi-Fi)"
    assert CABLE.label == "eth0 10.20.30.40"
    assert DOCKER.label == "docker0 172.17.0.1 (virtual: containers, VMs or a VPN)"
    assert DOWN.label == "eth1 192.168.5.5 (down)"
    assert NO_ADDRESS.label == "eth3 169.254.10.1 (no address from the network)"
    assert LOOPBACK.label == "lo 127.0.0.1 (this laptop only)"


def test_the_last_choice_wins_by_name_then_by_address() -> None:
    choices = [WIFI, CABLE, DOCKER, LOOPBACK]
    assert suggested(choices, ("lo", "127.0.0.1")) == LOOPBACK
    assert suggested(choices, ("eth0", "10.99.0.1")) == CABLE  # the network gave a new address
    assert suggested(choices, ("usb0", "172.17.0.1")) == DOCKER  # renamed, same address
    assert suggested(choices, ("wlan9", "10.0.0.9")) == WIFI  # gone: the likely one


def test_the_choice_is_remembered_per_workspace(tmp_path: Path) -> None:
    assert last_choice(tmp_path).interface is None and last_choice(tmp_path).notice is None
    assert remember_choice(tmp_path, CABLE) is None
    assert last_choice(tmp_path).interface == ("eth0", "10.20.30.40")
    assert json.loads((tmp_path / FILE_NAME).read_text()) == {
        "interface": "eth0",
        "address": "10.20.30.40",
    }
    assert remember_choice(tmp_path, WIFI) is None  # replaced whole, nothing left beside it
    assert last_choice(tmp_path).interface == ("wlan0", "192.168.1.20")
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE_NAME]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe\x00", "not JSON"),
        (b"[1, 2]", "expected an object, found [1, 2]"),
        (b'{"interface": 7, "address": "10.0.0.1"}', "interface: expected an interface name, found 7"),
        (b'{"interface": "", "address": "10.0.0.1"}', "interface: expected an interface name"),
        (b'{"interface": "a\\nb", "address": "10.0.0.1"}', "interface: expected an interface name"),
        (b'{"interface": "eth0", "address": "10.0.0.300"}', "address: expected an IPv4 address, found '10.0.0.300'"),
        (b'{"interface": "eth0"}', "address: expected an IPv4 address, found None"),
        (b'{"interface": "eth0", "address": "[b]x[/b]"}', "found '[b]x[/b]'"),
        (b" " * 5000, "over 4096 bytes"),
    ],
)  # fmt: skip
def test_a_bad_file_is_ignored_with_a_notice_naming_it(
    tmp_path: Path, content: bytes, said: str
) -> None:
    (tmp_path / FILE_NAME).write_bytes(content)
    found = last_choice(tmp_path)
    assert found.interface is None
    assert found.notice is not None
    assert str(tmp_path / FILE_NAME) in found.notice and said in found.notice
    assert remember_choice(tmp_path, WIFI) is None  # the next start replaces it
    assert last_choice(tmp_path).interface == ("wlan0", "192.168.1.20")


def test_an_unreadable_or_unwritable_place_is_a_notice_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).mkdir()  # a folder where the file should be
    found = last_choice(tmp_path)
    assert found.interface is None and found.notice and "cannot be read" in found.notice
    notice = remember_choice(tmp_path, WIFI)  # nor can a file replace that folder
    assert notice is not None and "could not be remembered" in notice
    (tmp_path / "a file").write_text("")
    assert remember_choice(tmp_path / "a file", WIFI) is not None  # a file where a folder is
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert remember_choice(locked, WIFI) is not None
