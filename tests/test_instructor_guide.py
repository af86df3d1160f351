"""The instructor's guide (issue: the instructor's kit, §1): a teaching page per chapter, checked
against its chapter and model, with a clear error for a guide that does not fit."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from nhsreform import instructor_guide
from nhsreform.instructor_guide import GuideError, guide_page, load_guide, read_chapter

from .conftest import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]-*.ipynb"))
GUIDES = instructor_guide.guide_files(ROOT)


def test_every_chapter_has_a_guide_and_no_guide_lacks_a_chapter():
    assert [p.stem for p in GUIDES] == [f"chapter-{p.name[:2]}" for p in CHAPTERS]


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.stem)
def test_each_guide_fits_its_chapter_and_renders_it(path):
    guide = load_guide(path, ROOT)
    chapter = guide["chapter"]
    page = guide_page(path, ROOT, {"Quiz": f"/keys/quiz-ch{chapter.number:02d}"})
    # What the page reads from the chapter, not from the guide: objectives and discussion questions.
    assert chapter.objectives and all(item in page for item in chapter.objectives)
    assert len(re.findall(r"^### Question \d+$", page, re.M)) == len(chapter.discussion)
    assert all(f"> {q}" in page for q in chapter.discussion)
    assert chapter.time_to_learn.startswith("about ") and chapter.time_to_learn in page
    # The plans run from 0:00 to 1:00 and to 2:00 with no gap.
    plans = re.split(r"^## A .* session$", page, flags=re.M)[1:3]
    for plan, end in zip(plans, ["1:00", "2:00"], strict=True):
        spans = re.findall(r"^- \*\*(\d:\d\d)–(\d:\d\d)\*\*", plan, re.M)
        assert spans[0][0] == "0:00" and spans[-1][1] == end
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    # The rubric's bands, one line each per criterion.
    assert page.count("- *Excellent (70 and above):*") == len(guide["seminar"]["rubric"])
    assert "not what happened in the NHS" in page  # a model is introduced as stylised
    assert "{doc}`quiz key </keys/quiz-ch" in page
    assert "<!--" not in page and "{term}" not in page and "{footcite" not in page


def test_discussion_questions_are_read_from_the_chapter():
    chapter = read_chapter(ROOT, 2)
    assert chapter.title.startswith("2. Targets")
    assert len(chapter.discussion) == 6
    assert chapter.discussion[1].startswith("Is a spike in departures just before four hours")
    assert "\n" not in chapter.discussion[0] and "  " not in chapter.discussion[0]


def _broken(tmp_path, change) -> str:
    """Load a copy of chapter 2's guide after ``change(guide)``; return the error message."""
    guide = yaml.safe_load((ROOT / "instructor" / "guide" / "chapter-02.yml").read_text(encoding="utf-8"))
    change(guide)
    path = tmp_path / "chapter-02.yml"
    path.write_text(yaml.safe_dump(guide, allow_unicode=True), encoding="utf-8")
    with pytest.raises(GuideError) as err:
        load_guide(path, ROOT)
    return str(err.value)


def _set(key, value):
    def change(guide):
        guide[key] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda g: g["session_60"][0].update(minutes=g["session_60"][0]["minutes"] + 5),
            r"chapter-02\.yml, session_60: the steps add up to 65 minutes, not 60",
        ),
        (
            lambda g: g["session_120"][0].update(minutes="ten"),
            r"session_120, step 1: minutes must be a whole number above 0, not 'ten'",
        ),
        (
            lambda g: g["model_in_class"].append({"scenario": "No such", "show": "x", "ask": "y"}),
            r"model_in_class, entry \d: 'No such' is not a scenario of target_gaming; "
            r"its scenarios: \['No target'",
        ),
        (
            lambda g: g["model_in_class"].append(
                {"settings": {"audit_chance": 1.5}, "show": "x", "ask": "y"}
            ),
            r"model_in_class, entry \d: target_gaming: audit_chance must be a number from 0 to 1 "
            r"probability; got 1.5 \(out of range\)",
        ),
        (
            lambda g: g["model_in_class"].append({"settings": {"audit": 0.5}, "show": "x", "ask": "y"}),
            r"model_in_class, entry \d: target_gaming: unknown parameter\(s\) \['audit'\]",
        ),
        (
            lambda g: g["model_in_class"].append(
                {"scenario": "No target", "settings": {}, "show": "x", "ask": "y"}
            ),
            r"give either 'scenario' or 'settings', not both",
        ),
        (lambda g: g["discussion"].pop(), r"chapter-02\.yml, discussion: expected 6 to 6 entries, found 5"),
        (
            lambda g: g["discussion"][1].update(question_starts="Is a target"),
            r"discussion, question 2: question_starts 'Is a target' does not begin the chapter's question 2",
        ),
        (
            lambda g: g["seminar"]["rubric"][0].update(weight=g["seminar"]["rubric"][0]["weight"] + 1),
            r"seminar, rubric: the weights add up to 101, not 100",
        ),
        (
            lambda g: g["seminar"]["rubric"][0].pop("weak"),
            r"seminar, rubric, criterion 1: missing \['weak'\]",
        ),
        (_set("facilitator", "x"), r"chapter-02\.yml: unknown \['facilitator'\]"),
        (_set("chapter", 3), r"'chapter' is 3; the file chapter-NN\.yml must name chapter NN"),
        (_set("big_idea", ""), r"big_idea: expected some text, found ''"),
        (
            lambda g: g["misconceptions"][0].pop("response"),
            r"misconceptions, entry 1: missing \['response'\]",
        ),
    ],
)
def test_a_guide_that_does_not_fit_is_refused_with_its_place_named(tmp_path, change, expected):
    assert re.search(expected, _broken(tmp_path, change)), _broken(tmp_path, change)


def test_a_guide_that_is_not_yaml_is_named(tmp_path):
    path = tmp_path / "chapter-02.yml"
    path.write_text("chapter: 2\nbig_idea: [unclosed\n", encoding="utf-8")
    with pytest.raises(GuideError, match=r"^chapter-02\.yml: not valid YAML"):
        load_guide(path, ROOT)


def test_the_command_checks_every_guide():
    run = subprocess.run(
        [sys.executable, "-m", "nhsreform.instructor_guide", str(ROOT)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count(": ok") == len(GUIDES) == len(CHAPTERS)
