"""What every part of the action plan PDF shares: the snapshot, styles, labels and small lookups."""

from __future__ import annotations

from reportlab.lib.units import mm

from npsworkshop.assessment.rules import MISSING_WORDS
from npsworkshop.assessment.snapshot import AreaView, RatingFact, SessionSnapshot
from npsworkshop.framework.levels import LEVELS
from npsworkshop.report import committee
from npsworkshop.report import styles as st
from npsworkshop.report.anonymity import participant_labels
from npsworkshop.report.since_baseline import BaselineHistory
from npsworkshop.report.text import line

MISSING_TITLES = MISSING_WORDS  # the rules' own words, so every kind of gap has a title
LABEL_WIDTH = 32 * mm
COVER_SCALES = (1.0, 0.8, 0.65, 0.55)
COVER_NAMES_HEIGHT = 0.4 * st.FRAME_HEIGHT
NAMED_WEAKEST_MAX = 4


class PlanContext:
    """The session being printed and the lookups every section of the plan uses."""

    def __init__(
        self,
        snapshot: SessionSnapshot,
        *,
        anonymous: bool,
        notes: bool,
        history: BaselineHistory | None = None,
        key: bytes | None = None,
    ) -> None:
        self.snap = snapshot
        self.history = history
        self.record = snapshot.record
        self.pack = snapshot.pack
        self.s = st.styles()
        self.anonymous = anonymous
        self.notes = notes and not anonymous
        self.who = participant_labels(snapshot, anonymous=anonymous, key=key)
        self.level_titles: dict[str, str] = {
            level: line(self.pack.level_title(level)) for level in LEVELS
        }
        self.numbers = {area.id: index for index, area in enumerate(snapshot.areas, start=1)}
        self.theme_titles = {theme.id: line(theme.title) for theme in self.pack.themes}

    def in_shown_order(self, area: AreaView) -> list[RatingFact]:
        """The area's ratings in the order people are listed (letters, or names): never the
        record's order, which the named plan would give away."""
        place = {person: index for index, person in enumerate(self.who)}
        return sorted(area.ratings, key=lambda r: place.get(r.participant, len(place)))

    def group_title(self, area: AreaView) -> str:
        return committee.group_title(self.snap, area)

    def grouped(self) -> list[tuple[str, list[AreaView]]]:
        return committee.grouped(self.snap)

    def level(self, level: str | None, missing: str = "Not rated") -> str:
        return self.level_titles[level] if level else missing
