"""OnRecord: who said what, when, and who reported it."""

__version__ = "0.1.0"
