"""The applicant post's life: 申报 → 初审 → 考核 → 命名 or 未通过, then yearly 复核."""

from __future__ import annotations

import pytest
from helpers.jinguo_samples import make_post
from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.errors import UserError
from xiaoneng.model.post_states import (
    ACTIONS,
    OUTCOMES,
    STATES,
    StateError,
    allowed_actions,
    apply,
    reviews,
    state_label,
)
from xiaoneng.model.posts import Post

AT = "2026-06-01T10:00:00+08:00"


def post() -> Post:
    return make_post(titles=(), woman_leader=None)


def named() -> Post:
    p = post()
    for action in ("screen", "assess", "name"):
        p = apply(p, action, at=AT, by="A001")
    return p


def test_the_usual_path_keeps_its_history():
    p = named()
    assert p.state == "named"
    assert [(h.before, h.after) for h in p.history] == [
        ("applied", "screening"),
        ("screening", "assessing"),
        ("assessing", "named"),
    ]
    assert all(h.by == "A001" and h.at == AT for h in p.history)
    assert state_label(p.state) == "命名"


def test_a_step_out_of_order_is_refused_with_what_is_possible():
    with pytest.raises(StateError) as err:
        apply(post(), "name", at=AT, by="A001")
    message = str(err.value)
    assert "当前为“申报”" in message and "不能“考核通过，命名”" in message
    assert "“受理，进入初审”" in message and "“未通过”" in message


def test_state_errors_are_user_errors_for_exit_code_2():
    assert issubclass(StateError, UserError)
    assert StateError("x").exit_code == 2


@pytest.mark.parametrize("steps", [(), ("screen",), ("screen", "assess")])
def test_a_post_can_fail_at_any_stage_but_only_with_a_reason(steps):
    p = post()
    for action in steps:
        p = apply(p, action, at=AT, by="A001")
    with pytest.raises(StateError, match="必须写明原因"):
        apply(p, "reject", at=AT, by="A001", reason="  ")
    failed = apply(p, "reject", at=AT, by="A001", reason="女性比例不足 50%")
    assert failed.state == "rejected"
    assert failed.history[-1].reason == "女性比例不足 50%"
    assert allowed_actions(failed) == []
    with pytest.raises(StateError, match="已未通过"):
        apply(failed, "screen", at=AT, by="A001")


def test_unknown_action_lists_the_known_ones():
    with pytest.raises(StateError) as err:
        apply(post(), "approve", at=AT, by="A001")
    assert "未知的操作“approve”" in str(err.value)
    assert "review（年度复核）" in str(err.value)


def test_review_outcome_and_year_belong_to_reviews_only():
    with pytest.raises(StateError, match="不需要复核结果"):
        apply(post(), "screen", at=AT, by="A001", outcome="keep")


def test_a_named_post_is_reviewed_once_a_year_from_the_next_year():
    p = named()
    with pytest.raises(StateError, match="2026年不能复核"):
        apply(p, "review", at=AT, by="A001", outcome="keep", year=2026)
    with pytest.raises(StateError, match="必须写明复核年度"):
        apply(p, "review", at=AT, by="A001", outcome="keep")
    with pytest.raises(StateError, match="复核结果应为"):
        apply(p, "review", at=AT, by="A001", outcome="ok", year=2027)
    kept = apply(p, "review", at=AT, by="A001", outcome="keep", year=2027)
    assert kept.state == "named"
    assert kept.history[-1].year == 2027 and kept.history[-1].reason == "保留"
    with pytest.raises(StateError, match="2027年已复核（保留）"):
        apply(kept, "review", at=AT, by="A001", outcome="keep", year=2027)
    later = apply(kept, "review", at=AT, by="A001", outcome="keep", year=2029)
    with pytest.raises(StateError, match="已有2029年的复核，不能再补记更早的2028年复核"):
        apply(later, "review", at=AT, by="A001", outcome="keep", year=2028)


def test_rectification_needs_a_reason_and_cannot_repeat():
    with pytest.raises(StateError, match="“限期整改”时必须写明原因"):
        apply(named(), "review", at=AT, by="A001", outcome="rectify", year=2027)
    p = apply(named(), "review", at=AT, by="A001", outcome="rectify", year=2027, reason="档案缺失")
    assert p.state == "rectifying" and p.history[-1].reason == "限期整改：档案缺失"
    with pytest.raises(StateError, match="已在限期整改中"):
        apply(p, "review", at=AT, by="A001", outcome="rectify", year=2028, reason="仍缺")
    back = apply(p, "review", at=AT, by="A001", outcome="keep", year=2028)
    assert back.state == "named"
    gone = apply(
        p, "review", at=AT, by="A001", outcome="revoke", year=2028, reason="整改期满仍不达标"
    )
    assert gone.state == "revoked"
    assert [r.year for r in reviews(gone)] == [2027, 2028]
    with pytest.raises(StateError, match="已撤销"):
        apply(gone, "review", at=AT, by="A001", outcome="keep", year=2029)


def test_every_state_and_outcome_has_a_chinese_label():
    targets = {a.target for a in ACTIONS.values() if a.target}
    assert targets <= set(STATES)
    assert set(OUTCOMES) == {"keep", "rectify", "revoke"}


steps = st.lists(
    st.tuples(
        st.sampled_from([*ACTIONS, "bogus"]),
        st.sampled_from(["", "理由"]),
        st.sampled_from(["", *OUTCOMES]),
        st.none() | st.integers(2025, 2030),
    ),
    max_size=12,
)


@given(steps)
def test_any_sequence_leaves_a_consistent_history(sequence):
    """Random steps: refused ones change nothing; accepted ones chain state to state."""
    p = post()
    for action, reason, outcome, year in sequence:
        try:
            after = apply(p, action, at=AT, by="A001", reason=reason, outcome=outcome, year=year)
        except StateError:
            continue
        assert after.history[:-1] == p.history
        assert after.history[-1].before == p.state
        p = after
    assert p.state in STATES
    assert p.state == (p.history[-1].after if p.history else "applied")
    years = [r.year for r in reviews(p)]
    assert years == sorted(set(years))
    for h in p.history:
        if h.action == "reject" or (h.action == "review" and h.after != "named"):
            assert h.reason
