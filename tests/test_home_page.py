"""The home page is a real start: what the course is, who it is for, how long it takes (a table
whose times are the notebooks' own "time to learn") and one prominent link to chapter 1, all on the
first screen of a laptop and of a phone. "How to use this course" is split into a students' and an
instructors' page, and nothing links to the old page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import ROOT, notebooks, toc_documents

INTRO = ROOT / "intro.md"
TIME = re.compile(r"\*\*Time to learn:\*\* about (\d+) minutes(?:, plus (\d+) minutes)?")
ROW = re.compile(
    r"^\| \{doc\}`[^<`]*<(chapters/[^>]+)>` \| (\d+) \+ (\d+) min \| "
    r"\{doc\}`[^<`]*<(exercises/[^>]+)>` \((\d+) min\) \|$",
    re.M,
)


def stated_minutes(notebook) -> tuple[int, ...]:
    """The notebook's own "time to learn", in minutes: (reading, quiz) or (exercise,)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    found = TIME.findall(text)
    assert len(found) == 1, f"{notebook.name}: expected one 'Time to learn' line, found {found}"
    return tuple(int(m) for m in found[0] if m)


def hours(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60} min" if minutes % 60 else f"{minutes // 60} h"


def intro() -> str:
    return INTRO.read_text(encoding="utf-8")


def test_the_time_table_has_every_chapter_and_exercise_with_the_notebooks_own_times():
    rows = ROW.findall(intro())
    listed = [r[0] for r in rows] + [r[3] for r in rows]
    book = [p.relative_to(ROOT).with_suffix("").as_posix() for p in notebooks()]
    assert sorted(listed) == sorted(book), "the table must list every chapter and exercise once"
    for chapter, reading, quiz, exercise, practice in rows:
        assert stated_minutes(ROOT / f"{chapter}.ipynb") == (int(reading), int(quiz)), chapter
        assert stated_minutes(ROOT / f"{exercise}.ipynb") == (int(practice),), exercise


def test_the_totals_are_the_sums_of_the_notebooks_times():
    text = intro()
    chapters = sum(sum(stated_minutes(p)) for p in sorted(ROOT.glob("chapters/*.ipynb")))
    exercises = sum(sum(stated_minutes(p)) for p in sorted(ROOT.glob("exercises/*.ipynb")))
    total = chapters + exercises
    assert f"| **All chapters** | **{chapters} min ({hours(chapters)})** |" in text
    assert f"| **All exercises: {exercises} min ({hours(exercises)})** |" in text
    assert f"In all: {total} min, that is {hours(total)}." in text
    # the first screen states the same total
    assert f"**Time:** {hours(total)} in all" in text.split("## ")[0]
    per_chapter = [sum(stated_minutes(p)) for p in ROOT.glob("chapters/*.ipynb")]
    per_exercise = [sum(stated_minutes(p)) for p in ROOT.glob("exercises/*.ipynb")]
    assert f"({min(per_chapter)} to {max(per_chapter)} min each)" in text.split("## ")[0]
    assert f"({min(per_exercise)} to {max(per_exercise)} min each)" in text.split("## ")[0]


def test_one_start_link_to_chapter_1_before_anything_else():
    text = intro()
    buttons = re.findall(r"```\{button-ref\} (\S+)\n(?::[^\n]*\n)*\n([^\n]+)\n```", text)
    assert len(buttons) == 1, buttons
    target, label = buttons[0]
    first = sorted(ROOT.glob("chapters/*.ipynb"))[0].relative_to(ROOT).with_suffix("").as_posix()
    assert target == first and label.startswith("**Start")
    minutes = sum(stated_minutes(ROOT / f"{first}.ipynb"))
    assert f"({minutes} min)" in label
    assert text.index("{button-ref}") < text.index("\n## "), "the Start link comes before the first section"


def test_no_short_chapters_claim():
    for name in ("README.md", "intro.md"):
        assert "short chapters" not in (ROOT / name).read_text(encoding="utf-8"), name


def test_how_to_use_is_split_into_a_students_and_an_instructors_page():
    assert toc_documents()[1:3] == ["students", "instructors"]
    assert not (ROOT / "how-to-use.md").exists()
    students = (ROOT / "students.md").read_text(encoding="utf-8")
    instructors = (ROOT / "instructors.md").read_text(encoding="utf-8")
    for heading in (
        "## Reading the book",
        "## Offline use",
        "## Quizzes",
        "## Models: in the book and live",
        "## Exercises, with or without code",
        "## Where to ask",
    ):
        assert heading in students
    for term in ("Search", "Dark mode", "glossary"):
        assert term in students
    assert "jupyter lab" not in students and "_config.yml" not in students, "instructor material"
    for heading in (
        "## Running the notebooks in class",
        "## Student copies of the exercises",
        "## Launch buttons: Binder, JupyterHub and Colab",
        "## Adapting the quizzes",
        "## Rebuilding, also without network access",
    ):
        assert heading in instructors
    pages = [
        ROOT / "README.md",
        INTRO,
        ROOT / "students.md",
        ROOT / "instructors.md",
        ROOT / "_toc.yml",
        *notebooks(),
        *ROOT.glob("tests/*.py"),
        *ROOT.glob("scripts/*.py"),
    ]
    pages.remove(Path(__file__))
    linking = [p.name for p in pages if "how-to-use" in p.read_text(encoding="utf-8")]
    assert not linking, f"still link to how-to-use: {linking}"


# --------------------------------------------------------------------------------------------
# The first screen, in the built book


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(1280, 720), (390, 844)], ids=["laptop", "phone"])
def test_first_screen_says_what_who_how_long_and_where_to_start(browser, site_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
        page.goto(f"{site_url}/intro.html")
        page.wait_for_load_state("networkidle")
        article = page.locator("article").first

        def on_first_screen(locator):
            box = locator.bounding_box()
            return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height

        start = article.locator("a", has_text="Start: chapter 1")
        assert start.count() == 1
        assert on_first_screen(start), "the Start link is below the first screen"
        assert start.get_attribute("href").startswith("chapters/01-")
        for text in ("Reforming the NHS from within", "students of health policy", "Time:"):
            assert on_first_screen(article.get_by_text(text, exact=False).first), text
    finally:
        context.close()
