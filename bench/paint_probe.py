"""Child process of the first-paint benchmark: run an app, note when it first painted, and exit.

    python bench/paint_probe.py floor                 a bare Textual app that paints one Label
    python bench/paint_probe.py app [CLI ARGS...]     `npsworkshop [CLI ARGS]`, the real entry point

When the app posts Ready (its first screen laid out), after the following refresh, the probe writes
`time.perf_counter()` (CLOCK_MONOTONIC, comparable across processes) and which heavy modules were
loaded to the file named by $NPSWORKSHOP_BENCH_READY_FILE, then exits the app. Both modes import
`textual.app` first and hook the same base-class method, so floor and subject are timed alike.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import Label

READY_FILE = "NPSWORKSHOP_BENCH_READY_FILE"
WATCHED = ("sqlmodel", "sqlalchemy", "reportlab", "alembic", "pydantic")


def _record(app: App[Any]) -> None:
    painted, cpu = time.perf_counter(), time.process_time()
    loaded = sorted(name for name in WATCHED if name in sys.modules)
    with open(os.environ[READY_FILE], "w", encoding="utf-8") as handle:
        json.dump({"painted": painted, "cpu": cpu, "loaded": loaded}, handle)
    app.exit()


_post_message = App.post_message


def _post_message_noting_ready(self: App[Any], message: Message) -> bool:
    # Textual posts Ready once the first screen is laid out. Asking for a callback after the next
    # refresh here, before any on_ready handler runs, puts it ahead of whatever the app starts
    # from on_ready (a worker thread importing the database layer would otherwise compete).
    if isinstance(message, events.Ready):
        self.call_after_refresh(_record, self)
    return _post_message(self, message)


App.post_message = _post_message_noting_ready  # type: ignore[method-assign,assignment]


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("npsworkshop")


def main(argv: list[str]) -> int:
    if argv[:1] == ["floor"]:
        Bare().run()
        return 0
    if argv[:1] == ["app"]:
        from npsworkshop.cli import main as cli_main

        return cli_main(argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
