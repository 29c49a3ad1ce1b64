"""Fixtures for the PDF tests: real-pack sessions imported through the service, rendered once."""

from __future__ import annotations

import pytest

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.framework.loader import find_pack
from npsworkshop.framework.models import Pack
from npsworkshop.report.pdf import render_pdf
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

from .report_data import document, imported

SIGNER = ("Rhian Hughes", "Head of Procurement & Commercial Services")


@pytest.fixture
def signed(workshop: Workshop) -> SessionSnapshot:
    """Every NPS 2018 area, five participants, signed off."""
    return imported(workshop, document("nps-2018"), sign_off=SIGNER)


@pytest.fixture
def draft(workshop: Workshop) -> SessionSnapshot:
    """Every NPS 2018 area, some not yet rated or justified."""
    return imported(workshop, document("nps-2018", complete=False))


@pytest.fixture
def signed_pdf(signed: SessionSnapshot) -> bytes:
    return render_pdf(signed)


@pytest.fixture
def draft_pdf(draft: SessionSnapshot) -> bytes:
    return render_pdf(draft)


@pytest.fixture
def mini_pack(workspace: Workspace) -> Pack:
    """The shared small test pack (tests/conftest.py), as a Pack."""
    return find_pack("mini", workspace.root).pack
