"""`xiaoneng regulation import`: official text (.docx/.txt) -> study skeleton that validates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import docx
import pytest
from conftest import run_cli

from xiaoneng.checklists import load_file
from xiaoneng.checklists.numerals import parse, to_chinese
from xiaoneng.checklists.regulation import import_regulation, parse_regulation, preamble_dates
from xiaoneng.errors import UserError

CHAPTERS = ["总　　则", "效能制度", "绩效管理", "效能督查", "效能投诉", "效能问责", "附　　则"]
PER_CHAPTER = [6, 30, 20, 20, 12, 20, 4]  # 112 articles: reaches 一百零三 and 一百一十
TOTAL = sum(PER_CHAPTER)
TITLE = "福建省机关效能建设工作条例"
PREAMBLE = (
    "（2013年11月29日福建省第十二届人民代表大会常务委员会第六次会议通过　"
    "根据2024年3月27日福建省第十四届人民代表大会常务委员会第九次会议"
    "《关于修改〈福建省机关效能建设工作条例〉的决定》修正）"
)


def regulation_paragraphs() -> list[str]:
    """A regulation shaped like the real ones, with the awkward cases mixed in."""
    lines = [TITLE, PREAMBLE, "", "目　　录"]
    lines += [f"第{to_chinese(n)}章　{t}" for n, t in enumerate(CHAPTERS, 1)]
    number = 0
    for chapter, (title, count) in enumerate(zip(CHAPTERS, PER_CHAPTER, strict=True), 1):
        lines.append(f"第{to_chinese(chapter)}章　{title}")
        if chapter == 2:
            lines.append("第一节　一般规定")
        for _ in range(count):
            number += 1
            cn = to_chinese(number)
            body = f"本条规定机关效能建设的第{number}项要求。"
            style = number % 5
            if style == 0:
                lines.append(f"第{cn}条 {body}")  # ordinary space
            elif style == 1:
                lines.append(f"第{cn}条{body}")  # run into the text, no space
            elif style == 2:
                lines += [f"第{cn}条", body]  # heading alone, text in the next paragraph
            else:
                lines.append(f"第{cn}条　{body}")  # ideographic space, as printed
            if number % 7 == 0:
                lines += ["（一）第一项内容；", "（二）第二项内容。"]
            if number == 40:
                lines.append("第五条规定的事项，按照本条执行。")  # a reference, not a heading
    return lines


def write_txt(path: Path, encoding: str = "utf-8") -> Path:
    path.write_bytes("\n".join(regulation_paragraphs()).encode(encoding))
    return path


def write_docx(path: Path) -> Path:
    document = docx.Document()
    for line in regulation_paragraphs():
        document.add_paragraph(line)
    document.save(str(path))
    return path


def test_numerals():
    cases = {
        "一": 1,
        "十": 10,
        "十三": 13,
        "二十": 20,
        "一百零三": 103,
        "一百一十": 110,
        "一百十": 110,
        "二〇": 20,
        "103": 103,
        "１０３": 103,
        "一千零一": 1001,
    }
    assert {text: parse(text) for text in cases} == cases
    assert all(parse(to_chinese(n)) == n for n in range(2000))
    assert parse("十百") is None and parse("二三十") is None and parse("条") is None


def test_parse_structure():
    reg = parse_regulation(regulation_paragraphs(), "fallback")
    assert reg.title == TITLE
    assert [c.title for c in reg.chapters] == [
        "第一章 总则",
        "第二章 效能制度",
        "第三章 绩效管理",
        "第四章 效能督查",
        "第五章 效能投诉",
        "第六章 效能问责",
        "第七章 附则",
    ]
    assert [len(c.articles) for c in reg.chapters] == PER_CHAPTER
    labels = [a.label for c in reg.chapters for a in c.articles]
    assert labels == [f"第{to_chinese(n)}条" for n in range(1, TOTAL + 1)]
    assert "第一百零三条" in labels and "第一百一十条" in labels
    by_label = {a.label: a for c in reg.chapters for a in c.articles}
    assert by_label["第三条"].paragraphs == ["本条规定机关效能建设的第3项要求。"]
    assert by_label["第七条"].point().endswith("要求。\n（一）第一项内容；\n（二）第二项内容。")
    assert by_label["第四十条"].paragraphs[-1] == "第五条规定的事项，按照本条执行。"
    assert preamble_dates(reg.preamble) == (dt.date(2024, 3, 27), dt.date(2024, 3, 27))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_import_txt_in_any_encoding(tmp_path, encoding):
    source = write_txt(tmp_path / "条例.txt", encoding)
    result = import_regulation(source, today=dt.date(2026, 1, 5))
    assert result.counts == {"chapters": 7, "articles": TOTAL}
    assert result.out == tmp_path / "条例.toml"
    study, problems = load_file(result.out)
    assert problems == [], [str(p) for p in problems]
    assert study.id.startswith("regulation-") and len(study.id) == len("regulation-") + 8
    assert study.title == TITLE and study.source.name == TITLE
    assert study.source.issuer == "（请填写制定机关）"
    assert (study.source.revised, study.source.effective) == ("2024-03-27", "2024-03-27")
    assert study.questions == () and study.pass_mark == 0
    first = study.sections[0]
    assert first.title == "第一章 总则"
    assert (
        first.refs[0] == "第一条" and first.points[0] == "第一条 本条规定机关效能建设的第1项要求。"
    )
    assert study.sections[-1].refs[-1] == f"第{to_chinese(TOTAL)}条"


def test_import_docx(tmp_path):
    source = write_docx(tmp_path / "fj-efficiency.docx")
    result = import_regulation(source, out=tmp_path / "out.toml")
    study, problems = load_file(result.out)
    assert problems == []
    assert study.id == "fj-efficiency"
    assert study.counts() == {"sections": 7, "questions": 0}
    assert sum(len(s.points) for s in study.sections) == TOTAL


def test_docx_soft_line_breaks_split_paragraphs(tmp_path):
    document = docx.Document()
    document.add_paragraph("某某办法")
    paragraph = document.add_paragraph("第一章　总则")
    paragraph.add_run().add_break()
    paragraph.add_run("第一条　为了规范管理，制定本办法。")
    document.add_paragraph("第二条　本办法自2025年1月1日起施行。")
    document.save(str(tmp_path / "a.docx"))
    result = import_regulation(tmp_path / "a.docx")
    assert result.counts == {"chapters": 1, "articles": 2}


def test_effective_date_and_arabic_numbers(tmp_path):
    lines = [
        "某市安全管理办法",
        "（2022年12月1日市政府令第3号公布　自2023年1月1日起施行）",
        "第1章 总则",
        "第1条 为了……制定本办法。",
        "第2条 本办法适用于……",
        "第2章 附则",
        "第3条 本办法由市应急管理局负责解释。",
    ]
    reg = parse_regulation(lines, "x")
    assert preamble_dates(reg.preamble) == (dt.date(2023, 1, 1), dt.date(2023, 1, 1))
    assert [a.label for c in reg.chapters for a in c.articles] == ["第一条", "第二条", "第三条"]
    lines[1] = "（2022年12月1日通过，2023年3月1日起施行，根据2023年6月1日决定修正）"
    reg = parse_regulation(lines, "x")
    assert preamble_dates(reg.preamble) == (dt.date(2023, 6, 1), dt.date(2023, 3, 1))


def test_contents_without_marker_and_title_on_next_line():
    lines = [
        "某办法",
        "第一章 总则",
        "第二章 附则",
        "第一章",
        "总则",
        "第一条 甲。",
        "第二章 附则",
        "第二条 乙。",
    ]
    reg = parse_regulation(lines, "x")
    assert [c.title for c in reg.chapters] == ["第一章 总则", "第二章 附则"]
    assert reg.article_count == 2


def test_regulation_without_chapters():
    reg = parse_regulation(["某某规定", "第一条　甲。", "第二条　乙。", "第三条　丙。"], "x")
    assert [(c.title, len(c.articles)) for c in reg.chapters] == [("全文", 3)]


def test_no_articles_is_a_user_error(tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("会议纪要\n今天学习了条例。\n", encoding="utf-8")
    with pytest.raises(UserError, match="notes.txt"):
        import_regulation(source)
    assert not (tmp_path / "notes.toml").exists()


def test_cli_import_json_then_validate(tmp_path):
    source = write_docx(tmp_path / "reg.docx")
    data = tmp_path / "data"
    result = run_cli("regulation", "import", str(source), "--json", data=data)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {"chapters": 7, "articles": TOTAL, "out": str(tmp_path / "reg.toml")}
    check = run_cli("checklists", "validate", report["out"], data=data)
    assert check.returncode == 0, check.stdout
    assert "已检查 1 个文件，未发现问题" in check.stdout

    again = run_cli("regulation", "import", str(source), data=data)
    assert again.returncode == 2
    assert "已存在" in again.stderr and "--force" in again.stderr
    forced = run_cli("regulation", "import", str(source), "--force", "--id", "my-reg", data=data)
    assert forced.returncode == 0, forced.stderr
    assert "112 条" in forced.stdout
    assert load_file(tmp_path / "reg.toml")[0].id == "my-reg"


@pytest.mark.parametrize(
    ("name", "content", "extra", "message"),
    [
        ("missing.docx", None, [], "找不到法规原文文件"),
        ("old.doc", b"\xd0\xcf\x11\xe0", [], "另存为"),
        ("scan.pdf", b"%PDF-1.4", [], "不受支持"),
        ("broken.docx", b"not a zip", [], "无法读取 Word 文件"),
        ("empty.txt", "没有条文".encode(), [], "没有找到“第X条”"),
        ("binary.txt", b"\x00\x01\x02", [], "不是可识别的文本文件"),
        ("ok.txt", "第一条 甲。".encode(), ["--id", "Bad_ID"], "--id"),
        ("ok.txt", "第一条 甲。".encode(), ["--out", "x.json"], "应以 .toml 结尾"),
    ],
)
def test_cli_bad_inputs_exit_2(tmp_path, name, content, extra, message):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    result = run_cli("regulation", "import", str(source), *extra, data=tmp_path / "data")
    assert result.returncode == 2, result.stdout
    assert result.stderr.startswith("xiaoneng：")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.glob("*.toml")) == []
