"""`npsworkshop region ...`: the command group's arguments and what each command prints.

Importing this module costs nothing (argparse only): the CLI registers the group when it builds
its parser; SQLAlchemy, Alembic and psycopg load only when a region command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from npsworkshop.workspace import Workspace

if TYPE_CHECKING:
    from npsworkshop.framework.models import Pack
    from npsworkshop.region.database import StoreAddress

DB_HELP = "the regional store: a SQLite file or a postgresql:// URL (no password in it)"


def add_region_parser(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `region` and its actions to the CLI's subparsers."""
    p = commands.add_parser(
        "region", help="publish signed-off sessions to a regional store and report across councils"
    )
    region = p.add_subparsers(
        dest="region_command", metavar="ACTION", parser_class=parser_class, required=True
    )

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = region.add_parser(name, help=help_text)
        sub.add_argument("--db", required=True, metavar="DB", help=DB_HELP)
        return sub

    action("init", "create a regional store in a new SQLite file or an empty database")
    action("upgrade", "bring a regional store to this version's schema")
    sub = action("publish", "publish signed-off sessions (signed JSON exports or session ids)")
    sub.add_argument("sources", nargs="+", metavar="FILE_OR_SESSION")
    sub = action("report", "the spread of levels across councils, per area")
    sub.add_argument(
        "--pack",
        default="nps-2018",
        metavar="ID",
        help="compare sessions on this framework pack (default: nps-2018)",
    )
    sub.add_argument(
        "--council", metavar="CODE_OR_NAME", help="show this council's position (GSS code or name)"
    )
    sub.add_argument(
        "--type",
        dest="council_type",
        metavar="TYPE",
        help="only councils of this type: county, district, unitary, metropolitan district, london borough",
    )
    sub.add_argument(
        "--year",
        type=_year,
        metavar="YYYY",
        help="each council's latest session held by the end of this year",
    )
    sub.add_argument(
        "--since",
        type=_year,
        metavar="YYYY",
        help="how many councils moved up, stayed, moved down since this year",
    )
    sub.add_argument("--format", required=True, choices=("json", "csv", "pdf"))
    sub.add_argument(
        "--output",
        type=Path,
        metavar="PATH",
        help="file to write (default: JSON/CSV to standard output, PDF to exports/)",
    )
    sub.add_argument("--force", action="store_true", help="replace --output if it exists")
    action("list", "list what is published")
    sub = action("withdraw", "remove one published session")
    sub.add_argument("fingerprint", metavar="FINGERPRINT")


def _year(text: str) -> int:
    if len(text) != 4 or not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a year (YYYY)")
    return int(text)


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    """Run one region action; errors propagate to the CLI, which prints them."""
    from npsworkshop.region.database import parse_address

    address = parse_address(args.db)
    handlers: dict[str, Callable[[argparse.Namespace, StoreAddress, Workspace], int]] = {
        "init": _init,
        "upgrade": _upgrade,
        "publish": _publish,
        "report": _report,
        "list": _list,
        "withdraw": _withdraw,
    }
    return handlers[args.region_command](args, address, workspace)


def _init(_args: argparse.Namespace, address: StoreAddress, _workspace: Workspace) -> int:
    from npsworkshop.region.database import init_store

    revision = init_store(address)
    print(f"Created a regional store (schema {revision}) at {address.shown}")
    return 0


def _upgrade(_args: argparse.Namespace, address: StoreAddress, _workspace: Workspace) -> int:
    from npsworkshop.region.database import upgrade_store

    before, after = upgrade_store(address)
    if before == after:
        print(f"{address.shown}: already at schema {after}; nothing to do")
    else:
        print(f"{address.shown}: upgraded from schema {before} to {after}")
    return 0


