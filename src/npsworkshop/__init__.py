"""npsworkshop: procurement maturity self-assessment workshops for English councils."""

__version__ = "0.1.0"
