"""The fields of a 巾帼文明岗 application as the office edits them on the
post's page (the same names and formats as the application sheet)."""

from __future__ import annotations

from xiaoneng.model.posts import LEVELS, Post, format_titles
from xiaoneng.tui.dialogs.jinguo_form import Field


def post_fields(p: Post) -> list[Field]:
    woman_leader = {True: "是", False: "否", None: ""}[p.woman_leader]
    return [
        Field("name", "岗位名称", p.name),
        Field("organisation", "所在单位", p.organisation),
        Field("sector", "行业", p.sector, "", 30),
        Field("district", "区", p.district, "", 30),
        Field("level", "申报级别", p.level, "/".join(LEVELS), 10),
        Field("leader", "负责人", p.leader, "", 40),
        Field("phone", "联系电话", p.phone, "", 30),
        Field("contact", "联系人", p.contact, "负责人以外的联系人", 40),
        Field("members", "岗位人数", str(p.members), "", 6),
        Field("women", "女性人数", str(p.women), "", 6),
        Field("woman_leader", "女性负责人", woman_leader, "主要负责人中有女性：是/否", 4),
        Field(
            "titles",
            "已获称号",
            format_titles(p.titles) if p.titles else "",
            "如：区级（2012年）、市级系统（2020年）",
            200,
        ),
    ]
