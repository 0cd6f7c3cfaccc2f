"""A drawn quiz paper as JSON and as a plain Chinese text paper for the terminal or a printer."""

from __future__ import annotations

from typing import Any

from xiaoneng.checklists.numerals import to_chinese
from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.paper import LETTERS, Paper

TYPE_HEADINGS = {
    "single": "单选题（每题只有一个正确答案）",
    "multiple": "多选题（选出全部正确答案，多选、少选均不得分）",
}


def paper_json(paper: Paper) -> dict[str, Any]:
    """module, version, seed and the questions as shown; `index` and `order` tie each back
    to the bank (questions[index], and the bank choice shown at each position)."""
    return {
        "module": paper.module,
        "version": paper.version,
        "seed": paper.seed,
        "hash": paper.hash,
        "questions": [
            {
                "text": q.text,
                "choices": list(q.choices),
                "answer": q.answer_letters(),
                "ref": q.ref,
                "type": q.type,
                "index": q.index,
                "order": list(q.order),
                "explanation": q.explanation,
            }
            for q in paper.questions
        ],
    }


def paper_text(paper: Paper, module: StudyModule) -> str:
    singles = sum(q.type == "single" for q in paper.questions)
    multiples = len(paper.questions) - singles
    lines = [
        f"{module.title}　测验",
        f"模块 {paper.module}　第 {paper.version} 版　抽题号 {paper.seed}"
        f"（用 --seed {paper.seed} 可得到同一份试卷）",
        f"共 {len(paper.questions)} 题（单选 {singles} 题，多选 {multiples} 题），"
        f"答对 {module.pass_mark} 题为通过。",
    ]
    heading = 0
    current = ""
    for n, q in enumerate(paper.questions, 1):
        if q.type != current:
            current = q.type
            heading += 1
            lines += ["", f"{to_chinese(heading)}、{TYPE_HEADINGS.get(q.type, q.type)}"]
        lines.append(f"{n}. {q.text}")
        lines += [f"   {LETTERS[k]}. {choice}" for k, choice in enumerate(q.choices)]
    lines += ["", "答案与依据"]
    lines += [f"{n}. {q.answer_letters()}　依据：{q.ref}" for n, q in enumerate(paper.questions, 1)]
    return "\n".join(lines)