def _publish(args: argparse.Namespace, address: StoreAddress, workspace: Workspace) -> int:
    from npsworkshop.region.database import connect
    from npsworkshop.region.publishing import publish
    from npsworkshop.region.sources import read_publications
    from npsworkshop.terminal import printable

    publications = read_publications(args.sources, workspace)  # all verified before any write
    with connect(address, check=True, write=True) as connection:
        outcome = publish(connection, publications)
    by_fingerprint = {p.fingerprint: p for p in publications}
    for fingerprint in outcome.new:
        p = by_fingerprint[fingerprint]
        print(f"published {fingerprint}  {printable(p.council_name)}, held {p.held_on}")
    for fingerprint in outcome.already:
        p = by_fingerprint[fingerprint]
        print(f"already there {fingerprint}  {printable(p.council_name)}, held {p.held_on}")
    for name, code in outcome.linked:
        print(
            f"linked {printable(name)} to {code}: its sessions published without a GSS code now "
            "count as that council"
        )
    print(f"{len(outcome.new)} published, {len(outcome.already)} already there")
    return 0


def _report(args: argparse.Namespace, address: StoreAddress, workspace: Workspace) -> int:
    from npsworkshop.files import check_output, default_export_path, write_atomic
    from npsworkshop.region.database import connect
    from npsworkshop.region.report import ReportRequest, build_report
    from npsworkshop.region.report_formats import report_csv, report_json

    if args.output is not None:
        check_output(args.output, force=args.force, fmt=args.format)
    request = ReportRequest(
        pack_id=args.pack,
        council=args.council,
        council_type=args.council_type,
        year=args.year,
        since=args.since,
    )
    pack = _installed_pack(args.pack, workspace)
    order = [area.id for area in pack.areas()] if pack else []
    with connect(address, check=True) as connection:
        report = build_report(connection, request, order)
    if args.format == "pdf":
        from npsworkshop.region.report_pdf import render_region_pdf

        data = render_region_pdf(report, pack)
    else:
        data = report_json(report) if args.format == "json" else report_csv(report)
    if args.output is None and args.format != "pdf":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    path = args.output or default_export_path(
        workspace.exports_dir,
        ["region", args.pack, args.council_type or "", str(args.year or "")],
        f".{args.format}",
    )
    if args.output is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    print(write_atomic(path, data))
    return 0


def _installed_pack(pack_id: str, workspace: Workspace) -> Pack | None:
    """The pack's definition when it is installed here (for area order and titles), else None."""
    from npsworkshop.errors import NotFound
    from npsworkshop.framework.loader import find_pack

    try:
        return find_pack(pack_id, workspace.root).pack
    except NotFound:
        return None


def _list(_args: argparse.Namespace, address: StoreAddress, _workspace: Workspace) -> int:
    from npsworkshop.cli import _print_table
    from npsworkshop.region.database import connect
    from npsworkshop.region.publishing import list_published
    from npsworkshop.terminal import printable

    with connect(address, check=True) as connection:
        found = list_published(connection)
    if not found:
        print(f"Nothing is published in {address.shown} yet.")
        return 0
    rows = [("FINGERPRINT", "CODE", "COUNCIL", "TYPE", "PACK", "HELD", "SIGNED", "AREAS")]
    rows += [
        (
            p.fingerprint,
            p.council_code or (f"={p.linked_code}" if p.linked_code else ""),
            printable(p.council_name),
            printable(p.council_type),
            f"{p.pack_id} {p.pack_version}",
            p.held_on.isoformat(),
            p.signed_on.isoformat(),
            str(p.areas),
        )
        for p in found
    ]
    _print_table(rows)
    if any(p.linked_code and not p.council_code for p in found):
        print(
            "=CODE: published without a GSS code; counted as that council because its name "
            "matches a session published with the code"
        )
    return 0


def _withdraw(args: argparse.Namespace, address: StoreAddress, _workspace: Workspace) -> int:
    from npsworkshop.region.database import connect
    from npsworkshop.region.publishing import withdraw
    from npsworkshop.terminal import printable

    with connect(address, check=True, write=True) as connection:
        gone = withdraw(connection, args.fingerprint)
    print(f"withdrew {gone.fingerprint}  {printable(gone.council_name)}, held {gone.held_on}")
    return 0
