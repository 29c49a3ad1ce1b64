"""Labels for ids people should not have to read: participants as letters when names must not
be shown (Participant A, B, ... Z, AA, AB, ...), and council types by their titles."""

from __future__ import annotations


def participant_letter(index: int) -> str:
    """A, B, ... Z, AA, AB, ... for the participant at `index` (0-based), spreadsheet style."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# The contract's council type ids (CONTRACT §6, §9) and how a committee paper names them.
COUNCIL_TYPES: dict[str, str] = {
    "county": "County council",
    "district": "District council",
    "unitary": "Unitary authority",
    "metropolitan district": "Metropolitan district",
    "london borough": "London borough",
}


def council_type_label(value: str) -> str:
    """ "Unitary authority" for the id "unitary"; any other text (a council's own words) as
    written."""
    return COUNCIL_TYPES.get(" ".join(value.split()).casefold(), value)
