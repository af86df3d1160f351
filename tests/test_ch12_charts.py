"""Chapter 12's course map (``nhsreform.charts.proposals``): what tests/test_charts.py CASES and
tests/test_figure_text.py do not cover, namely the report's facts the map holds and the errors a
damaged map gets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nhsreform.charts import proposals  # noqa: E402

CHAPTER = Path(__file__).resolve().parent.parent / "chapters" / "12-where-next.ipynb"

#: The eleven headings of "Where next for NHS reform?" and their pages, as on the report's
#: contents page (pp 1–2).
CONTENTS = [
    ("Embrace complementary approaches to reform", 47),
    ("Demarcate the role of politicians", 48),
    ("Promote transparency", 50),
    ("Enable devolution", 50),
    ("Be realistic about inspection and regulation", 51),
    ("See competition as one means to improve care rather than a guiding principle", 51),
    ("Support integration of care", 52),
    ("Promote collaboration", 53),
    ("Strengthen leadership and develop skills for improvement", 54),
    ("Commit to continuous improvement over the longer term", 55),
    ("Focus on organisations and networks", 55),
]


def test_the_proposals_are_the_reports_headings_in_order_with_their_pages():
    assert [(name, page) for name, page, _label, _chapters in proposals.PROPOSALS] == CONTENTS
    labels = [label for _name, _page, label, _chapters in proposals.PROPOSALS]
    assert [int(label.split()[0]) for label in labels] == list(range(1, 12)), "numbered 1 to 11"


def test_the_map_has_every_idea_once_and_chapter_12_discusses_every_proposal():
    course = proposals.course_map()
    counts = course["group"].value_counts().to_dict()
    assert counts == {"proposal": 11, "feature": 4, "approach": 3, "shift": 3, "pair": 3}
    assert course["idea"].is_unique and course["label"].is_unique
    for chapters in course.loc[course["group"] == "proposal", "chapters"]:
        assert "12" in chapters.split(", ")
    taught = {int(c) for text in course["chapters"] for c in text.split(", ")}
    assert taught == set(proposals.CHAPTERS), "every chapter of the course teaches at least one idea"


def _chapters_named(text: str) -> set[int]:
    """Chapter numbers a passage names: "chapter 4", "Chapter 9's", "chapters 6 and 7", or a link
    such as {doc}`04-competition-and-choice`."""
    found = {int(n) for n in re.findall(r"\{doc\}`(\d\d)-", text)}
    for m in re.finditer(r"[Cc]hapters? (\d+)((?:(?:, | and | to )\d+)*)", text):
        found |= {int(n) for n in re.findall(r"\d+", m.group(0))}
    return found


def test_the_map_names_every_chapter_the_proposals_text_names():
    """Chapter 12's text for each proposal ("In this course" and "The strongest argument
    against") and the course map must agree: the map lists every chapter the text names."""
    nb = json.loads(CHAPTER.read_text(encoding="utf-8"))
    cells = {c.get("id"): "".join(c["source"]) for c in nb["cells"]}
    problems = []
    for number, (_name, _page, label, chapters) in enumerate(proposals.PROPOSALS, start=1):
        text = cells[f"c12-p{number:02d}"]
        named = _chapters_named(text.split("**In this course.**", 1)[1])
        missing = sorted(named - set(chapters))
        if missing:
            problems.append(f"{label}: the text names chapter(s) {missing}, the map has {chapters}")
    assert not problems, "\n".join(problems)


def test_alt_text_follows_the_map():
    course = proposals.course_map()
    course.loc[course["label"] == "5 Realistic inspection", "chapters"] = "2, 3, 4, 5, 7, 9, 12"
    fig, alt = proposals.plot_course_map(course)
    plt.close(fig)
    assert 'Taught in the most chapters, 7: "5 Realistic inspection".' in alt


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: d.drop(columns="chapters"), r"lacks column\(s\) \['chapters'\]"),
        (lambda d: d.iloc[0:0], "has no rows"),
        (lambda d: d.assign(group=d["group"].replace("pair", "pairs")), "unknown group 'pairs'"),
        (lambda d: d.assign(chapters=d["chapters"].replace("1, 2", "1, two")), "chapters must be numbers"),
        (lambda d: d.assign(chapters=d["chapters"].replace("1, 2", "1, 13")), r"chapter\(s\) \[13\]"),
    ],
    ids=["missing-column", "empty", "bad-group", "not-a-number", "no-such-chapter"],
)
def test_a_damaged_map_is_refused_naming_the_problem(damage, message):
    open_before = set(plt.get_fignums())
    with pytest.raises(ValueError, match=message):
        proposals.plot_course_map(damage(proposals.course_map()))
    assert set(plt.get_fignums()) == open_before, "no half-drawn figure is left open"


def test_a_map_that_is_not_a_table_is_refused():
    with pytest.raises(TypeError, match="expected the course map"):
        proposals.plot_course_map([("proposal", "x", "x", 47, "12")])
