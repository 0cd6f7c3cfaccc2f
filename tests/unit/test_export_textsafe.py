"""clean_text, safe_filename and output_path: hostile text in, safe text and paths out."""

from __future__ import annotations

import io
import os
import unicodedata
from pathlib import Path

import docx
import pytest
from helpers.examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoneng.errors import OperationError
from xiaoneng.export import (
    UnsafePathError,
    clean_text,
    new_document,
    output_path,
    safe_filename,
)
from xiaoneng.export.textsafe import DEFAULT_STEM

NASTY = [
    "\x00", "\x07", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\ufffe", "\uffff",
    "\ud800", "\udfff", "\u202e", "\u200f", "\u200b", "\u2028", "\ufeff",
    "/", "\\", "..", ":", "*", "?", '"', "<", ">", "|", "\t", "\n", "\r", " ", ".",
    "CON", "nul", "Com1", "LPT9", "😀", "👩‍👩‍👧", "张", "ا", "é", "e\u0301",
]  # fmt: skip
ANY_CHAR = st.one_of(
    st.characters(exclude_categories=()),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, exclude_categories=()),
)
# Runs of arbitrary characters (lone surrogates included) mixed with known trouble.
HOSTILE_TEXT = st.lists(
    st.one_of(st.text(alphabet=ANY_CHAR, max_size=8), st.sampled_from(NASTY)), max_size=10
).map("".join)
WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{p}{d}" for p in ("COM", "LPT") for d in "0123456789¹²³"
}


# -- clean_text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("张三", "张三"),
        ("a\x00b\x01c\x08d", "abcd"),
        ("第一行\x0b第二行\x0c第三行", "第一行\n第二行\n第三行"),  # Word line/page breaks
        ("a\r\nb\rc", "a\nb\nc"),
        ("tab\there", "tab\there"),
        ("bell\x07", "bell"),
        ("x\ufffe\uffffy", "xy"),
        ("lone\ud800surrogate\udfff", "lonesurrogate"),
        ("c1\x85\x9f", "c1"),
        ("rtl\u200f\u202eمرحبا", "rtl\u200f\u202eمرحبا"),  # kept: the record shows input
        ("emoji 😀👩‍👩‍👧", "emoji 😀👩‍👩‍👧"),
        (None, ""),
        (42, "42"),
    ],
)
def test_clean_text_examples(raw, clean):
    assert clean_text(raw) == clean


_SCRATCH = docx.Document()


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT)
def test_clean_text_output_is_accepted_by_python_docx(text):
    cleaned = clean_text(text)
    document = _SCRATCH  # opening the template is most of an example's cost
    document.add_paragraph(cleaned)  # raises ValueError/UnicodeEncodeError on bad input
    document.core_properties.title = cleaned
    assert clean_text(cleaned) == cleaned  # idempotent
    cleaned.encode("utf-8")


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT, HOSTILE_TEXT)
def test_building_blocks_clean_text_themselves(title, body):
    doc = new_document()
    doc.title(title, subtitle=body)
    doc.heading(body, 1)
    doc.paragraph(body)
    doc.meta_line(title)
    doc.table([title, body], [[body, title], [None, 3]])
    doc.signature_block([(title, body)])
    reopened = docx.Document(io.BytesIO(doc.to_bytes()))
    assert reopened.tables[0].cell(1, 0).text == clean_text(body)
    assert reopened.tables[0].cell(2, 1).text == "3"


def test_ten_thousand_character_name_exports():
    name = "张" * 5000 + "Ab" * 2500
    doc = new_document()
    doc.title(name)
    doc.paragraph(name)
    doc.table(["姓名"], [[name]])
    doc.signature_block([("承诺人（签字）", name)])
    reopened = docx.Document(io.BytesIO(doc.to_bytes()))
    assert reopened.tables[0].cell(1, 0).text == name
    assert len(reopened.core_properties.title) <= 255


# -- safe_filename ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("2025年度", "安全生产承诺书", "张三"), "2025年度_安全生产承诺书_张三.docx"),
        (("../../etc/passwd",), "_.._etc_passwd.docx"),
        (("a/b\\c",), "a_b_c.docx"),
        (('<>:"|?*',), "_______.docx"),
        (("CON",), "_CON.docx"),
        (("con.txt",), "_con.txt.docx"),
        (("LPT1 ",), "_LPT1.docx"),
        (("COM¹",), "_COM¹.docx"),
        (("CONSOLE",), "CONSOLE.docx"),
        (("",), f"{DEFAULT_STEM}.docx"),
        (("...", "  "), f"{DEFAULT_STEM}.docx"),
        (("名单. ",), "名单.docx"),
        (("\x00\x07",), f"{DEFAULT_STEM}.docx"),
        (("evil\u202excod.exe",), "evilxcod.exe.docx"),  # bidi override cannot fake a type
        (("笑脸😀",), "笑脸😀.docx"),
        (("多个   空格\t和\n换行",), "多个 空格 和 换行.docx"),
        ((None, 3, "x"), "3_x.docx"),
    ],
)
def test_safe_filename_examples(parts, expected):
    assert safe_filename(*parts) == expected


