"""Pydantic models of a framework pack: the themes, key areas, enablers and level descriptors.

A pack is data (TOML under `content/<pack-id>/pack.toml`); these models are its schema. Areas may
have dimensions (rows of the maturity grid); an area without dimensions has one implicit row.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from npsworkshop.framework.levels import LEVELS

Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]

AreaKind = Literal["key-area", "enabler"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LevelDescriptors(_Strict):
    """What each maturity level looks like for one area (or one dimension of it)."""

    minimum: Text
    developing: Text
    mature: Text
    leader: Text
    innovator: Text

    def of(self, level: str) -> str:
        return str(getattr(self, level))


class Help(_Strict):
    what_it_is: Text
    why_it_matters: Text


class Dimension(_Strict):
    """One row of an area's maturity grid that participants rate separately."""

    id: Slug
    title: Text
    levels: LevelDescriptors


class Area(_Strict):
    """A key area or an enabler: both are assessed the same way."""

    id: Slug
    title: Text
    description: Text | None = None
    help: Help | None = None
    levels: LevelDescriptors
    dimensions: tuple[Dimension, ...] = ()

    @model_validator(mode="after")
    def _unique_dimensions(self) -> Area:
        _require_unique([d.id for d in self.dimensions], "dimension")
        return self


class KeyArea(Area):
    theme: Slug


class Theme(_Strict):
    id: Slug
    title: Text
    description: Text | None = None


class LevelInfo(_Strict):
    id: Text
    title: Text


class Pack(_Strict):
    """A whole framework pack with its metadata."""

    id: Slug
    title: Text
    version: Text
    publisher: Text
    source: Text
    attribution: Text
    levels: tuple[LevelInfo, ...]
    enablers_description: Text | None = None
    themes: tuple[Theme, ...] = Field(min_length=1)
    key_areas: tuple[KeyArea, ...] = Field(min_length=1)
    enablers: tuple[Area, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Pack:
        if tuple(level.id for level in self.levels) != LEVELS:
            raise ValueError(
                "levels: must be "
                + ", ".join(LEVELS)
                + " in that order (npsworkshop's maturity scale)"
            )
        _require_unique([t.id for t in self.themes], "theme")
        _require_unique([a.id for a in (*self.key_areas, *self.enablers)], "area")
        theme_ids = {t.id for t in self.themes}
        for index, area in enumerate(self.key_areas):
            if area.theme not in theme_ids:
                raise ValueError(
                    f"key_areas[{index}].theme: unknown theme {area.theme!r}; "
                    f"expected one of {', '.join(sorted(theme_ids))}"
                )
        return self

    # Navigation helpers ---------------------------------------------------------------------

    def areas(self) -> tuple[Area, ...]:
        """Every area in assessment order: key areas theme by theme, then enablers."""
        ordered: list[Area] = []
        for theme in self.themes:
            ordered.extend(a for a in self.key_areas if a.theme == theme.id)
        ordered.extend(self.enablers)
        return tuple(ordered)

    def area(self, area_id: str) -> Area:
        for area in self.areas():
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def area_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.areas())

    def kind_of(self, area_id: str) -> AreaKind:
        return "enabler" if any(a.id == area_id for a in self.enablers) else "key-area"

    def theme_of(self, area_id: str) -> Theme | None:
        """The area's theme; None for an enabler."""
        area = self.area(area_id)
        if isinstance(area, KeyArea):
            return next(t for t in self.themes if t.id == area.theme)
        return None

    def level_title(self, level: str) -> str:
        return next(info.title for info in self.levels if info.id == level)


def _require_unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"{what} id {item!r} is used twice")
        seen.add(item)
