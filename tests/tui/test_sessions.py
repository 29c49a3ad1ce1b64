"""Sessions over time: reopening where you were, read-only after sign-off or while someone else
edits, notes and actions, import and export, and projector mode."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static, TextArea

from conftest import complete
from npsworkshop.exporting import export_session
from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.confirm import ConfirmScreen
from npsworkshop.tui.screens.export import ExportScreen
from npsworkshop.tui.screens.home import HomeScreen
from npsworkshop.tui.screens.rating_note import NoteScreen
from npsworkshop.tui.screens.sign_off import SignOffScreen
from npsworkshop.tui.screens.summary import SummaryScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.actions_table import ActionsTable
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, type_text, until


async def open_first_session(pilot: Pilot[Any], app: WorkshopApp) -> WorkshopScreen:
    """From the home screen (or straight in, when the app reopens the last session)."""
    await until(
        pilot,
        lambda: (
            (isinstance(app.screen, HomeScreen) and app.screen.loaded)
            or isinstance(app.screen, WorkshopScreen)
        ),
    )
    if isinstance(app.screen, HomeScreen):
        await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
    assert isinstance(app.screen, WorkshopScreen)
    return app.screen


def footer_actions(app: WorkshopApp) -> set[str]:
    return {
        binding.action for _, binding, enabled, _ in app.screen.active_bindings.values() if enabled
    }


async def test_reopening_a_session_returns_to_the_last_area(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first_session(pilot, app)
        assert screen.current == "plain"
        await pilot.press("]", "]")
        await until(pilot, lambda: screen.current == "talent")
        await pilot.press("escape")  # one esc never leaves the workshop
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        screen = await open_first_session(pilot, app)
        assert screen.current == "talent"
        await pilot.press("p")  # projector mode on, then quit from inside the session
        await until(pilot, lambda: app.projector)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        # The app opens straight onto the session it was closed in, projector mode kept.
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        assert isinstance(app.screen, WorkshopScreen)
        assert app.screen.current == "talent"
        assert app.projector and app.theme == "npsworkshop-projector"


async def test_a_signed_off_session_opens_read_only(tui_workspace: Workspace) -> None:
    session_id = seed_session(tui_workspace, rated=False)
    with Workshop.open(tui_workspace, backup=False) as workshop:
        complete(workshop, session_id)
        fingerprint = workshop.sign_off(session_id, "Pat Jones", "Director of Resources")
        before = workshop.snapshot(session_id).record
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first_session(pilot, app)
        banner = str(screen.query_one("#signed-banner", Static).content)
        assert "Signed off by Pat Jones (Director of Resources)" in banner
        assert fingerprint in banner
        assert not {
            "rate",
            "abstain",
            "note",
            "justify",
            "ambition",
            "add_action",
        } & footer_actions(app)
        await pilot.press("1", "a", "j", "b", "+")
        assert app.screen is screen  # no form opened
        # Already revealed: a signed-off record has nothing left to anchor on.
        grid = screen.query_one(RatingsGrid)
        assert str(grid.get_cell_at(Coordinate(0, 0))) == "3 Mature"
    with Workshop.open(tui_workspace, backup=False) as workshop:
        after = workshop.snapshot(session_id).record
    assert after.model_dump(exclude={"last_area"}) == before.model_dump(exclude={"last_area"})


async def test_a_session_open_in_another_program_is_shown_read_only(
    tui_workspace: Workspace,
) -> None:
    session_id = seed_session(tui_workspace)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys
                from pathlib import Path
                from npsworkshop.workshop import Workshop
                from npsworkshop.workspace import Workspace
                workshop = Workshop.open(Workspace(Path({str(tui_workspace.root)!r})), backup=False)
                workshop.claim({session_id!r}, "the quick review")
                print("holding", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        app = WorkshopApp(tui_workspace)
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await open_first_session(pilot, app)
            banner = str(screen.query_one("#signed-banner", Static).content)
            assert banner.startswith("Read-only here:")
            assert "the quick review" in banner
            assert "rate" not in footer_actions(app)
            await pilot.press("1")
            assert screen.area().ratings[0].level == "mature"
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(10)
        holder.stdout.close()


async def test_notes_and_actions_are_written_edited_and_removed(tui_workspace: Workspace) -> None:
    session_id = seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first_session(pilot, app)
        # A note on Jo's rating (the first cell).
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen))
        await type_text(pilot, "Only social care contracts")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.area().ratings[0].note is not None)
        assert "✎" in str(
            screen.query_one(RatingsGrid).rows[next(iter(screen.query_one(RatingsGrid).rows))].label
        )

        # Edit the action: a new status; then remove it after saying yes.
        table = screen.query_one(ActionsTable)
        table.focus()
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query("#action-status"))
        status: Select[str] = app.screen.query_one("#action-status", Select)
        status.value = "in-progress"
        owner = app.screen.query_one("#action-owner", Input)
        owner.value = ""
        owner.focus()
        await type_text(pilot, "Chief Finance Officer")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.area().actions[0].status == "in-progress")
        assert screen.area().actions[0].owner == "Chief Finance Officer"
        await pilot.press("x")
        await pilot.press("n")  # changed their mind
        assert len(screen.area().actions) == 1
        await pilot.press("x", "y")
        await until(pilot, lambda: not screen.area().actions)
    with Workshop.open(tui_workspace, backup=False) as workshop:
        plain = workshop.snapshot(session_id).area("plain")
    assert plain.ratings[0].note == "Only social care contracts"
    assert plain.actions == ()


async def test_an_ambition_below_the_current_level_is_not_offered_and_the_suggestion_is_one_above(
    tui_workspace: Workspace,
) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first_session(pilot, app)
        await pilot.press("]")
        await until(pilot, lambda: screen.current == "gridded")
        await pilot.press("b")  # hidden ratings: opening the ambition reveals them, and says so
        await until(pilot, lambda: app.screen is not screen)
        assert "gridded" in screen.revealed
        descriptor = str(app.screen.query_one("#ambition-descriptor", Static).content)
        assert descriptor.startswith("4 Leader looks like:")  # one above Mature
        await pilot.press("1")  # below the current level: not chosen
        assert str(app.screen.query_one("#ambition-descriptor", Static).content) == descriptor
        await pilot.press("5")
        assert "5 Innovator looks like:" in str(
            app.screen.query_one("#ambition-descriptor", Static).content
        )
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.area().ambition is not None)
        ambition = screen.area().ambition
        assert ambition is not None and ambition.level == "innovator"


async def test_a_session_file_is_imported_from_the_home_screen(
    tui_workspace: Workspace, tmp_path: Path
) -> None:
    session_id = seed_session(tui_workspace)
    with Workshop.open(tui_workspace, backup=False) as workshop:
        [written] = export_session(workshop, session_id, "json", tmp_path / "baseline.json")
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("i")
        await type_text(pilot, str(tmp_path / "missing.json"))
        await pilot.press("enter")
        assert "there is no file at" in str(
            app.screen.query_one("#field-file .field-problem", Static).content
        )
        field = app.screen.query_one("#import-path", Input)
        field.value = ""
        await type_text(pilot, str(written))
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is home and len(home.sessions) == 2)
    with Workshop.open(tui_workspace, backup=False) as workshop:
        imported = [s for s in workshop.list_sessions() if s.id != session_id]
        assert [s.title for s in imported] == ["Baseline 2026"]
        assert workshop.snapshot(imported[0].id).area("plain").justification is not None


async def test_export_from_the_command_palette_and_from_home_shows_the_written_path(
    tui_workspace: Workspace,
) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_first_session(pilot, app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "export")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("j")
        status = lambda: str(app.screen.query_one("#export-status", Static).content)  # noqa: E731
        await until(pilot, lambda: status().startswith("✓ Written"))
        json_path = Path(status().splitlines()[1].strip())
        assert json_path.parent == tui_workspace.exports_dir and json_path.suffix == ".json"
        assert json_path.read_text(encoding="utf-8").startswith("{")
        await pilot.press("escape", "escape", "escape")  # the export, then twice the workshop
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("e", "c")
        await until(pilot, lambda: status().startswith("✓ Written"))
        csv_paths = [Path(line.strip()) for line in status().splitlines()[1:]]
        assert [p.suffix for p in csv_paths] == [".csv", ".csv"]
        assert all(p.exists() for p in csv_paths)


async def test_word_and_anonymous_exports_from_the_app(tui_workspace: Workspace) -> None:
    """The app offers what the command line does: Word, and anonymity in any format."""
    from docx import Document

    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("a", "w")
        status = lambda: str(app.screen.query_one("#export-status", Static).content)  # noqa: E731
        await until(pilot, lambda: status().startswith("✓ Written"))
        path = Path(status().splitlines()[1].strip())
        assert path.suffix == ".docx" and path.stem.endswith("-anonymous")
        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
        assert "Participant A" in text or "Action plan" in text
        with Workshop.open(tui_workspace, backup=False) as workshop:
            names = [
                p.name
                for p in workshop.snapshot(workshop.list_sessions()[0].id).record.participants
            ]
        tables = " ".join(
            c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells
        )
        assert not any(name in text or name in tables for name in names)


async def test_a_pdf_that_cannot_be_made_is_explained_and_logged(
    tui_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import npsworkshop.report.pdf as pdf

    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise RuntimeError("font missing")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await pilot.press("e", "p")
        status = lambda: str(app.screen.query_one("#export-status", Static).content)  # noqa: E731
        await until(pilot, lambda: status().startswith("✗"))
        assert "The PDF file could not be written (RuntimeError)" in status()
        assert str(tui_workspace.log_file) in status()
        assert "-failed" in app.screen.classes
        assert not list(tui_workspace.exports_dir.glob("*.pdf"))
    assert "font missing" in tui_workspace.log_file.read_text(encoding="utf-8")


async def test_projector_mode_hides_names_and_notes(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first_session(pilot, app)
        grid = screen.query_one(RatingsGrid)
        labels = lambda: [str(row.label) for row in grid.rows.values()]  # noqa: E731
        assert labels() == [
            "Jo Smith · Adults",
            "Sam Patel · Finance ✎",
            "Ali Jones · Children's Services",
        ]
        await pilot.press("ctrl+p")
        await type_text(pilot, "projector")
        await pilot.press("enter")
        await until(pilot, lambda: app.projector)
        assert app.theme == "npsworkshop-projector"
        assert labels() == ["Participant A", "Participant B", "Participant C"]
        # Rows follow the letters, which follow the workspace's key (as anonymous exports do).
        rows = [str(key.value) for key in grid.rows]
        result = str(screen.query_one("#result", Static).content)
        assert f"given by Participant {screen.letters['p2']}" in result and "Sam" not in result
        assert "Finance" not in result  # a department can name the person too
        grid.focus()
        grid.move_cursor(row=rows.index("p2"), column=0)
        await pilot.press("n")  # Sam's note stays off screen, and cannot be overwritten unseen
        assert app.screen is screen
        grid.move_cursor(row=rows.index("p1"), column=0)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen))
        assert app.screen.query_one("#note", TextArea).text == ""
        assert app.screen.form_title == f"Note: Participant {screen.letters['p1']}"
        await pilot.press("escape")
        assert screen.area().ratings[1].note == "Finance sees contracts late"
        assert HELD_ON.isoformat() in str(screen.query_one("#session-title", Static).content)


async def test_the_command_palette_jumps_to_any_area(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first_session(pilot, app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "go to talent")
        await pilot.press("enter")
        await until(pilot, lambda: screen.current == "talent")
        assert app.focused is screen.query_one(RatingsGrid)


async def test_an_agreed_level_needs_its_moderation_reason(tui_workspace: Workspace) -> None:
    session_id = seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first_session(pilot, app)
        await pilot.press("j")
        await until(pilot, lambda: app.screen is not screen)
        form = app.screen
        form.query_one("#agreed-level", Select).value = "mature"
        await pilot.press("ctrl+s")
        problem = str(form.query_one("#field-moderation_reason .field-problem", Static).content)
        assert "say why the agreed level differs" in problem
        assert app.screen is form  # nothing saved, the form stays
        form.query_one("#moderation-reason", TextArea).focus()
        await type_text(pilot, "Finance's view was about one contract.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen and screen.area().agreed_level == "mature")
        assert screen.area().state == "moderated"
        assert "Agreed level 3 Mature instead of the rule's 2 Developing" in str(
            screen.query_one("#justification", Static).content
        )
    with Workshop.open(tui_workspace, backup=False) as workshop:
        plain = workshop.snapshot(session_id).area("plain")
    assert plain.result is not None and plain.result.weakest_level == "developing"
    assert (plain.agreed_level, plain.moderation_reason) == (
        "mature",
        "Finance's view was about one contract.",
    )


async def test_quitting_with_an_unsaved_form_asks_first(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first_session(pilot, app)
        await pilot.press("]", "v", "j")
        await until(pilot, lambda: app.screen is not screen)
        form = app.screen
        await type_text(pilot, "Half a thought")
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.screen is form
        assert form.query_one("#justification", TextArea).text == "Half a thought"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("ctrl+q")  # nothing unsaved: quits at once
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 0


async def test_the_pdf_can_leave_names_out(
    tui_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import npsworkshop.exporting as exporting

    calls: list[dict[str, object]] = []
    real = exporting.export_session

    def recording(*args: Any, **kwargs: Any) -> list[Path]:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(exporting, "export_session", recording)
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        note = lambda: str(app.screen.query_one("#export-anonymous", Static).content)  # noqa: E731
        assert "names and departments in the file: shown" in note()
        await pilot.press("a", "p")
        assert "left out (anonymous)" in note()
        status = lambda: str(app.screen.query_one("#export-status", Static).content)  # noqa: E731
        await until(pilot, lambda: status().startswith(("✓", "✗")), timeout=60)
        assert status().startswith("✓ Written"), status()
    assert calls == [{"anonymous": True}]
    assert list(tui_workspace.exports_dir.glob("*.pdf"))


async def test_sign_off_from_the_command_palette_says_what_is_missing_first(
    tui_workspace: Workspace,
) -> None:
    session_id = seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_first_session(pilot, app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "sign off")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
        missing = app.screen.query_one("#missing", OptionList)
        assert app.focused is missing
        assert [str(o.prompt) for o in missing.options] == [
            "An area with dimensions: needs a justification, an ambition",
            "Talent: needs ratings, a justification, an ambition",
        ]
        await pilot.press("enter")  # goes to the first area that lacks something
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen))
        assert app.screen.current == "gridded"
    with Workshop.open(tui_workspace, backup=False) as workshop:
        complete(workshop, session_id)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_first_session(pilot, app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "sign off")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SignOffScreen))


async def test_a_file_that_is_not_a_session_is_explained_and_nothing_is_imported(
    tui_workspace: Workspace, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text("{not json", encoding="utf-8")
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await pilot.press("i")
        await type_text(pilot, str(bad))
        await pilot.press("enter")
        problems = lambda: str(app.screen.query_one("#form-problems", Static).content)  # noqa: E731
        await until(pilot, lambda: "is not valid JSON" in problems())
        assert app.recorder is not None and app.recorder.workshop.list_sessions() == []
