"""Drawing a quiz paper from a bank: properties over generated modules (hypothesis)."""

from __future__ import annotations

from collections import Counter

from helpers.examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.model.checklist import Question, Section, Source, StudyModule
from xiaoneng.model.paper import Paper, draw_paper

SOURCE = Source(
    "中华人民共和国安全生产法", "全国人民代表大会常务委员会", "2021-06-10", "2021-09-01"
)


@st.composite
def questions(draw, sections: int) -> Question:
    kind = draw(st.sampled_from(["single", "multiple"]))
    size = draw(st.integers(2, 6))
    if kind == "single":
        answer = frozenset({draw(st.integers(0, size - 1))})
    else:
        answer = frozenset(draw(st.sets(st.integers(0, size - 1), min_size=1)))
    section = draw(st.one_of(st.none(), st.integers(0, sections - 1)))
    n = draw(st.integers(0, 10**6))
    return Question(
        type=kind,
        text=f"第{n}题",
        choices=tuple(f"选项{n}-{k}" for k in range(size)),
        answer=answer,
        explanation="说明",
        ref="第五条",
        section=section,
    )


@st.composite
def modules(draw) -> StudyModule:
    count = draw(st.integers(1, 6))
    bank = draw(st.lists(questions(count), min_size=1, max_size=40))
    tested = len({q.section for q in bank} - {None})
    size = draw(st.one_of(st.none(), st.integers(max(tested, 1), len(bank))))
    return StudyModule(
        id="gen",
        kind="study",
        title="生成的模块",
        version="1",
        source=SOURCE,
        file="gen.toml",
        content_hash="h",
        sections=tuple(Section(f"第{i + 1}节", ("要点",)) for i in range(count)),
        questions=tuple(bank),
        pass_mark=1,
        draw=size,
    )


seeds = st.integers(0, 999_999)


@given(modules(), seeds)
def test_shuffled_choices_keep_the_answer(module, seed):
    for q in draw_paper(module, seed).questions:
        bank = module.questions[q.index]
        assert sorted(q.order) == list(range(len(bank.choices)))
        assert q.choices == tuple(bank.choices[i] for i in q.order)
        assert q.to_bank(q.answer) == bank.answer
        assert {q.choices[k] for k in q.answer} == {bank.choices[i] for i in bank.answer}
        assert bank.is_correct(q.to_bank(q.answer)) and q.is_correct(q.answer)
        wrong = set(range(len(q.choices))) - set(q.answer)
        if wrong:
            assert not bank.is_correct(q.to_bank(set(q.answer) | {min(wrong)}))


@given(modules(), seeds)
def test_every_section_tested_no_repeats_right_size(module, seed):
    paper = draw_paper(module, seed)
    picked = [q.index for q in paper.questions]
    assert len(picked) == len(set(picked)) == module.paper_size
    tested = {q.section for q in module.questions} - {None}
    assert tested <= {q.section for q in paper.questions}


@given(modules(), seeds)
def test_sections_share_places_in_proportion(module, seed):
    """Beyond the one each section is owed, places follow the stratum sizes (within one)."""
    paper = draw_paper(module, seed)
    sizes = Counter(q.section for q in module.questions)
    got = Counter(q.section for q in paper.questions)
    owed = {k: (0 if k is None else 1) for k in sizes}
    left = module.paper_size - sum(owed.values())
    room = sum(sizes[k] - owed[k] for k in sizes)
    for k in sizes:
        fair = owed[k] + (left * (sizes[k] - owed[k]) / room if room else 0)
        assert fair - 1 < got[k] < fair + 1


@given(modules(), seeds)
def test_same_seed_same_paper_and_the_record_round_trips(module, seed):
    paper = draw_paper(module, seed)
    assert draw_paper(module, seed) == paper
    assert Paper.from_dict(paper.to_dict()) == paper
    assert paper.grade([q.answer for q in paper.questions]) == [True] * len(paper.questions)


@given(modules(), seeds)
def test_single_choice_questions_come_first(module, seed):
    kinds = [q.type for q in draw_paper(module, seed).questions]
    assert kinds == sorted(kinds, key=lambda k: k != "single")


@settings(max_examples=examples(20))
@given(seeds)
def test_different_seeds_give_different_draws_and_orders(seed):
    bank = tuple(
        Question("single", f"第{n}题", ("甲", "乙", "丙", "丁"), frozenset({n % 4}), "", "", n % 3)
        for n in range(30)
    )
    module = StudyModule(
        "m", "study", "t", "1", SOURCE, "m.toml", "h", questions=bank, pass_mark=1, draw=10
    )
    first, second = draw_paper(module, seed), draw_paper(module, seed + 1)
    assert [q.index for q in first.questions] != [q.index for q in second.questions]
    assert [q.order for q in first.questions] != [q.order for q in second.questions]
