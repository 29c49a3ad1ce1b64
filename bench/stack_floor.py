"""Floor of the whole-process benchmarks: a process that only imports the stack a command needs.

python bench/stack_floor.py          sqlmodel and pydantic (what `import` and `export` need)
python bench/stack_floor.py pdf      the same, reportlab.platypus and pikepdf (what a PDF export
                                    needs: it is drawn with reportlab and tagged with pikepdf)
"""

from __future__ import annotations

import sys

import pydantic  # noqa: F401
import sqlmodel  # noqa: F401

if "pdf" in sys.argv[1:]:
    import pikepdf  # noqa: F401
    import reportlab.platypus  # noqa: F401
