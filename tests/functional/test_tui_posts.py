"""Pilot: the 巾帼文明岗 screens as the 宣传部 uses them: the posts with their
conditions and filters, a post's state step, score sheet and file ticks, the
training class's attendance and the sign-in at the door (keys typed in one
burst, as a fast hand or a paste delivers them)."""

from __future__ import annotations

from conftest import PIN, person
from helpers.jinguo_setup import CLASS_DAYS, programme
from helpers.jinguo_tui import static_text as _text
from helpers.settle import settle
from helpers.started import shown, started
from textual.widgets import DataTable, Input, Select, SelectionList

from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.dialogs.post_scores import PostScoresDialog
from xiaoneng.tui.dialogs.post_state import PostStateDialog
from xiaoneng.tui.dialogs.training_record import TrainingRecordDialog
from xiaoneng.tui.screens.post import PostScreen
from xiaoneng.tui.screens.posts import PostsScreen
from xiaoneng.tui.screens.training import TrainingScreen
from xiaoneng.tui.screens.training_kiosk import TrainingKioskScreen
from xiaoneng.tui.widgets.access import Refusal


def _names(app) -> list[str]:
    return [v.post.name for v in app.screen.shown]


async def test_posts_list_flags_filters_and_searches(org):
    programme(org)
    app = started(org, "X1", "posts")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot)
        assert isinstance(screen, PostsScreen)
        assert screen.query_one("#posts", DataTable).row_count == 3
        assert "共 3 个岗位，不符合硬性条件 1 个" in _text(app, "#posts-title")
        # The flagged post says why, from its data.
        flagged = [v for v in screen.shown if v.flagged]
        assert [v.post.name for v in flagged] == ["明珠供电营业厅"]
        await pilot.press("x")
        assert _names(app) == ["明珠供电营业厅"]
        assert "40%" in _text(app, "#posts-detail")
        await pilot.press("x")
        screen.query_one("#posts-level", Select).value = "省级"
        await settle(pilot, lambda: _names(app) == ["儿科护理组"], what="the 省级 post")
        screen.query_one("#posts-level", Select).clear()
        # "/" and a search typed in one burst land in the search box.
        await pilot.press("slash", *"供电", "enter")
        await settle(pilot)
        assert screen.query_one("#posts-search", Input).value == "供电"
        assert _names(app) == ["明珠供电营业厅"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostScreen)
        assert "明珠供电营业厅" in _text(app, "#post-info")


async def test_staff_are_refused_the_programme(org):
    programme(org)
    app = started(org, "S3", "posts")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        assert "巾帼文明岗" in str(app.screen.query_one(Refusal).render())


async def test_post_state_step_typed_in_one_burst(org):
    made = programme(org)
    post = made["posts"][1]
    app = started(org, "X1", "post", post.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot)
        assert "✗ 女性 4 人" in _text(app, "#post-state")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PostStateDialog)
        # 受理 (1) needs no reason: Enter to the reason, Enter to do it.
        await pilot.press("enter", "enter")
        await settle(pilot, lambda: app.screen is screen, what="the dialog to close")
        assert org.posts.get(person(org, "X1"), post.id).post.state == "screening"
        await pilot.press("a")
        await settle(pilot)
        # 未通过 (2) without a reason is refused; with one it is signed.
        await pilot.press("2", "enter")
        await settle(pilot)
        assert "必须写明原因" in _text(app, "#ps-message")
        await pilot.press(*"女性比例不足", "enter")
        await settle(pilot, lambda: app.screen is screen, what="the dialog to close")
        after = org.posts.get(person(org, "X1"), post.id).post
        assert after.state == "rejected" and after.history[-1].reason == "女性比例不足"
        with org.store.transaction() as txn:
            head = org.ledger.head_txn(txn)
        assert org.ledger.entry(head.seq)["action"] == "post.reject"
        assert "未通过" in _text(app, "#post-state")


