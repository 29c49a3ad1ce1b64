"""The service API: the one way every front end reads and changes sessions."""

from npsworkshop.workshop.service import SessionSummary, Tampered, Workshop

__all__ = ["SessionSummary", "Tampered", "Workshop"]
