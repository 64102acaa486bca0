"""deskreview: desk reviews of the UNTOC review mechanism, on Discord."""

__version__ = "0.1.0"
