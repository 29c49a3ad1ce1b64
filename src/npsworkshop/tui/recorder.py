"""Every read and change of a session goes through the service, one call at a time, off the loop.

A single worker thread keeps calls in the order they were made (so eight quick keypresses store
eight ratings in order) while the event loop keeps painting. `await recorder.call(...)` returns
when the change is on disk, which is when a screen may show it. A write the database or the disk
refuses comes back as the service's `NotSaved` (a Failure), never as the database's own error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from npsworkshop.tui.save_errors import not_saved

if TYPE_CHECKING:
    from npsworkshop.workshop import Workshop

P = ParamSpec("P")
T = TypeVar("T")


class Recorder:
    """The app's handle on the workshop service."""

    def __init__(
        self, workshop: Workshop, on_notices: Callable[[list[str]], None] | None = None
    ) -> None:
        self.workshop = workshop
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="npsworkshop-service")
        self._notices_seen = 0
        self.on_notices = on_notices
        """Shows what the service noticed during a call (a backup not made), once each."""

    def new_notices(self) -> list[str]:
        """What the service noticed (a backup not made, a name in an anonymous export's free
        text) since the last look: each notice is taken once, so none is shown twice."""
        notices = self.workshop.notices
        fresh, self._notices_seen = list(notices[self._notices_seen :]), len(notices)
        return fresh

    async def call(self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run one service call in order on the service thread and wait for its result."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._thread, partial(function, *args, **kwargs))
        except Exception as error:
            refused = not_saved(error)
            if refused is None or refused is error:
                raise
            raise refused from error
        finally:
            if self.on_notices is not None and len(self.workshop.notices) > self._notices_seen:
                self.on_notices(self.new_notices())

    def close(self) -> None:
        """Finish queued calls, then checkpoint and close the database."""
        self._thread.shutdown(wait=True)
        self.workshop.close()
