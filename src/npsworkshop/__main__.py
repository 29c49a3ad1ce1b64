"""`python -m npsworkshop`."""

from npsworkshop.cli import entry

raise SystemExit(entry())
