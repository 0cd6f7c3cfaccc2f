"""巾帼文明岗 through the services: the register and its conditions, state
changes, scores and files, all signed in the ledger and checked by verify."""

from __future__ import annotations

import pytest
from conftest import ACTOR, PIN, person
from helpers.jinguo_setup import programme

from xiaoneng.errors import PermissionDenied, UserError
from xiaoneng.model.post_states import StateError
from xiaoneng.services.posts import PostFilter


def test_conditions_flag_posts_with_reasons_and_keep_them(org):
    made = programme(org)
    views = org.posts.posts(ACTOR, 2026)
    assert [v.post.id for v in views] == [p.id for p in made["posts"]]  # none dropped
    by_name = {v.post.name: v for v in views}
    assert by_name["第一办税服务窗口"].failed == []
    grid = by_name["明珠供电营业厅"]
    assert grid.flagged
    assert any("女性 4 人" in r and "40%" in r and "应不低于 50%" in r for r in grid.failed)
    # The provincial post holds a city title since 2020: 6 years, enough.
    assert by_name["儿科护理组"].failed == []
    item = grid.to_json()
    assert set(item) >= {"id", "name", "organisation", "level", "year", "state", "members", "women"}
    assert item["conditions_failed"] == grid.failed and item["state"] == "applied"
    assert [v.post.name for v in org.posts.posts(ACTOR, 2026, level="省级")] == ["儿科护理组"]
    flagged = [v.post.name for v in views if PostFilter(flagged=True).matches(v)]
    assert flagged == ["明珠供电营业厅"]
    assert [v.post.name for v in views if PostFilter(text="医院").matches(v)] == ["儿科护理组"]
    with pytest.raises(UserError, match="申报级别"):
        org.posts.posts(ACTOR, 2026, level="区级")


def test_unknown_woman_leader_is_flagged_as_cannot_check(org):
    made = programme(org)
    post = made["posts"][0]
    org.posts.edit(ACTOR, post.id, woman_leader=None)
    view = org.posts.get(ACTOR, post.id)
    assert [r.code for r in view.results if r.unknown] == ["woman_leader"]
    assert any("无法核对" in m for m in view.failed)


def test_state_changes_are_signed_and_checked(org, clock):
    made = programme(org)
    pid = made["posts"][1].id
    publicity = person(org, "X1")
    post, entry = org.posts.change_state(publicity, pid, "screen")
    assert post.state == "screening" and entry["action"] == "post.state"
    with pytest.raises(StateError, match="必须写明原因"):
        org.posts.change_state(publicity, pid, "reject")
    post, entry = org.posts.change_state(publicity, pid, "reject", reason="女性比例不足50%")
    assert post.state == "rejected" and entry["action"] == "post.reject"
    with pytest.raises(StateError, match="已未通过"):
        org.posts.change_state(publicity, pid, "assess")
    # An edit keeps the state and its history; the post is still on the register.
    org.posts.edit(publicity, pid, phone="0592-5550000")
    again = org.posts.get(ACTOR, pid).post
    assert again.state == "rejected" and len(again.history) == 2
    assert again.history[-1].reason == "女性比例不足50%" and again.history[-1].by == "X1"
    assert org.verifier.run().ok


def test_only_the_office_and_publicity_manage_leaders_look(org):
    made = programme(org)
    pid = made["posts"][0].id
    with pytest.raises(PermissionDenied, match="宣传部"):
        org.posts.change_state(person(org, "S1"), pid, "screen")
    with pytest.raises(PermissionDenied):
        org.posts.posts(person(org, "S1"), 2026)
    assert org.posts.posts(person(org, "L1"), 2026)
    with pytest.raises(PermissionDenied):
        org.posts.change_state(person(org, "L1"), pid, "screen")


