"""Pausing Python's cyclic garbage collector around bulk work.

Reading or building tens of thousands of rows (a roster at 50,000, a unit's
figures) makes objects faster than the collector's thresholds expect: it
then walks everything just made, several times over, for nothing, since all
of it is freed by reference counting. Used by the store, the services and
the screens alike, so it sits below all of them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """A short piece of work that frees what it allocates by reference
    counting: the cyclic collector would walk the tens of thousands of rows
    it has just made several times over (about twice as long as parsing
    them at 50,000). Turned back on only if it was on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
