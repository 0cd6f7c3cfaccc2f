"""Property tests: whatever the files hold, the engine reports problems and never crashes."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from pathlib import Path

from helpers.examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoneng.checklists import load_file
from xiaoneng.checklists.loader import load_text
from xiaoneng.checklists.locate import LineIndex
from xiaoneng.checklists.numerals import parse, to_chinese
from xiaoneng.checklists.regulation import import_regulation, parse_regulation, study_document
from xiaoneng.checklists.sheet import parse_items
from xiaoneng.checklists.tomlwrite import dumps
from xiaoneng.errors import UserError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "checklists"
BASES = [
    tomllib.loads((FIXTURES / name).read_text(encoding="utf-8"))
    for name in ("study.toml", "check.toml", "letter.toml")
]
FAST = settings(max_examples=examples(150), deadline=None)

keys = st.text(min_size=1, max_size=8)
scalars = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.sampled_from(
        [
            "",
            "A",
            "ABCDEFG",
            "ba",
            "unchecked",
            "未检查",
            "{name}",
            "{",
            "self",
            "single",
            "multiple",
            "2021-02-30",
            "study",
            "check",
            "commitment",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=8,
)


def slots(node, out=None):
    """Every (container, key) in a parsed document, for mutation."""
    out = [] if out is None else out
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, child in list(items):
        out.append((node, key))
        if isinstance(child, dict | list):
            slots(child, out)
    return out


@st.composite
def mutated_documents(draw):
    doc = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        places = slots(doc)
        if not places:
            break
        container, key = draw(st.sampled_from(places))
        if draw(st.booleans()):
            del container[key]
        else:
            container[key] = draw(values)
    return doc


def check_outcome(checklist, problems) -> None:
    assert (checklist is None) == bool(problems)
    for problem in problems:
        line = str(problem)
        assert "\n" not in line and problem.message
        assert problem.line is None or problem.line >= 1


@FAST
@given(mutated_documents())
def test_mutated_documents_report_problems(doc):
    text = dumps(doc)
    check_outcome(*load_text(text, "f.toml"))


@FAST
@given(st.dictionaries(keys, values, max_size=6))
def test_random_documents_report_problems(doc):
    check_outcome(*load_text(dumps(doc), "f.toml"))


@FAST
@given(st.text(max_size=300))
def test_random_text_reports_problems(text):
    check_outcome(*load_text(text, "f.toml"))
    assert isinstance(LineIndex(text).line("groups[0].items[1].text"), int | None)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=200))
def test_random_bytes_in_a_file(tmp_path, raw):
    path = tmp_path / "f.toml"
    path.write_bytes(raw)
    check_outcome(*load_file(path))


@FAST
@given(st.dictionaries(keys, values, max_size=6))
def test_writer_round_trips(doc):
    assert tomllib.loads(dumps(doc, header="注释\n第二行")) == doc


@FAST
@given(st.integers(min_value=0, max_value=9999))
def test_numerals_round_trip(n):
    assert parse(to_chinese(n)) == n


heading = st.builds(
    lambda kind, n, gap, text: f"第{to_chinese(n)}{kind}{gap}{text}",
    st.sampled_from(["章", "节", "条"]),
    st.integers(min_value=0, max_value=130),
    st.sampled_from(["", " ", "\u3000", "\u3000\u3000"]),
    st.text(max_size=15),
)
lines = st.lists(
    st.one_of(
        heading,
        st.text(max_size=30),
        st.sampled_from(["目录", "目　　录", "", "（2024年3月27日修正）"]),
    ),
    max_size=40,
)


@FAST
@given(lines, st.text(max_size=10))
def test_importer_output_always_validates(paragraphs, name):
    reg = parse_regulation(paragraphs, fallback_title=name.strip() or "x")
    if not reg.article_count:
        return  # import_regulation raises UserError here; tested elsewhere
    text = dumps(study_document(reg, "reg", dt.date(2026, 1, 1)))
    checklist, problems = load_text(text, "reg.toml")
    assert problems == [], [str(p) for p in problems]
    assert sum(len(s.points) for s in checklist.sections) == reg.article_count


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.one_of(st.binary(max_size=300), lines.map(lambda ls: "\n".join(ls).encode("utf-8"))))
def test_importer_on_random_files(tmp_path, raw):
    source = tmp_path / "r.txt"
    source.write_bytes(raw)
    out = tmp_path / "r.toml"
    try:
        import_regulation(source, out=out, force=True)
    except UserError:
        return
    assert load_file(out)[1] == []


cells = st.one_of(st.none(), st.text(max_size=8), st.integers(), st.floats(), st.booleans())


@FAST
@given(st.lists(st.lists(cells, max_size=6), max_size=8))
def test_sheet_rows_never_crash(rows):
    table = [(1, ["分组", "检查项", "依据", "分值"])] + [(n, r) for n, r in enumerate(rows, 2)]
    groups, problems = parse_items(table, Path("s.xlsx"))
    assert all(p.line >= 2 for p in problems)
    if not problems and groups:
        doc = {
            "id": "s",
            "kind": "check",
            "title": "t",
            "version": "1",
            "modes": ["self"],
            "source": BASES[1]["source"],
            "results": BASES[1]["results"],
            "groups": [{"title": g, "items": items} for g, items in groups.items()],
        }
        assert load_text(dumps(doc), "s.toml")[1] == []