def test_safe_filename_extension_and_limit_options():
    assert safe_filename("台账", ext=".xlsx") == "台账.xlsx"
    assert safe_filename("台账", ext="pdf") == "台账.pdf"
    assert safe_filename("台账", ext="") == "台账"
    assert safe_filename("台账", ext="../x") == "台账._x"
    with pytest.raises(ValueError, match="太小"):
        safe_filename("台账", max_len=10)


def test_safe_filename_cuts_whole_characters_within_bytes():
    name = safe_filename("张" * 200, max_len=100)
    assert len(name.encode("utf-8")) <= 100
    assert name == "张" * 31 + ".docx"  # 93 bytes + 5; a 32nd character would need 101
    emoji = safe_filename("😀" * 100, max_len=50)
    assert emoji == "😀" * 11 + ".docx"


def _check_safe_name(name: str, max_len: int, ext: str) -> None:
    assert name.endswith(ext)
    stem = name[: len(name) - len(ext)]
    assert stem and stem not in (".", "..")
    assert len(name.encode("utf-8")) <= max_len
    assert not (set(name) & WINDOWS_FORBIDDEN)
    assert os.sep not in name and "/" not in name and "\\" not in name
    assert all(unicodedata.category(c) not in ("Cc", "Cs", "Cf") for c in name)
    assert stem == stem.strip(" .")
    assert stem.split(".", 1)[0].rstrip(" ").upper() not in RESERVED
    name.encode("utf-8")


@settings(
    max_examples=examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    parts=st.lists(HOSTILE_TEXT, max_size=4),
    max_len=st.integers(min_value=20, max_value=255),
)
def test_safe_filename_properties(tmp_path, parts, max_len):
    name = safe_filename(*parts, max_len=max_len)
    _check_safe_name(name, max_len, ".docx")
    path = output_path(tmp_path, name)
    assert path.parent == tmp_path.resolve()
    path.write_bytes(b"x")  # the file system accepts it
    assert path.read_bytes() == b"x"


# -- output_path -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "../x.docx",
        "../../etc/passwd",
        "/etc/passwd",
        "a/b.docx",
        "sub/../../x",
        "",
        ".",
        "..",
        "a\x00b",
    ],
)
def test_output_path_refuses_names_outside_the_folder(tmp_path, bad):
    with pytest.raises(UnsafePathError) as info:
        output_path(tmp_path, bad)
    assert isinstance(info.value, OperationError) and isinstance(info.value, ValueError)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))  # Chinese message


def test_output_path_accepts_plain_names_and_resolves(tmp_path):
    assert output_path(tmp_path, "签到表.docx") == tmp_path.resolve() / "签到表.docx"
    assert output_path(str(tmp_path), "a..b.docx").name == "a..b.docx"


def test_output_path_refuses_a_symlink_pointing_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "link.docx").symlink_to(outside / "target.docx")
    with pytest.raises(UnsafePathError):
        output_path(folder, "link.docx")


@settings(
    max_examples=examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=HOSTILE_TEXT)
def test_output_path_never_leaves_the_folder(tmp_path, name):
    try:
        path = output_path(tmp_path, name)
    except UnsafePathError:
        return
    assert path.parent == tmp_path.resolve()


def test_save_with_a_safe_name_stays_inside_folder(tmp_path):
    doc = new_document()
    doc.title("承诺书")
    (tmp_path / "exports").mkdir()
    path = doc.save(
        output_path(tmp_path / "exports", safe_filename("../../承诺书", "张/三", "CON"))
    )
    assert path.parent == (tmp_path / "exports").resolve()
    assert path.name == "_.._承诺书_张_三_CON.docx"
    assert docx.Document(str(path)).paragraphs[0].text == "承诺书"
    assert not list(Path(tmp_path / "exports").glob(".xiaoneng-*"))  # no temp files left


@pytest.mark.parametrize("max_len", range(40, 140, 7))
def test_safe_filename_shortens_a_list_at_a_boundary(max_len):
    """Never 学习记录_…限时办结、.docx: a long title is cut after a whole item."""
    title = "机关效能制度学习：岗位责任制、服务承诺制、首问负责制、一次性告知、限时办结、效能问责"
    name = safe_filename("学习记录〔2026〕ES-总", title, max_len=max_len)
    stem = name.removesuffix(".docx")
    assert len(name.encode("utf-8")) <= max_len and stem.startswith("学习记录〔2026〕ES-总")
    assert not stem.endswith(("、", "：", "，", "_", "；"))
    cut = stem.removeprefix("学习记录〔2026〕ES-总").removeprefix("_")
    assert cut == "" or title.startswith(cut)
    assert cut == "" or cut == title or title[len(cut)] in "、："  # ends where an item ends
