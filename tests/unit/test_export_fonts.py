"""FontSettings: defaults, validation with Chinese messages, and names reaching the styles."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from xiaoneng.errors import UserError
from xiaoneng.export import FontSettings, FontSettingsError, new_document
from xiaoneng.export.fonts import strip_theme_fonts


def _east_asian(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_defaults_are_the_official_faces():
    fonts = FontSettings()
    assert fonts.title == "方正小标宋简体"
    assert fonts.body == "仿宋_GB2312"
    assert fonts.heading1 == "黑体"
    assert fonts.heading2 == "楷体_GB2312"
    assert fonts.heading3 == "仿宋_GB2312"
    assert fonts.page_number == "宋体"
    assert FontSettings.from_mapping(None) == fonts
    assert FontSettings.from_mapping({}) == fonts


def test_from_mapping_overrides_given_keys_only():
    fonts = FontSettings.from_mapping({"body": "仿宋", "title": "宋体"})
    assert fonts.body == "仿宋"
    assert fonts.title == "宋体"
    assert fonts.heading1 == "黑体"


@pytest.mark.parametrize(
    ("mapping", "named"),
    [
        ({"bodyy": "仿宋"}, "bodyy"),
        ({"body": 16}, "body"),
        ({"title": None}, "title"),
        ({"heading1": ""}, "heading1"),
        ({"heading2": " 楷体"}, "heading2"),
        ({"table": "仿宋\n"}, "table"),
        ({"page_number": "宋" * 40}, "page_number"),
        ({3: "宋体"}, "3"),
    ],
)
def test_from_mapping_rejects_bad_entries_naming_the_key(mapping, named):
    with pytest.raises(FontSettingsError) as info:
        FontSettings.from_mapping(mapping)
    message = str(info.value)
    assert named in message
    assert "字体设置" in message
    assert isinstance(info.value, ValueError) and isinstance(info.value, UserError)


def test_from_mapping_rejects_a_non_mapping():
    with pytest.raises(FontSettingsError, match="字体设置"):
        FontSettings.from_mapping(["仿宋"])  # type: ignore[arg-type]


def test_unknown_key_message_lists_the_known_keys():
    with pytest.raises(FontSettingsError) as info:
        FontSettings.from_mapping({"color": "red"})
    for key in FontSettings.field_names():
        assert key in str(info.value)


def test_settings_are_hashable_and_frozen():
    fonts = FontSettings()
    assert hash(fonts) == hash(FontSettings())
    with pytest.raises(AttributeError):
        fonts.body = "x"  # type: ignore[misc]


def test_configured_names_reach_every_style_and_the_font_table():
    fonts = FontSettings.from_mapping(
        {
            "title": "Title Face",
            "subtitle": "Sub Face",
            "body": "Body Face",
            "heading1": "H1 Face",
            "heading2": "H2 Face",
            "heading3": "H3 Face",
            "table": "Table Face",
            "table_header": "Head Face",
            "page_number": "Number Face",
        }
    )
    doc = new_document(fonts)
    doc.title("题")
    data = doc.to_bytes()
    styles = docx.Document(io.BytesIO(data)).styles
    assert _east_asian(styles["Normal"]) == "Body Face"
    assert _east_asian(styles["Title"]) == "Title Face"
    assert _east_asian(styles["Subtitle"]) == "Sub Face"
    assert _east_asian(styles["Heading 1"]) == "H1 Face"
    assert _east_asian(styles["Heading 2"]) == "H2 Face"
    assert _east_asian(styles["Heading 3"]) == "H3 Face"
    assert _east_asian(styles["Heading 4"]) == "H3 Face"
    assert _east_asian(styles["Table Text"]) == "Table Face"
    assert _east_asian(styles["Table Heading"]) == "Head Face"
    assert _east_asian(styles["Footer"]) == "Number Face"
    font_table = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
    for name in fonts.names():
        assert f'w:name="{name}"' in font_table


def test_font_table_offers_substitutes_for_gb2312_faces():
    data = new_document().to_bytes()
    font_table = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
    assert (
        '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>'
        in font_table
    )


def test_strip_theme_fonts_removes_theme_fonts_on_a_run():
    doc = new_document()
    (para,) = doc.paragraph("正文中的黑体字")
    rfonts = para.runs[0]._r.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsiaTheme"), "minorEastAsia")
    rfonts.set(qn("w:asciiTheme"), "minorHAnsi")
    assert strip_theme_fonts(para._p) == 2
    assert rfonts.get(qn("w:eastAsiaTheme")) is None
