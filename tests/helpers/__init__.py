"""Helpers shared by the test layers (tests/ is on sys.path: `from helpers.x import y`)."""
