"""How a participant is shown when names must not be: Participant A, B, ... Z, AA, AB, ..."""

from __future__ import annotations


def participant_letter(index: int) -> str:
    """A, B, ... Z, AA, AB, ... for the participant at `index` (0-based), spreadsheet style."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
