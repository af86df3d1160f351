"""The quizzes cover the whole report (issue 10).

Each of the report's eleven proposals ("Where next for NHS reform?", pp 47–56, headings from the
contents page), its three complementary pairs (report-notes §7: key messages as reproduced by the
Socialist Health Association) and the four features of high performers (report-notes §6 and key
message 10: the publisher's key findings) must appear in at least one question of the course's
banks (``nhsreform/banks/*.yml``, chapter and exercise banks alike).

"Appears in a question" means one of the item's keywords below is in what a student reads before
answering: the prompt or an option's text (not only in feedback). The keywords were reviewed by
hand: each is specific to its item, so that a question matching it is about that item (the
heading's own words, or the phrase the sources use for it), not a passing word such as
"leadership" or "networks" alone.
"""

from __future__ import annotations

import re

import pytest
import yaml

from nhsreform.charts import proposals
from nhsreform.quiz_bank import BANK_DIR

# (name, [regular expressions, case-insensitive]); the name is what a failure reports.
PROPOSALS = [
    ("proposal 1: Embrace complementary approaches to reform (p 47)", [r"complementary approach"]),
    (
        "proposal 2: Demarcate the role of politicians (p 48)",
        [r"demarcat\w* the role of politicians", r"new (political )?settlement"],
    ),
    (
        "proposal 3: Promote transparency (p 50)",
        [r"promot\w* transparency", r"\btransparen(cy|t reporting)\b"],
    ),
    ("proposal 4: Enable devolution (p 50)", [r"enabl\w* devolution", r"\bdevolution\b"]),
    ("proposal 5: Be realistic about inspection and regulation (p 51)", [r"realistic about inspection"]),
    (
        "proposal 6: See competition as one means to improve care rather than a guiding principle (p 51)",
        [r"competition as one means", r"rather than a guiding principle"],
    ),
    (
        "proposal 7: Support integration of care (p 52)",
        [r"integration of care", r"integrat\w* health and social care"],
    ),
    (
        "proposal 8: Promote collaboration (p 53)",
        [r"promot\w* collaboration", r"collaboration with competition"],
    ),
    (
        "proposal 9: Strengthen leadership and develop skills for improvement (p 54)",
        [r"strengthen\w* leadership", r"skills for improvement"],
    ),
    (
        "proposal 10: Commit to continuous improvement over the longer term (p 55)",
        [r"continuous improvement over the longer term"],
    ),
    ("proposal 11: Focus on organisations and networks (p 55)", [r"organisations and networks"]),
]
PAIRS = [
    ("pair: national leadership with devolution", [r"national leadership (with|and) devolution"]),
    ("pair: collaboration with competition", [r"collaboration (with|and) competition"]),
    ("pair: innovation with standardisation", [r"innovation (with|and) standardisation"]),
]
FEATURES = [
    ("feature: leadership continuity", [r"leadership continuity", r"continuity of leadership"]),
    ("feature: organisational stability", [r"organisational stability"]),
    ("feature: a clear vision and improvement goals", [r"clear vision"]),
    ("feature: an explicit improvement methodology", [r"explicit improvement method"]),
]
ITEMS = PROPOSALS + PAIRS + FEATURES


def question_texts(banks: dict[str, dict]) -> list[tuple[str, str]]:
    """``(bank/question id, prompt and option texts)`` for every question of every bank."""
    out = []
    for name, bank in banks.items():
        for q in bank["questions"]:
            shown = [q["prompt"], *(o["text"] for o in q.get("options", []))]
            out.append((f"{name}/{q['id']}", " ".join(" ".join(str(t).split()) for t in shown)))
    return out


def uncovered(items, texts) -> list[str]:
    """The items none of whose keywords appears in any question, each with its keywords."""
    return [
        f"{name} (keywords: {', '.join(patterns)})"
        for name, patterns in items
        if not any(re.search(p, text, re.IGNORECASE) for p in patterns for _, text in texts)
    ]


def course_banks() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(BANK_DIR.glob("*.yml"))}


def test_every_proposal_pair_and_feature_appears_in_a_question():
    missing = uncovered(ITEMS, question_texts(course_banks()))
    assert not missing, (
        "The course's quiz banks (nhsreform/banks/*.yml) have no question whose prompt or options "
        "name:\n  " + "\n  ".join(missing)
    )


def test_the_item_lists_match_the_report():
    """Eleven proposals, three pairs, four features; each proposal's keywords match its own
    heading (so a typo cannot make a keyword that nothing would ever match), and no keyword
    matches another proposal's heading (so one question cannot stand in for two)."""
    assert (len(PROPOSALS), len(PAIRS), len(FEATURES)) == (11, 3, 4)
    headings = [name for name, _page, _label, _chapters in proposals.PROPOSALS]
    assert len(headings) == 11
    for (item, patterns), heading in zip(PROPOSALS, headings, strict=True):
        assert heading in item
        own = [p for p in patterns if re.search(p, heading, re.IGNORECASE)]
        assert own, f"no keyword of {item!r} matches its heading"
        for other in headings:
            if other != heading:
                assert not any(re.search(p, other, re.IGNORECASE) for p in own), (item, other)
    for (item, patterns), (name, _label, _chapters) in zip(PAIRS, proposals.PAIRS, strict=True):
        assert any(re.search(p, name, re.IGNORECASE) for p in patterns), (item, name)
    for (item, patterns), (name, _label, _chapters) in zip(FEATURES, proposals.FEATURES, strict=True):
        assert any(re.search(p, name, re.IGNORECASE) for p in patterns), (item, name)


def _bank(*prompts: str) -> dict[str, dict]:
    questions = [
        {"id": f"q{i}", "prompt": p, "options": [{"text": "An option", "feedback": "Why."}]}
        for i, p in enumerate(prompts)
    ]
    return {"chXX": {"questions": questions}}


def test_a_missing_item_is_named_with_its_keywords():
    texts = question_texts(_bank("Which pairs innovation with standardisation?"))
    missing = uncovered(PAIRS, texts)
    assert missing == [
        "pair: national leadership with devolution (keywords: national leadership (with|and) devolution)",
        "pair: collaboration with competition (keywords: collaboration (with|and) competition)",
    ]
    with pytest.raises(AssertionError, match="proposal 5: Be realistic about inspection"):
        assert not uncovered(PROPOSALS, texts), "\n".join(uncovered(PROPOSALS, texts))


def test_feedback_alone_does_not_count():
    bank = {
        "chXX": {
            "questions": [
                {
                    "id": "q",
                    "prompt": "Which is right?",
                    "options": [{"text": "This one", "feedback": "It shows organisational stability."}],
                }
            ]
        }
    }
    assert "feature: organisational stability" in uncovered(FEATURES, question_texts(bank))[1]
    assert not uncovered(FEATURES[1:2], question_texts(_bank("Why does organisational stability matter?")))
