"""The workshop screen's keys: moving between areas, the reveal, the forms, undo and retry,
the time box and phones. The digits, a, n and delete that rate are the ratings grid's own."""

from __future__ import annotations

from textual.binding import Binding, BindingType

AREA = Binding.Group("Area")

WORKSHOP_KEYS: list[BindingType] = [
    Binding(
        "left_square_bracket",
        "previous_area",
        "Previous area",
        id="workshop.previous_area",
        key_display="[",
        group=AREA,
    ),
    Binding(
        "right_square_bracket",
        "next_area",
        "Next area",
        id="workshop.next_area",
        key_display="]",
        group=AREA,
    ),
    Binding(
        "v",
        "reveal",
        "Reveal",
        id="workshop.reveal",
        tooltip="Show everyone's ratings and the result",
    ),
    Binding(
        "h",
        "hide",
        "Hide",
        id="workshop.hide",
        tooltip="Hide the ratings again (they stay recorded)",
    ),
    Binding(
        "j",
        "justify",
        "Justify",
        id="workshop.justify",
        tooltip="Write the justification; optionally agree a different level",
    ),
    Binding(
        "b",
        "ambition",
        "Ambition",
        id="workshop.ambition",
        tooltip="Set the level the council aims for, and by when",
    ),
    Binding(
        "plus",
        "add_action",
        "Action",
        id="workshop.add_action",
        key_display="+",
        tooltip="Add an action for this area",
    ),
    Binding(
        "s",
        "summary",
        "Summary",
        id="workshop.summary",
        tooltip="The maturity grid, what is missing, and sign-off",
    ),
    Binding(
        "ctrl+z",
        "undo",
        "Undo rating",
        id="workshop.undo",
        tooltip="Put the last changed rating back (only ratings can be undone)",
    ),
    Binding(
        "r",
        "retry",
        "Retry save",
        id="workshop.retry",
        tooltip="Try the change that was not saved again",
    ),
    Binding(
        "d",
        "edit_session",
        "Details",
        id="workshop.edit_session",
        tooltip="Change the session's details and participants",
    ),
    Binding(
        "l",
        "levels_in_full",
        "Levels",
        id="workshop.levels",
        tooltip="Show every level's descriptor in full, or compact again",
    ),
    Binding(
        "t",
        "time_box",
        "Time box",
        id="workshop.time_box",
        tooltip="A time box per area: none, 10, 15, 20 or 30 minutes",
    ),
    Binding(
        "P",
        "phone_voting",
        "Phones",
        id="workshop.phones",
        tooltip="Phone voting: participants rate from their phones",
    ),
    Binding(
        "escape",
        "close",
        "Back",
        id="workshop.close",
        tooltip="Back to the sessions (press twice)",
    ),
]
