"""xiaoneng: agency efficiency and work-safety compliance in the terminal."""

__version__ = "0.1.0"
