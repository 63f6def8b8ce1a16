"""parindex: run a province's PAR INDEX year after year."""

__version__ = "0.1.0"
