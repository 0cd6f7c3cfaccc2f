"""A year of the 巾帼文明岗 programme for the demo: about forty invented
applicant posts across levels and sectors (a few failing a hard condition),
a two-day training class with its timetable, sign-ins with 补签 and 请假,
self and assessors' scores, files partly ticked, and three posts named last
year that are reviewed this year. Organisations, people and places are
invented; phone numbers start 100, which no real number does.

Everything goes through the services' in-transaction methods, a few large
transactions in all, with the demo's movable clock.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from xiaoneng.model.posts import Post, Title
from xiaoneng.model.training import Course, Participant, TrainingClass
from xiaoneng.services.demo import SURNAMES
from xiaoneng.store import Txn

if TYPE_CHECKING:
    from xiaoneng.model.people import Person
    from xiaoneng.services.demo_records import DemoRecords

DISTRICTS = ("明珠区", "金桥区", "凤栖区", "云溪区", "清澜区", "东屿区")
# sector -> (organisation pattern, post names); {d} is a district
SECTORS = {
    "税务": ("{d}税务局", ("办税服务厅第一窗口", "纳税咨询服务组")),
    "电力": ("市供电公司{d}营业部", ("客户服务班", "电费核算班")),
    "卫生": ("{d}人民医院", ("儿科护理组", "产科病区护理组", "门诊导医服务台")),
    "教育": ("{d}实验幼儿园", ("保育组", "大班年级组")),
    "金融": ("市农商银行{d}支行", ("营业部柜面班组", "个人金融服务组")),
    "交通": ("市公交集团{d}车队", ("十二路公交线路班组", "调度服务中心")),
    "通信": ("市电信公司{d}分公司", ("营业厅服务班", "客户热线班组")),
    "社区": ("{d}阳光街道办事处", ("社区便民服务中心", "妇女儿童之家")),
    "司法": ("{d}人民法院", ("诉讼服务中心",)),
    "旅游": ("市旅游集散中心", ("游客服务中心",)),
}
LEVEL_PLAN = ("市级",) * 20 + ("省级",) * 12 + ("全国级",) * 8
LEAVE_REASONS = ("单位迎检，无法脱身", "病假", "外出参加系统业务培训")
GIVEN_WOMEN = "静雅丽婷敏慧秀芳燕华玲佳欣怡颖琳淑梅兰青云晓文"


class DemoPosts:
    def __init__(self, records: DemoRecords):
        self.r = records
        self.core = records.core
        self.rng = records.rng
        self.year = records.today.year
        people = records.people
        self.publicity = [p for p in people if p.has("publicity")] or [records.admin]
        self._used = {p.name for p in people}

    def _name(self) -> str:
        """An invented woman's name, unique in the demo: a surname and one or two
        given characters."""
        while True:
            size = 1 if self.rng.random() < 0.3 else 2
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN_WOMEN, k=size))
            if name not in self._used:
                self._used.add(name)
                return name

    def _phone(self, n: int) -> str:
        return f"1000{self.year % 100:02d}0{n:04d}"

    # -- the year -----------------------------------------------------------------

    def build(self) -> None:
        staff = self.publicity[0]
        t = self.r.time
        self.r.set_time(t.at(0.12, 10, 0))
        with self.core.store.transaction() as txn:
            posts = self.core.posts.add_txn(txn, staff, self._posts())
        self._last_year(staff)
        self.r.set_time(t.at(0.18, 15, 0))
        with self.core.store.transaction() as txn:
            posts = self._screen_txn(txn, staff, posts)
        training = self._class(staff, posts)
        self._sign_ins(training)
        self.r.set_time(t.at(0.5, 10, 0))
        with self.core.store.transaction() as txn:
            self._assess_txn(txn, staff, posts)

    def _posts(self) -> list[Post]:
        sectors = list(SECTORS)
        out: list[Post] = []
        for n, level in enumerate(LEVEL_PLAN):
            sector = sectors[n % len(sectors)]
            pattern, names = SECTORS[sector]
            district = DISTRICTS[n % len(DISTRICTS)]
            members = self.rng.randint(6, 30)
            women = max(1, round(members * self.rng.uniform(0.55, 1.0)))
            woman_leader: bool | None = True
            if n in (7, 23):  # two sheets that leave 女性负责人 blank
                woman_leader = None
            if n in (5, 29):  # a team that is mostly men
                women = members * 2 // 5
            if n == 17:
                woman_leader = False
            out.append(
                Post(
                    id="",
                    name=names[(n // len(sectors)) % len(names)],
                    organisation=pattern.format(d=district),
                    sector=sector,
                    district=district,
                    level=level,
                    year=self.year,
                    leader=self._name(),
                    phone=self._phone(n + 1),
                    members=members,
                    women=min(women, members),
                    woman_leader=woman_leader,
                    titles=self._titles(n, level),
                )
            )
        return out

    def _titles(self, n: int, level: str) -> tuple[Title, ...]:
        y = self.year
        if n == 11:  # a district title held one year only: too new for the city title
            return (Title("区级", y - 1),)
        if level == "市级":
            return (Title("区级", y - self.rng.randint(2, 6), sector=n % 3 == 0),)
        if level == "省级":
            return (Title("区级", y - 8), Title("市级", y - self.rng.randint(2, 5)))
        return (Title("市级", y - 9), Title("省级", y - self.rng.randint(2, 4)))

    def _screen_txn(self, txn: Txn, staff: Person, posts: list[Post]) -> list[Post]:
        """Most posts go on to 初审 and 考核; those failing a condition are turned
        down with the reason, or (not yet decided) left as 申报, flagged."""
        service = self.core.posts
        conditions = service.conditions(self.year)
        out = []
        for n, post in enumerate(posts):
            view = service.check(post, conditions)
            if n >= len(posts) - 3:
                out.append(post)  # late sheets, still 申报
                continue
            post, _ = service.change_state_txn(txn, staff, post, "screen")
            if view.flagged and not any(r.unknown for r in view.results):
                reason = "初审：" + view.failed[0].split("（")[0]
                post, _ = service.change_state_txn(txn, staff, post, "reject", reason=reason)
            elif n % 9 != 4:  # a few still in 初审 (some with a condition to check)
                post, _ = service.change_state_txn(txn, staff, post, "assess")
            out.append(post)
        return out

    def _last_year(self, staff: Person) -> None:
        """Three posts named last year, reviewed this year: kept, kept, to rectify."""
        last = self.year - 1
        self.r.set_time(dt.datetime(last, 6, 10, 10, 0, tzinfo=self.r.today.tzinfo))
        old = [
            Post(
                id="",
                name=name,
                organisation=org,
                sector=sector,
                district=DISTRICTS[k],
                level="市级",
                year=last,
                leader=self._name(),
                phone=self._phone(900 + k),
                members=12 + k,
                women=10,
                woman_leader=True,
                titles=(Title("区级", last - 4),),
            )
            for k, (name, org, sector) in enumerate(
                (
                    ("便民服务窗口", "明珠区政务服务中心", "政务"),
                    ("客户服务中心", "市燃气公司", "公用事业"),
                    ("图书借阅部", "市少年儿童图书馆", "文化"),
                )
            )
        ]
        service = self.core.posts
        with self.core.store.transaction() as txn:
            named = []
            for post in service.add_txn(txn, staff, old):
                for step in ("screen", "assess", "name"):
                    post, _ = service.change_state_txn(txn, staff, post, step)
                named.append(post)
        self.r.set_time(self.r.time.at(0.3, 16, 0))
        with self.core.store.transaction() as txn:
            for k, post in enumerate(named):
                outcome = "rectify" if k == 2 else "keep"
                reason = "服务承诺卡未上墙，监督电话无人接听" if k == 2 else ""
                service.change_state_txn(
                    txn, staff, post, "review", outcome=outcome, year=self.year, reason=reason
                )

    # -- the class ------------------------------------------------------------------

    def _class(self, staff: Person, posts: list[Post]) -> TrainingClass:
        core, t = self.core, self.r.time
        first = t.at(0.3).date()
        second = first + dt.timedelta(days=1)
        self.r.set_time(t.at(0.22, 9, 0))
        training = core.training.create(
            staff,
            title=f"{self.year}年度巾帼文明岗创建培训班",
            place="市妇女儿童活动中心多功能厅",
            start=first.isoformat(),
            end=second.isoformat(),
        )
        head = self.publicity[0].name
        deputy = self.publicity[min(1, len(self.publicity) - 1)].name
        reporters = [p for p in posts if p.state == "assessing"][:8]
        d1, d2 = first.isoformat(), second.isoformat()
        model = reporters[0] if reporters else posts[0]
        courses = (
            Course("", "巾帼文明岗创建条件和申报要求", head, d1, "am"),
            Course("", "评选办法和考核细则解读", deputy, d1, "am"),
            Course("", "经验交流（一）：四个岗位的创建实践", _speakers(reporters[:4]), d1, "pm"),
            Course("", "经验交流（二）：四个岗位的创建实践", _speakers(reporters[4:8]), d1, "pm"),
            Course("", "服务礼仪与职业形象", "礼仪讲师" + self._name(), d2, "am", compulsory=False),
            Course("", "创建档案材料的整理和归档", deputy, d2, "am"),
            Course("", "参观示范岗创建档案材料", model.name[:20], d2, "pm"),
        )
        for course in courses:
            training = core.training.save_course(staff, training.id, course)
        helpers = [p.id for p in self.publicity[1:3]]
        training = core.training.update(staff, training.id, helpers=helpers)
        core.training.enrol_posts(staff, training.id)
        for k, sector in enumerate(("税务", "卫生", "教育", "金融", "交通")):
            core.training.save_participant(
                staff,
                training.id,
                Participant(
                    "",
                    training.id,
                    self._name(),
                    f"市{sector}系统妇委会",
                    "主任",
                    self._phone(700 + k),
                    "",
                    "sector_head",
                ),  # fmt: skip
            )
        return training

    def _sign_ins(self, training: TrainingClass) -> None:
        """Each half-day at the door; a few leaves recorded the day before, a few
        sign-ins made up the next day, two who never came on day two."""
        core, rng = self.core, self.rng
        people = core.training.participants(training)
        door = [p for p in self.r.people if core.training_signin.may_confirm(p, training)]
        signin = core.training_signin
        halves = sorted({(c.day, c.slot) for c in training.courses})
        at = [people[k % len(people)].id for k in (3, 11, 20, 7, 15, 25, 30)]
        leave = {at[0]: halves[2 % len(halves)], at[1]: halves[-1], at[2]: halves[1 % len(halves)]}
        late = {at[3]: halves[0], at[4]: halves[2 % len(halves)]}
        gone = set(at[5:]) - set(leave) - set(late)
        with core.store.transaction() as txn:
            for pid, (day, slot) in leave.items():
                when = dt.datetime.fromisoformat(day).replace(tzinfo=self.r.today.tzinfo)
                self.r.set_time(when - dt.timedelta(hours=15))
                courses = training.in_slot(day, slot)
                reason = rng.choice(LEAVE_REASONS)
                signin.record_txn(txn, door[0], training, _p(people, pid), courses, "leave", reason)
            for h, (day, slot) in enumerate(halves):
                start = dt.datetime.fromisoformat(day).replace(
                    hour=8 if slot == "am" else 14, minute=20, tzinfo=self.r.today.tzinfo
                )
                courses = training.in_slot(day, slot)
                for n, p in enumerate(people):
                    if leave.get(p.id) == (day, slot) or late.get(p.id) == (day, slot):
                        continue
                    if p.id in gone and day == halves[-1][0]:
                        continue
                    self.r.set_time(start + dt.timedelta(seconds=25 * n))
                    signin.record_txn(
                        txn, door[(n + h) % len(door)], training, p, courses, "self", ""
                    )
            for pid, (day, slot) in late.items():
                self.r.set_time(
                    dt.datetime.fromisoformat(day).replace(hour=17, tzinfo=self.r.today.tzinfo)
                    + dt.timedelta(days=1)
                )
                reason = "到场后未在门口登记，次日由宣传部核实补签"
                signin.record_txn(
                    txn,
                    door[0],
                    training,
                    _p(people, pid),
                    training.in_slot(day, slot),
                    "late",
                    reason,
                )

    # -- assessment and files ---------------------------------------------------------

    def _assess_txn(self, txn: Txn, staff: Person, posts: list[Post]) -> None:
        """Posts in 考核 return their self-assessment; assessors score most of them,
        and those scoring 80 or more are named. Files are ticked as seen."""
        review, service, rng = self.core.post_review, self.core.posts, self.rng
        template = review.template()
        items = [i for g in template.groups for i in g.items]
        materials = review.materials().materials
        required = [m.id for m in materials if m.required]
        optional = [m.id for m in materials if not m.required]
        for n, post in enumerate(posts):
            if post.state in ("assessing", "screening"):
                share = 1.0 if post.state == "assessing" else 0.4
                ticked = [m for m in required if rng.random() < share * 0.9 + 0.05]
                review.tick_txn(txn, staff, post, ticked + optional[: n % 3])
            if post.state != "assessing":
                continue
            mine = {i.id: _half(float(i.points or 0) * rng.uniform(0.85, 1.0)) for i in items}
            sheet = review.make_sheet(staff, post, "self", mine, scorer=post.leader)
            review.enter_scores_txn(txn, staff, post, sheet)
            if n % 4 == 3:
                continue  # the assessors have not been yet
            theirs = {
                k: _half(max(0.0, v - rng.choice((0, 0, 0.5, 1, 1.5)))) for k, v in mine.items()
            }
            sheet = review.make_sheet(staff, post, "assessor", theirs, scorer="市妇联考核组")
            review.enter_scores_txn(txn, staff, post, sheet)
            if sum(theirs.values()) >= 80 and n % 5:
                service.change_state_txn(txn, staff, post, "name")


def _half(value: float) -> float:
    return round(value * 2) / 2


def _speakers(posts: list[Post]) -> str:
    if not posts:
        return "示范岗位代表"
    return f"{posts[0].name[:12]}等{len(posts)}个岗位"


def _p(people: list[Participant], pid: str) -> Participant:
    return next(p for p in people if p.id == pid)
