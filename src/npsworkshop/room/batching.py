"""Votes that arrive together share one commit.

Each vote must be on disk before its phone hears "recorded", and a durable commit costs an fsync.
Forty phones voting at once would queue forty fsyncs behind one another; instead, while one
commit is in flight, the votes that arrive wait for the next, which writes them all. No vote is
answered before the commit that holds it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from npsworkshop.room.ballot import BallotRefused, Vote

WriteVotes = Callable[[Sequence[Vote]], list[str | BallotRefused]]
MAX_BATCH = 200


class VoteBatcher:
    """Hands votes to `write` (a blocking call: it runs in a worker thread) in batches."""

    def __init__(self, write: WriteVotes) -> None:
        self._write = write
        self._pending: list[tuple[Vote, asyncio.Future[str]]] = []
        self._flushing = False
        self._flusher: asyncio.Task[None] | None = None

    async def vote(self, vote: Vote) -> str:
        """The participant the vote was recorded for, once it is committed; BallotRefused if not."""
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._pending.append((vote, future))
        if not self._flushing:
            self._flushing = True
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        import anyio.to_thread

        try:
            while self._pending:
                batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
                try:
                    results = await anyio.to_thread.run_sync(self._write, [v for v, _ in batch])
                except Exception as error:  # the whole commit failed: nobody's vote is recorded
                    for _vote, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_vote, future), result in zip(batch, results, strict=True):
                    if future.done():  # the phone went away
                        continue
                    if isinstance(result, BallotRefused):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        finally:
            self._flushing = False