async def test_scores_typed_from_paper_and_a_wrong_one_refused(org):
    made = programme(org)
    post = made["posts"][0]
    app = started(org, "X1", "post", post.id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await shown(pilot)
        await pilot.press("s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PostScoresDialog)
        # lead-1 is worth 4 points: 9 is refused, nothing is kept.
        await pilot.press(*"林晓梅", "enter", "9", "enter", "5", "ctrl+s")
        await settle(pilot)
        assert "满分 4 分" in _text(app, "#sc-message")
        assert org.post_review.scores(person(org, "X1"), post).self_sheet is None
        dialog.query_one("#sc-lead-1", Input).value = "3.5"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is screen, what="the sheet to be saved")
        sheet = org.post_review.scores(person(org, "X1"), post).self_sheet
        assert sheet is not None and sheet.scores == {"lead-1": 3.5, "lead-2": 5.0}
        assert sheet.scorer == "林晓梅"
        assert "自评 8.5" in _text(app, "#post-totals")
        await pilot.press("k")
        await settle(pilot)
        await pilot.press(*"考核组", "enter", "3", "enter", "4", "ctrl+s")
        await settle(pilot, lambda: app.screen is screen, what="the assessors' sheet")
        totals = _text(app, "#post-totals")
        assert "考核 7" in totals and "差 -1.5" in totals


async def test_file_materials_ticked_and_saved(org):
    made = programme(org)
    post = made["posts"][2]
    app = started(org, "X1", "post", post.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot)
        box = screen.query_one("#post-files", SelectionList)
        assert box.option_count > 10 and not box.selected
        box.select("application")
        box.select("plan")
        await pilot.press("ctrl+s")
        await settle(pilot)
        files = org.post_review.files(person(org, "X1"), post)
        assert set(files.ticks.ticked) == {"application", "plan"}
        assert "档案材料勾选已保存：必备 2/" in _text(app, "#post-message")


async def test_training_roll_and_a_sign_in_at_the_door(org, clock):
    made = programme(org)
    people = made["leaders"]
    app = started(org, "X1", "training")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot)
        assert isinstance(screen, TrainingScreen)
        assert screen.query_one("#class-roll", DataTable).row_count == 4
        assert "已结业 0 人" in _text(app, "#roll-summary")
        await pilot.press("k")
        await settle(pilot)
        kiosk = app.screen
        assert isinstance(kiosk, TrainingKioskScreen)
        # The clock stands on the first morning: the half-day is chosen.
        assert kiosk.query_one("#tk-sitting", Select).value == f"{CLASS_DAYS[0]}:am"
        # Name, Enter, the helper's PIN, Enter: in one burst.
        await pilot.press(*people[0].name, "enter", *PIN, "enter")
        await settle(pilot, lambda: app.screen is kiosk, what="the sign-in")
        assert "签到成功（2 门课程" in _text(app, "#tk-message")
        states = org.training_signin.states(made["training"])
        assert {c for (p, c), a in states.items() if p == people[0].id and a.present} == {
            "C01",
            "C02",
        }
        # Leave for another, by the last digits of the phone, with b.
        await pilot.press(*people[1].phone[-4:], "b")
        await settle(pilot)
        assert isinstance(app.screen, TrainingRecordDialog)
        await pilot.press("2", *"单位值班", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PinConfirmScreen)
        await pilot.press(*PIN, "enter")
        await settle(pilot, lambda: app.screen is kiosk, what="the leave")
        assert "请假成功" in _text(app, "#tk-message")
        leave = org.training_signin.states(made["training"])[(people[1].id, "C01")]
        assert leave.kind == "leave" and leave.reason == "单位值班"
        assert leave.entered_by == "X1"


async def test_kiosk_refuses_someone_not_at_the_door(org):
    made = programme(org)
    app = started(org, "L1", "training_kiosk", made["training"].id)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        assert "不是" in _text(app, "#tk-message") and "门口协助人员" in _text(app, "#tk-message")
        await pilot.press(*made["leaders"][0].name, "enter")
        await settle(pilot)
        assert not isinstance(app.screen, PinConfirmScreen)
