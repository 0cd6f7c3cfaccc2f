"""Pilot: the office sets up a 巾帼文明岗 training class on the class screen
(the class, a course, the posts' leaders, another participant, the door
helpers) and edits a post's application; each form typed in one burst."""

from __future__ import annotations

from conftest import person
from helpers.jinguo_setup import programme
from helpers.jinguo_tui import static_text as _text
from helpers.settle import settle
from helpers.started import shown, started
from textual.widgets import DataTable

from xiaoneng.tui.dialogs.jinguo_form import JinguoFormDialog
from xiaoneng.tui.screens.post import PostScreen
from xiaoneng.tui.screens.training import TrainingScreen


async def test_office_sets_up_a_class(org):
    made = programme(org)
    posts = made["posts"]
    app = started(org, "X1", "training")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot)
        assert isinstance(screen, TrainingScreen)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, JinguoFormDialog)
        # The title is offered; the place and the days are typed; a bad day is refused.
        await pilot.press(
            "enter", *"市妇女儿童活动中心", "enter", *"2026-11-20", "enter", *"2026-13-01", "enter"
        )
        await settle(pilot)
        assert isinstance(app.screen, JinguoFormDialog)
        assert "结束日期" in _text(app, "#jf-message")
        form.query_one("#jf-end").value = "2026-11-21"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is screen, what="the class")
        classes = org.training.classes(person(org, "X1"), 2026)
        new = next(c for c in classes if c.start == "2026-11-20")
        assert new.place == "市妇女儿童活动中心" and new.end == "2026-11-21"
        assert screen.class_id == new.id
        await settle(pilot, lambda: "2026年11月20日" in _text(app, "#class-info"), what="shown")
        # A course: 下午, 选修.
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(
            *"服务礼仪",
            "enter",
            *"礼仪讲师",
            "enter",
            "enter",
            "backspace",
            "backspace",
            *"下午",
            "enter",
            "backspace",
            "backspace",
            *"选修",
            "enter",
        )
        await settle(pilot, lambda: app.screen is screen, what="the course")
        [course] = org.training.get(new.id).courses
        assert (course.title, course.slot, course.compulsory) == ("服务礼仪", "pm", False)
        assert course.day == "2026-11-20"
        # The posts' leaders in one key; then a sector head by hand.
        await pilot.press("p")
        await settle(
            pilot,
            lambda: screen.query_one("#class-roll", DataTable).row_count == 3,
            what="enrolled",
        )
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(
            *"郑淑兰",
            "enter",
            *"示例市卫生系统妇委会",
            "enter",
            *"主任",
            "enter",
            *"10000004444",
            "enter",
            "enter",
            "enter",
        )
        await settle(pilot, lambda: app.screen is screen, what="the participant")
        people = org.training.participants(org.training.get(new.id))
        assert len(people) == 4
        head = next(p for p in people if p.name == "郑淑兰")
        assert head.role == "sector_head" and head.post == ""
        assert {p.post for p in people if p.role == "post_leader"} == {p.id for p in posts}
        # Door helpers by 工号; an unknown one is refused.
        await pilot.press("h")
        await settle(pilot)
        await pilot.press(*"S3,ZZ9", "enter")
        await settle(pilot)
        assert "ZZ9" in _text(app, "#jf-message")
        app.screen.query_one("#jf-helpers").value = "S3"
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is screen, what="the helpers")
        assert org.training.get(new.id).helpers == ("S3",)


async def test_post_application_edited_and_conditions_rechecked(org):
    made = programme(org)
    post = made["posts"][1]  # 4 women of 10: flagged
    app = started(org, "X1", "post", post.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot)
        assert isinstance(screen, PostScreen)
        assert "✗ 女性 4 人" in _text(app, "#post-state")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, JinguoFormDialog)
        form.query_one("#jf-women").value = "6"
        form.query_one("#jf-members").value = "x"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "岗位人数" in _text(app, "#jf-message")
        form.query_one("#jf-members").value = "10"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is screen, what="the edit")
        await settle(pilot, lambda: "✓ 女性 6 人" in _text(app, "#post-state"), what="rechecked")
        assert org.posts.get(person(org, "X1"), post.id).post.women == 6
