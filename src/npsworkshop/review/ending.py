"""The end of a review: the summary, what is missing, sign-off and the exports."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from npsworkshop.errors import Failure, UserError
from npsworkshop.review.area_questions import review_area
from npsworkshop.review.checks import text_check
from npsworkshop.review.context import Review
from npsworkshop.review.position import first_step
from npsworkshop.review.prompts import Option, answered
from npsworkshop.review.wording import summary_lines, wrap

Format = Literal["pdf", "json", "csv"]
FORMAT_NAMES: dict[Format, str] = {
    "pdf": "PDF action plan",
    "json": "JSON (the interchange file)",
    "csv": "CSV (one row per area, and the actions)",
}


def finish(review: Review) -> None:
    """Show the summary and offer what comes next until the person signs off or stops."""
    while True:
        snap = review.snapshot()
        # The review is past its areas: the next run starts at the summary.
        review.workshop.set_last_area(review.session, snap.areas[0].id)
        review.say(summary_lines(snap, review.width))
        if snap.signed_off:
            return
        options: list[Option[str]] = []
        if snap.missing():
            options.append(Option("Answer what is still missing", "missing"))
        else:
            options.append(Option("Sign it off now (it becomes read-only)", "sign"))
        options += [
            Option("Change the answers for an area", "change"),
            Option("Stop here; it stays a draft", "draft"),
        ]
        # Enter alone never signs off: that cannot be undone, so it has to be chosen.
        default = "missing" if snap.missing() else "draft"
        choice = answered(review.prompter.select("What next?", options, default=default))
        if choice == "draft":
            return
        if choice == "missing":
            for area in snap.areas:
                now = review.snapshot()
                if first_step(now, now.area(area.id)):
                    review_area(review, area.id)
        elif choice == "change":
            area_id = answered(
                review.prompter.select("Which area?", [Option(a.title, a.id) for a in snap.areas])
            )
            review_area(review, area_id, "again")
        elif sign_off(review):
            return


def signed_summary(review: Review) -> None:
    """A signed-off review, as it was signed."""
    review.say(summary_lines(review.snapshot(), review.width))


def sign_off(review: Review) -> bool:
    """Ask who signs the review off and do it; False when the service refuses."""
    snap = review.snapshot()
    first = snap.record.participants[0] if snap.record.participants else None
    name = answered(
        review.prompter.text(
            "Signed off by (name):",
            default=first.name if first else "",
            check=text_check("The name"),
        )
    )
    role = answered(
        review.prompter.text(
            "Their role (e.g. Head of Procurement):",
            default=first.role if first else "",
            check=text_check("The role"),
        )
    )
    try:
        fingerprint = review.workshop.sign_off(review.session, name, role, review.today)
    except UserError as exc:
        review.say(f"Not signed off: {exc}")
        return False
    review.say(
        "",
        wrap(
            f"Signed off. It is now read-only. Its fingerprint (a check that the record has "
            f"not changed since) is {fingerprint}.",
            review.width,
        ),
    )
    return True


def offer_exports(review: Review) -> list[Path]:
    """Offer PDF, JSON and CSV; if the PDF cannot be made, say so and offer the others."""
    status = "signed-off" if review.snapshot().signed_off else "draft (the PDF says DRAFT)"
    review.say("", f"You can export the review now as a {status} copy.")
    options: list[Option[Format]] = [
        Option(name, fmt, checked=fmt == "pdf") for fmt, name in FORMAT_NAMES.items()
    ]
    chosen = answered(review.prompter.checkbox("Which files should be written?", options))
    written: list[Path] = []
    for fmt in chosen:
        paths = export(review, fmt)
        written += paths
        if fmt == "pdf" and not paths:
            rest = [f for f in FORMAT_NAMES if f not in chosen]
            if rest:
                instead = answered(
                    review.prompter.checkbox(
                        "Write these instead?",
                        [Option(FORMAT_NAMES[f], f, checked=True) for f in rest],
                    )
                )
                for other in instead:
                    written += export(review, other)
    return written


def export(review: Review, fmt: Format) -> list[Path]:
    """Write one format; on failure say why in one line (details to the workspace log)."""
    from npsworkshop.exporting import export_session

    try:
        paths = export_session(review.workshop, review.session, fmt)
    except (UserError, Failure) as exc:
        review.say(f"The {FORMAT_NAMES[fmt]} was not written: {exc}")
        return []
    except Exception as exc:  # the PDF renderer is optional and may fail on its own
        from npsworkshop.crashlog import one_line_summary, write_crash_log

        log = write_crash_log(
            review.workshop.workspace.log_file, exc, context=f"review export {fmt}"
        )
        where = f"; details are in {log}" if log else ""
        review.say(f"The {FORMAT_NAMES[fmt]} could not be made ({one_line_summary(exc)}){where}.")
        return []
    for path in paths:
        review.say(f"Written: {path}")
    return paths
