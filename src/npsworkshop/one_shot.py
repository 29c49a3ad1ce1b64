"""The garbage collector tuned for one-shot commands (export, import and the other headless
commands): a process that loads a large stack, builds one document and exits.

CPython collects generation 0 every 700 container allocations, and every so often walks every
object alive, including the hundreds of thousands the imports left (pydantic's schemas,
SQLAlchemy's mappings, reportlab's tables). None of them is garbage, and a one-shot command
makes few reference cycles, so that walking is wasted: it was a tenth of a large PDF export
(bench/large_session.py). Two standard remedies, as mypy and other batch tools use them:

- `start()`: collect generation 0 every 50,000 allocations, not 700 (peak memory of the large
  export unchanged, within a few MB);
- `settle()`: once a command has imported what it needs, move everything alive into the
  permanent generation (`gc.freeze`), so later collections walk only what the command makes.

Never for the app: a long-running process must keep collecting what it lets go of.
"""

from __future__ import annotations

import gc

GENERATION_0 = 50_000
_started = False


def start() -> None:
    """Called by the command line before a headless command imports its stack."""
    global _started
    _started = True
    gc.set_threshold(GENERATION_0, *gc.get_threshold()[1:])


def settle() -> None:
    """Called once the command's modules are loaded: later collections skip what is alive now.
    Does nothing unless `start()` was called (the app, the tests and the review never are)."""
    if _started:
        gc.freeze()
