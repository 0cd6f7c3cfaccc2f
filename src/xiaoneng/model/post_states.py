"""The life of an applicant post: 申报 → 初审 → 考核 → 命名 (or 未通过), then yearly 复核.

Every change goes through `apply`, which checks that the step is allowed
from the post's state, that a reason is given where one is needed, and that
a post is reviewed at most once a year and not in the year it applied; it
returns the changed post with the step appended to its history, or raises
StateError with a Chinese message. Nothing is ever deleted: a post that
fails stays on the register as 未通过 with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from xiaoneng.errors import UserError
from xiaoneng.model.posts import Post, StateChange

STATES = {
    "applied": "申报",
    "screening": "初审",
    "assessing": "考核",
    "named": "命名",
    "rejected": "未通过",
    "rectifying": "限期整改",
    "revoked": "撤销",
}
# States of a post that holds (or held) the title and so is reviewed each year.
REVIEWED = ("named", "rectifying")
FINAL = ("rejected", "revoked")

# 复核 outcomes and the state each leads to.
OUTCOMES = {"keep": "保留", "rectify": "限期整改", "revoke": "撤销"}
_OUTCOME_STATE = {"keep": "named", "rectify": "rectifying", "revoke": "revoked"}


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    sources: tuple[str, ...]  # states it may start from
    target: str  # state it leads to; "" for a review, whose outcome decides
    needs_reason: bool = False


ACTIONS = {
    a.code: a
    for a in (
        Action("screen", "受理，进入初审", ("applied",), "screening"),
        Action("assess", "初审通过，进入考核", ("screening",), "assessing"),
        Action("name", "考核通过，命名", ("assessing",), "named"),
        Action("reject", "未通过", ("applied", "screening", "assessing"), "rejected", True),
        Action("review", "年度复核", REVIEWED, ""),
    )
}


class StateError(UserError):
    """A step the post's state does not allow, or one missing what it needs."""


def state_label(state: str) -> str:
    return STATES.get(state, state)


def allowed_actions(post: Post) -> list[Action]:
    """The steps the office may take next, in the order they are usually taken."""
    return [a for a in ACTIONS.values() if post.state in a.sources]


def reviews(post: Post) -> list[StateChange]:
    return [h for h in post.history if h.action == "review"]


def apply(
    post: Post,
    action: str,
    *,
    at: str,
    by: str,
    reason: str = "",
    outcome: str = "",
    year: int | None = None,
) -> Post:
    """The post after one step; `outcome` and `year` are for a 复核 (review) only."""
    step = ACTIONS.get(action)
    if step is None:
        names = "、".join(f"{a.code}（{a.label}）" for a in ACTIONS.values())
        raise StateError(f"未知的操作“{action}”；可用的操作：{names}")
    if post.state not in step.sources:
        raise StateError(_not_allowed(post, step))
    reason = reason.strip()
    target = step.target
    if action == "review":
        target = _review_target(post, outcome, year, reason)
        reason = f"{OUTCOMES[outcome]}：{reason}" if reason else OUTCOMES[outcome]
    elif outcome or year is not None:
        raise StateError(f"“{step.label}”不需要复核结果和复核年度")
    elif step.needs_reason and not reason:
        raise StateError(f"“{post.name}”{step.label}，必须写明原因")
    change = StateChange(
        action=action,
        before=post.state,
        after=target,
        at=at,
        by=by,
        reason=reason,
        year=year if action == "review" else None,
    )
    return post.with_state(change)


def _review_target(post: Post, outcome: str, year: int | None, reason: str) -> str:
    if outcome not in OUTCOMES:
        names = "、".join(f"{k}（{v}）" for k, v in OUTCOMES.items())
        raise StateError(f"复核结果应为 {names} 之一，实际为“{outcome}”")
    if year is None:
        raise StateError("复核必须写明复核年度")
    if year <= post.year:
        raise StateError(
            f"“{post.name}”{post.year}年申报，{year}年不能复核（从命名的次年起每年复核）"
        )
    done = next((r for r in reviews(post) if r.year == year), None)
    if done is not None:
        raise StateError(f"“{post.name}”{year}年已复核（{done.reason}），同一年度只复核一次")
    later = [r.year for r in reviews(post) if r.year is not None and r.year > year]
    if later:
        raise StateError(f"“{post.name}”已有{max(later)}年的复核，不能再补记更早的{year}年复核")
    if outcome != "keep" and not reason:
        raise StateError(f"复核结果为“{OUTCOMES[outcome]}”时必须写明原因")
    if outcome == "rectify" and post.state == "rectifying":
        # 整改期满仍不达标的，撤销称号 (the reviews cited in docs/jinguo.md).
        raise StateError(f"“{post.name}”已在限期整改中；本次复核应为保留或撤销")
    return _OUTCOME_STATE[outcome]


def _not_allowed(post: Post, step: Action) -> str:
    now = state_label(post.state)
    if post.state in FINAL:
        return f"“{post.name}”已{now}，不能再“{step.label}”"
    nexts = "、".join(f"“{a.label}”" for a in allowed_actions(post))
    return f"“{post.name}”当前为“{now}”，不能“{step.label}”；此时可以：{nexts}"
