"""Official regulation text (.docx or .txt) -> a study-module skeleton in TOML.

Finds 第X章 / 第X节 / 第X条 headings (Chinese or Arabic numerals), takes the
lines before the first heading as title and preamble, skips a 目录 block,
and writes one [[sections]] per chapter whose points are the article texts.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xiaoneng.checklists import numerals, tomlwrite
from xiaoneng.checklists.importing import (
    ISSUER_PLACEHOLDER,
    ImportResult,
    check_id,
    check_source,
    decode_text,
    derive_id,
    output_path,
    read_bytes,
    verify,
    write_new,
)
from xiaoneng.errors import UserError

_NUM = f"[{numerals.CHARS}]+"
_CHAPTER = re.compile(rf"第({_NUM})章(.*)", re.S)
_SECTION = re.compile(rf"第({_NUM})节(.*)", re.S)
_ARTICLE = re.compile(rf"第({_NUM})条(之[{numerals.CHARS}]+)?(.*)", re.S)
_TOC = re.compile(r"目\s*录")
# After "第X条" with no space, these mean a reference ("第五条规定的…"), not a heading.
_REFERENCE_NEXT = set("第之的、，,。；;：:款项目至和或及与中规所")
_DATE = re.compile(
    rf"([0-9]{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*({_NUM})\s*月\s*({_NUM})\s*日"
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_MAX_NUMBER = 9999
# Limits that stop a crafted file in a second: the longest Chinese code (民法典)
# has 1,260 articles and its .docx is under 1 MB.
MAX_BYTES = 20 * 1024 * 1024
MAX_DOCX_XML = 16 * 1024 * 1024  # word/document.xml unpacked (python-docx parses it whole)
MAX_DOCX_TOTAL = 64 * 1024 * 1024
MAX_LINES = 200_000
MAX_ARTICLES = 3_000


@dataclass
class Article:
    label: str  # normalised, e.g. 第一百零三条 or 第十条之一
    paragraphs: list[str] = field(default_factory=list)

    def point(self) -> str:
        body = "\n".join(self.paragraphs)
        return f"{self.label} {body}" if body else self.label


@dataclass
class Chapter:
    title: str  # 第一章 总则
    articles: list[Article] = field(default_factory=list)


@dataclass
class Regulation:
    title: str
    preamble: list[str]
    chapters: list[Chapter]

    @property
    def article_count(self) -> int:
        return sum(len(c.articles) for c in self.chapters)


def read_paragraphs(path: Path) -> list[str]:
    """The file's paragraphs as lines of text (.docx or .txt)."""
    suffix = check_source(path, (".docx", ".txt"), "法规原文文件")
    if path.is_file() and path.stat().st_size > MAX_BYTES:
        raise UserError(f"{path} 过大（超过 {MAX_BYTES // 2**20} MB），不像是一部法规的原文")
    raw = read_bytes(path, "法规原文文件")
    if suffix == ".txt":
        return _capped(decode_text(raw, path).splitlines(), path)
    _check_docx_parts(raw, path)
    try:
        import docx

        document = docx.Document(io.BytesIO(raw))
    except Exception as err:  # python-docx raises many types for damaged files
        raise UserError(f"无法读取 Word 文件 {path}（文件可能已损坏或不是 .docx）：{err}") from None
    lines: list[str] = []
    for paragraph in document.paragraphs:
        lines.extend(paragraph.text.split("\n"))  # soft line breaks inside a paragraph
    return _capped(lines, path)


def _capped(lines: list[str], path: Path) -> list[str]:
    if len(lines) > MAX_LINES:
        raise UserError(f"{path} 行数过多（{len(lines)} 行，最多 {MAX_LINES} 行）")
    return lines


