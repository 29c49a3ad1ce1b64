"""Progress on a signed plan from the workshop screen (issue 12 item 1): read the plan as of
today, and open an action's progress form. The signed session stays read-only otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from npsworkshop.errors import Failure, UserError
from npsworkshop.tui.commands import PaletteCommand
from npsworkshop.tui.context import recorder_of, workshop_app
from npsworkshop.tui.widgets.actions_table import carried_to
from npsworkshop.tui.wording import ACTION_STATUSES

if TYPE_CHECKING:
    from npsworkshop.assessment.progress import ActionAsOf
    from npsworkshop.tui.screens.area_changes import AreaChanges


def today_of(screen: AreaChanges) -> date:
    return workshop_app(screen).today or date.today()


async def read(screen: AreaChanges) -> dict[int, ActionAsOf] | None:
    """Every action as of today by action id; None (and a warning) when the log cannot be
    trusted or read: the signed record itself still shows."""
    recorder = recorder_of(screen)
    try:
        plan = await recorder.call(recorder.workshop.cycle.action_plan, screen.session_id)
    except (UserError, Failure) as error:
        screen.notify(f"Progress cannot be shown: {error}", severity="error", timeout=10)
        return None
    report = plan.report(today_of(screen))
    return {plan.ids[state.action.ref]: state for state in report.actions}


def open_form(screen: AreaChanges, action_id: int) -> None:
    """The progress form for one action of the signed plan."""
    from npsworkshop.tui.screens.progress_entry import ProgressScreen

    state = (screen.progress or {}).get(action_id)
    if state is None:
        screen.notify("Progress can be recorded once the session is signed off.", timeout=4)
        return
    follow_up = carried_to(state)
    if follow_up is not None:
        screen.notify(
            f"{state.action.ref} was carried forward to the follow-up session {follow_up}: "
            "record its progress there.",
            timeout=6,
        )
        return
    screen.app.push_screen(
        ProgressScreen(screen.session_id, state, today_of(screen)),
        partial(screen._form_closed, show="#actions"),
    )


def palette_commands(screen: AreaChanges) -> Iterator[PaletteCommand]:
    """'Progress on A3: <title>' for every action of a signed plan, whichever area is shown."""
    for action_id, state in (screen.progress or {}).items():
        late = ", overdue" if state.overdue else ""
        yield PaletteCommand(
            f"Progress on {state.action.ref}: {state.action.title}",
            f"{ACTION_STATUSES[state.status]}{late}",
            partial(open_form, screen, action_id),
        )
