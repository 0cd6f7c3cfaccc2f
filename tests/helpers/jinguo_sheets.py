"""巾帼文明岗 application sheets as district federations send them: a merged
title, a note row, synonyms for the column names, a sector merged down over
its posts. Invented organisations and people only."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADER = [
    "序号",
    "集体名称",
    "单位",
    "系统",
    "区县",
    "级别",
    "岗长",
    "联系电话",
    "人数",
    "女职工人数",
    "曾获称号",
    "女性负责人",
    "备注",
]
ROWS = [
    [
        1,
        "第一办税服务窗口",
        "示例市税务局",
        "税务",
        "明珠区",
        "市级",
        "林晓梅",
        "10000001111",
        10,
        7,
        "区级2022",
        "是",
        "",
    ],
    [
        2,
        "营业厅班组",
        "示例供电公司",
        None,
        "金桥区",
        "市",
        "陈雅琳",
        "10000002222",
        12.0,
        5,
        "区级系统2021",
        "否",
        "",
    ],
    [
        3,
        "儿科护理组",
        "示例市第一医院",
        "卫生",
        "凤栖区",
        "省级",
        "黄秀芳",
        "10000003333",
        8,
        6,
        "市级2019；区级2015",
        "是",
        "",
    ],
    [
        4,
        "巾帼服务站",
        "示例街道办事处",
        "街道",
        None,
        "全国",
        "吴静",
        "0592-5550104",
        6,
        6,
        "省级2023",
        None,
        "女性负责人未填",
    ],
]


def application_xlsx(path: Path, rows: list[list] | None = None) -> Path:
    """The sheet with a merged title and date row above the header; 系统 merged
    over rows 1-2 and 区县 over rows 3-4 as offices merge repeated cells."""
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年度巾帼文明岗申报汇总表"] + [None] * 12)
    ws.append(["填报单位：示例区妇联　　填报日期：2026年3月1日"] + [None] * 12)
    ws.append(HEADER)
    for row in rows if rows is not None else ROWS:
        ws.append(row)
    ws.merge_cells("A1:M1")
    ws.merge_cells("A2:M2")
    if rows is None:
        ws.merge_cells("D4:D5")
        ws.merge_cells("E6:E7")
    wb.save(path)
    return path
