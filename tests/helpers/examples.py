"""How many examples a property test draws.

The full suite (what CI runs) draws the numbers written in the tests. The fast
subset (`-m "not e2e"`, the run a developer repeats while working) draws a
third of them, at least ten: a third of the fast subset's CPU went to drawing
random agencies, documents and files. A failure found either way is kept in
hypothesis' example database (.hypothesis/) and tried first on the next run.
`XN_EXAMPLES=full` or `XN_EXAMPLES=quick` chooses explicitly.
"""

from __future__ import annotations

import os

from hypothesis import settings

QUICK_SHARE = 3  # the fast subset draws one in three
QUICK_LEAST = 10
DEFAULT = settings.default.max_examples  # for tests that name no number (100)

_quick = False


def examples(n: int) -> int:
    """`n` examples in a full run, a third of them (at least ten) in a quick one."""
    return _share(n) if _quick else n


def _share(n: int) -> int:
    return max(QUICK_LEAST, -(-n // QUICK_SHARE))


def quick() -> bool:
    return _quick


def choose(markexpr: str) -> bool:
    """Quick or full for a run selecting `markexpr`; loads the matching profile."""
    global _quick
    wanted = os.environ.get("XN_EXAMPLES", "")
    _quick = wanted == "quick" if wanted in ("full", "quick") else _leaves_out_e2e(markexpr)
    settings.load_profile("quick" if _quick else "full")
    return _quick


def _leaves_out_e2e(markexpr: str) -> bool:
    if not markexpr:
        return False
    from _pytest.mark.expression import Expression  # pytest is pinned (pyproject)

    return not Expression.compile(markexpr).evaluate(lambda name, **_kwargs: name == "e2e")


# No per-example deadline (hypothesis' default is 200 ms): a test's speed is
# measured in benchmarks/, not by a test, and on this shared 2-core machine a
# pure property test went over it once while other runs loaded the cores.
settings.register_profile("full", max_examples=DEFAULT, deadline=None)
settings.register_profile("quick", max_examples=_share(DEFAULT), deadline=None)