def _check_docx_parts(raw: bytes, path: Path) -> None:
    """Refuse a .docx that unpacks to far more than a regulation (a zip bomb)
    before python-docx parses it whole."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise UserError(f"无法读取 Word 文件 {path}（文件可能已损坏或不是 .docx）") from None
    body = sum(i.file_size for i in infos if i.filename == "word/document.xml")
    total = sum(i.file_size for i in infos)
    if len(infos) > 5_000 or body > MAX_DOCX_XML or total > MAX_DOCX_TOTAL:
        raise UserError(
            f"{path} 解压后过大（正文 {body / 2**20:.0f} MB，共 {total / 2**20:.0f} MB），"
            "不像是一部法规的原文"
        )


def _number(text: str) -> int | None:
    value = numerals.parse(text)
    return value if value is not None and 1 <= value <= _MAX_NUMBER else None


def _heading_title(rest: str) -> str | None:
    """The title after 第X章/节, or None when the line reads like body text."""
    title = re.sub(r"\s+", "", rest)
    if len(title) > 40 or title.endswith(("。", "；", "，", "：", ";", ",")):
        return None
    return title


def _article(line: str, expected: int) -> tuple[int, Article] | None:
    m = _ARTICLE.fullmatch(line)
    if not m:
        return None
    number = _number(m.group(1))
    if number is None:
        return None
    rest = m.group(3)
    # Run-in headings without a space are taken only in sequence, and not
    # when the next character continues a reference to another article.
    if rest and not rest[0].isspace() and (number != expected or rest[0] in _REFERENCE_NEXT):
        return None
    suffix = ""
    if m.group(2):
        sub = _number(m.group(2)[1:])
        if sub is None:
            return None
        suffix = f"之{numerals.to_chinese(sub)}"
    label = f"第{numerals.to_chinese(number)}条{suffix}"
    article = Article(label)
    if rest.strip():
        article.paragraphs.append(rest.strip())
    return number, article


def parse_regulation(lines: list[str], fallback_title: str) -> Regulation:
    """Chapters and articles from the text's lines; see the module docstring."""
    preamble: list[str] = []
    chapters: list[Chapter] = []
    current: Article | None = None
    last_article = 0
    in_toc, toc_last = False, 0
    started = False
    count = 0
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not started and _TOC.fullmatch(line):
            in_toc, started = True, True
            continue
        heading = _CHAPTER.fullmatch(line)
        number = _number(heading.group(1)) if heading else None
        if in_toc and number is not None:
            if number > toc_last:
                toc_last = number  # a table-of-contents entry, not the body
                continue
            in_toc = False  # numbering starts again: the body has begun
        title = _heading_title(heading.group(2)) if heading else None
        if number is not None and title is not None:
            started = True
            name = f"第{numerals.to_chinese(number)}章"
            chapters.append(Chapter(f"{name} {title}" if title else name))
            current = None
            continue
        if in_toc:
            if _article(line, last_article + 1) is None:
                continue  # 节 lines, page numbers and the like inside the contents
            in_toc = False
        section = _SECTION.fullmatch(line)
        if section and _number(section.group(1)) and _heading_title(section.group(2)) is not None:
            started = True  # 节 headings group articles inside a chapter; not kept
            current = None
            continue
        found = _article(line, last_article + 1)
        if found is not None:
            started = True
            last_article, current = found
            count += 1
            if count > MAX_ARTICLES:
                raise UserError(f"条文过多（超过 {MAX_ARTICLES} 条），不像是一部法规")
            if not chapters:
                chapters.append(Chapter(""))
            chapters[-1].articles.append(current)
        elif current is not None:
            current.paragraphs.append(line)  # an article's further paragraphs
        elif not started:
            preamble.append(line)
        elif chapters and chapters[-1].title.endswith("章") and not chapters[-1].articles:
            title = _heading_title(line)  # "第一章" with its title on the next line
            if title:
                chapters[-1].title += f" {title}"
    kept = [c for c in chapters if c.articles]  # drops contents entries listed without a 目录 line
    untitled = "全文" if len(kept) == 1 else "（未分章条款）"
    for chapter in kept:
        chapter.title = chapter.title or untitled
    return Regulation(_title(preamble, fallback_title), preamble, kept)


def _title(preamble: list[str], fallback: str) -> str:
    """Leading preamble lines up to the first bracketed or dated line."""
    parts: list[str] = []
    for line in preamble:
        dated = _DATE.search(line.translate(_FULLWIDTH))
        if line.startswith(("（", "(", "〔", "【", "[")) or dated:
            break
        parts.append(re.sub(r"\s+", "", line))
    title = "".join(parts)
    if len(title) > 80:
        title = parts[0][:80]
    return title or fallback


def preamble_dates(preamble: list[str]) -> tuple[dt.date | None, dt.date | None]:
    """(revised, effective): the latest date, and the one followed by 施行 if any."""
    text = "".join(preamble).translate(_FULLWIDTH)
    dates: list[dt.date] = []
    effective = None
    for m in _DATE.finditer(text):
        year, month, mday = (numerals.parse(g) for g in m.groups())
        if year is None or month is None or mday is None:
            continue
        try:
            day = dt.date(year, month, mday)
        except ValueError:
            continue
        dates.append(day)
        if "施行" in text[m.end() : m.end() + 6]:
            effective = day
    revised = max(dates) if dates else None
    return revised, effective or revised


def study_document(reg: Regulation, checklist_id: str, today: dt.date) -> dict[str, Any]:
    revised, effective = preamble_dates(reg.preamble)
    return {
        "id": checklist_id,
        "kind": "study",
        "title": reg.title,
        "version": "1",
        "summary": f"由《{reg.title}》原文导入的学习模块骨架："
        f"{len(reg.chapters)} 章，{reg.article_count} 条。",
        "source": {
            "name": reg.title,
            "issuer": ISSUER_PLACEHOLDER,
            "revised": revised or today,
            "effective": effective or today,
        },
        "quiz": {"pass_mark": 0, "attempts": 3},
        "sections": [
            {
                "title": chapter.title,
                "refs": [a.label for a in chapter.articles],
                "points": [a.point() for a in chapter.articles],
            }
            for chapter in reg.chapters
        ],
    }


def import_regulation(
    source: Path,
    out: str | Path | None = None,
    checklist_id: str | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> ImportResult:
    """Read, parse, check and write; raises UserError for anything wrong with the input."""
    source = Path(source)
    target = output_path(source, out)
    checklist_id = check_id(checklist_id) if checklist_id else derive_id(source.stem, "regulation")
    try:
        reg = parse_regulation(read_paragraphs(source), fallback_title=source.stem)
    except UserError as err:
        if str(source) in str(err):
            raise
        raise UserError(f"{source}：{err}") from None
    if not reg.article_count:
        raise UserError(f"{source} 中没有找到“第X条”形式的条文，无法生成学习模块")
    today = today or dt.date.today()
    header = (
        f"由 xiaoneng regulation import 从 {source.name} 生成（{today.isoformat()}）。\n"
        "请核对并修改：[source] 的 issuer（制定机关）、revised（修订日期）、"
        "effective（施行日期）；\n"
        "把 points 精简为学习要点，添加 [[questions]] 题目，并把 [quiz] pass_mark 改为及格题数。\n"
        f"修改后运行：xiaoneng checklists validate {target.name}"
    )
    text = tomlwrite.dumps(study_document(reg, checklist_id, today), header=header)
    verify(text, target)
    write_new(target, text, force)
    return ImportResult(target, {"chapters": len(reg.chapters), "articles": reg.article_count})
