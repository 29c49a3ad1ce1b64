"""`python -m npsworkshop`."""

from npsworkshop.cli import main

raise SystemExit(main())
