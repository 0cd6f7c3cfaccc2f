"""An invented 巾帼文明岗 programme on the `org` test agency: a 宣传部 member,
three applicant posts (one flagged by the conditions), a two-day class with a
timetable, and its participants. No real people or organisations."""

from __future__ import annotations

from conftest import ACTOR, ADMIN_PIN, PIN

from xiaoneng.model.posts import Post, Title
from xiaoneng.model.training import Course, Participant
from xiaoneng.services.core import Core
from xiaoneng.services.roster import new_person

YEAR = 2026
CLASS_DAYS = ("2026-03-16", "2026-03-17")  # the `clock` fixture stands on the first day


def post(name: str, **changes: object) -> Post:
    fields: dict[str, object] = dict(
        id="",
        name=name,
        organisation="示例市税务局",
        sector="税务",
        district="明珠区",
        level="市级",
        year=YEAR,
        leader="林晓梅",
        phone="10000001111",
        members=10,
        women=7,
        woman_leader=True,
        titles=(Title("区级", 2023),),
    )
    fields.update(changes)
    return Post(**fields)


POSTS = (
    post("第一办税服务窗口"),
    post(
        "明珠供电营业厅",
        organisation="示例供电公司",
        sector="电力",
        district="金桥区",
        leader="陈雅琳",
        phone="10000002222",
        women=4,
    ),
    post(
        "儿科护理组",
        organisation="示例市第一医院",
        sector="卫生",
        district="凤栖区",
        level="省级",
        leader="黄秀芳",
        phone="10000003333",
        titles=(Title("市级", 2020),),
    ),
)

COURSES = (
    Course("", "巾帼文明岗创建条件和要求", "宣传部部长", CLASS_DAYS[0], "am"),
    Course("", "评选和考核办法解读", "宣传部副部长", CLASS_DAYS[0], "am"),
    Course("", "先进岗位经验交流", "示例岗位代表", CLASS_DAYS[0], "pm"),
    Course("", "服务礼仪", "礼仪讲师", CLASS_DAYS[1], "am", compulsory=False),
    Course("", "参观示范岗档案材料", "示例市税务局", CLASS_DAYS[1], "pm"),
)


def programme(core: Core) -> dict:
    """Posts, the class (ids C01..C05) and participants; returns what tests need."""
    core.roster.add_many(
        ACTOR,
        [new_person("X1", "宣传甲", "测试机关", "宣传部科员", ["staff", "publicity"])],
        pins={"X1": PIN},
    )
    with core.store.transaction() as txn:
        posts = core.posts.add_txn(txn, ACTOR, POSTS)
    training = core.training.create(
        ACTOR,
        title="2026年度巾帼文明岗创建培训班",
        place="市妇女儿童活动中心",
        start=CLASS_DAYS[0],
        end=CLASS_DAYS[1],
    )
    for c in COURSES:
        training = core.training.save_course(ACTOR, training.id, c)
    leaders = core.training.enrol_posts(ACTOR, training.id)
    head = core.training.save_participant(
        ACTOR,
        training.id,
        Participant(
            "",
            training.id,
            "郑淑兰",
            "示例市卫生系统妇委会",
            "主任",
            "10000004444",
            "",
            "sector_head",
        ),
    )
    return {"posts": posts, "training": training, "leaders": leaders, "head": head}


def attended(core: Core, clock) -> dict:
    """The programme with its class held: the `clock` fixture walks through the
    two days. Participants 1-2 complete; 3 completes by a 补签; 4 (the sector
    head) takes leave on day two and does not complete."""
    made = programme(core)
    t = made["training"]
    people = core.training.participants(t)
    admin = core.roster.require("A001")
    sign = core.training_signin
    for p in people:
        sign.confirm(admin, ADMIN_PIN, t.id, p.id, f"{CLASS_DAYS[0]}:am")
    sign.confirm(admin, ADMIN_PIN, t.id, people[3].id, f"{CLASS_DAYS[1]}:pm", "leave", "单位值班")
    clock.advance(hours=5)
    for p in people:
        sign.confirm(admin, ADMIN_PIN, t.id, p.id, f"{CLASS_DAYS[0]}:pm")
    clock.advance(days=1)
    for p in people[:2]:
        sign.confirm(admin, ADMIN_PIN, t.id, p.id, f"{CLASS_DAYS[1]}:pm")
    sign.confirm(admin, ADMIN_PIN, t.id, people[2].id, f"{CLASS_DAYS[1]}:pm", "late", "签到时漏登")
    posts = made["posts"]
    core.post_review.tick(ACTOR, posts[0], ["application", "recommendation", "roster", "plan"])
    return {**made, "people": people}