def test_named_post_is_reviewed_from_the_next_year(org, clock):
    made = programme(org)
    pid = made["posts"][0].id
    for step in ("screen", "assess", "name"):
        post, entry = org.posts.change_state(ACTOR, pid, step)
    assert post.state == "named" and entry["action"] == "post.name"
    with pytest.raises(StateError, match="不能复核"):
        org.posts.change_state(ACTOR, pid, "review", outcome="keep", year=2026)
    post, entry = org.posts.change_state(
        ACTOR, pid, "review", outcome="rectify", year=2027, reason="监督电话未公示"
    )
    assert post.state == "rectifying" and entry["action"] == "post.review"


def test_scores_self_and_assessor_with_the_difference(org):
    made = programme(org)
    post = made["posts"][0]
    review = org.post_review
    template = review.template()
    items = [i for g in template.groups for i in g.items]
    mine = {i.id: float(i.points or 0) for i in items}
    theirs = {i.id: float(i.points or 0) for i in items}
    theirs[items[0].id] = 0.0
    sheet, entry = review.enter_scores(person(org, "X1"), post, "self", mine, scorer="林晓梅")
    assert entry["action"] == "post.score" and sheet.template["id"] == template.id
    review.enter_scores(ACTOR, post, "assessor", theirs, scorer="考核组")
    scores = review.scores(ACTOR, post)
    assert scores.comparison.self_total == template.total
    assert scores.comparison.diff == -(items[0].points or 0)
    with pytest.raises(UserError, match="满分"):
        review.enter_scores(ACTOR, post, "self", {items[0].id: (items[0].points or 0) + 1})
    with pytest.raises(PermissionDenied):
        review.enter_scores(person(org, "S1"), post, "self", mine)
    # A corrected sheet replaces the earlier one; both stay signed.
    review.enter_scores(ACTOR, post, "assessor", mine)
    assert review.scores(ACTOR, post).comparison.diff == 0
    assert org.verifier.run().ok


def test_file_ticks_and_completeness(org):
    made = programme(org)
    post = made["posts"][0]
    review = org.post_review
    files = review.files(ACTOR, post)
    assert files.ticks is None and not files.completeness.complete
    required = [m.id for m in files.materials.materials if m.required]
    files = review.tick(ACTOR, post, required[:-1])
    assert [m.id for m in files.completeness.missing] == required[-1:]
    files = review.tick(ACTOR, post, required)
    assert files.completeness.complete and files.ticks and files.ticks.by == ACTOR.id
    with pytest.raises(UserError, match="没有这些材料"):
        review.tick(ACTOR, post, ["no-such-file"])
    assert review.files(ACTOR, post).completeness.complete
    assert org.verifier.run().ok


def test_an_edited_signed_post_shows_in_verify(org):
    programme(org)
    part = "records/2026/posts.json"
    data = org.store.read_part(part, cache=False)
    with org.store.transaction() as txn:
        key, doc = next(iter(data["post_events"].items()))
        doc = dict(doc, fields=dict(doc["fields"], women=9))
        txn.put(part, "post_events", key, doc)
    report = org.verifier.run()
    assert not report.ok and "已被修改" in report.problems[0]


def test_publicity_is_a_role_the_roster_understands(org):
    from xiaoneng.services.roster import parse_roles

    assert parse_roles(["宣传部"]) == ("publicity",)
    assert parse_roles(["职工、组织宣传部"]) == ("staff", "publicity")
    assert person(org, "S1").roles_label() == "职工"
    programme(org)
    assert person(org, "X1").roles_label() == "职工、宣传部"
    assert PIN


def test_the_scored_assessment_is_not_offered_for_sancha(org):
    import datetime as dt

    ids = [t.id for t in org.activities.templates()]
    assert "jinguo-assessment" not in ids and "sancha-check" in ids
    with pytest.raises(UserError, match="计分考核表"):
        org.activities.create(
            ACTOR,
            title="误用的三查",
            template="jinguo-assessment",
            deadlines={"self": dt.date(2026, 4, 1)},
        )
