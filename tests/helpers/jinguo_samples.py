"""An invented applicant post for the 巾帼文明岗 tests (no real people or organisations)."""

from __future__ import annotations

from typing import Any

from xiaoneng.model.posts import Post, Title


def make_post(**changes: Any) -> Post:
    """A city-level post that meets the bundled 2014 conditions, with `changes` applied."""
    fields: dict[str, Any] = dict(
        id="P001",
        name="示例税务所第一窗口",
        organisation="示例市税务局",
        sector="税务",
        district="明珠区",
        level="市级",
        year=2026,
        leader="林晓梅",
        phone="0592-5550101",
        members=10,
        women=5,
        woman_leader=True,
        titles=(Title("区级", 2024),),
    )
    fields.update(changes)
    return Post(**fields)
