"""SIGTERM and SIGHUP end npsworkshop cleanly instead of killing it where it stands.

Every change is already on disk when its service call returns, so a hard kill loses nothing;
a clean exit also rolls back a change in flight, checkpoints the WAL, releases the session claims
and (in the app) restores the terminal. For headless code `exit_on_termination()` turns the
signals into a `Terminated` exception, raised in the main thread at the next Python instruction,
that unwinds through every `with` block (the service's transactions roll back, `Workshop.close`
runs). An event-loop program (the Textual app) calls `on_termination(callback, loop=loop)` and
stops its loop in the callback, e.g. `lambda signum: app.exit(return_code=128 + signum)`.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio

TERMINATION_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM, SIGHUP). A BaseException, so that `except
    Exception` blocks let it through."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def on_termination(
    callback: Callable[[int], object] | None = None,
    *,
    loop: asyncio.AbstractEventLoop | None = None,
) -> Callable[[], None]:
    """From now on SIGTERM/SIGHUP call `callback(signum)` (in the loop, with `loop=`), or raise
    `Terminated` when there is no callback. The first signal counts; later ones are ignored while
    shutting down. Returns the function that puts the previous handlers back. Only the main
    thread can install handlers; elsewhere (and where there are no such signals) nothing is done.
    """
    fired = False

    def handle(signum: int, _frame: Any = None) -> None:
        nonlocal fired
        if fired:
            return
        fired = True
        if callback is not None:
            callback(signum)
            return
        raise Terminated(signum)

    if loop is not None:
        if sys.platform == "win32":  # pragma: no cover - no add_signal_handler on Windows
            return lambda: None
        for sig in TERMINATION_SIGNALS:
            loop.add_signal_handler(sig, handle, int(sig))

        def remove_from_loop() -> None:
            for sig in TERMINATION_SIGNALS:
                with contextlib.suppress(Exception):
                    loop.remove_signal_handler(sig)

        return remove_from_loop
    previous: dict[signal.Signals, Any] = {}

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        previous.clear()

    try:
        for sig in TERMINATION_SIGNALS:
            previous[sig] = signal.signal(sig, handle)
    except ValueError:  # not the main thread
        restore()
    return restore


@contextlib.contextmanager
def exit_on_termination(
    callback: Callable[[int], object] | None = None,
    *,
    loop: asyncio.AbstractEventLoop | None = None,
) -> Iterator[None]:
    """`on_termination` for the length of a `with` block."""
    restore = on_termination(callback, loop=loop)
    try:
        yield
    finally:
        restore()
