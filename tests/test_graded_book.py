"""The edition without worked solutions (issue: the instructor's kit, §1, for courses that grade
the exercises): built strictly by the README's build command with ``--graded``; no worked
solution in any page or download, no page pointing to one, and the exercises still set."""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from nhsreform import book_pdf

from .conftest import ROOT, build_edition

#: A slow file (a whole edition built): handed out early, see tests/conftest.py.
SLOW = True

#: Run after the course book, whose drawn explorer states the edition starts from.
AFTER_THE_BOOK = True

EXERCISES = sorted((ROOT / "exercises").glob("[0-9][0-9]-*.ipynb"))
#: "solution" in the report's own sense, not an exercise's.
ALLOWED = ("locally derived solutions", "diverse solutions")


BUILD_LOG: list[str] = []


@pytest.fixture(scope="module")
def graded_site(built_site):
    return build_edition("--graded", "graded/_build/html", BUILD_LOG)


def test_only_the_exercises_run_again_for_the_edition(graded_site):
    """The chapters come from the course book's execution cache; the student copies are new."""
    ran = re.findall(r"running (\d+) notebooks in parallel", BUILD_LOG[0])
    assert ran in ([], [str(len(EXERCISES))]), ran  # none when the copies were run before
    assert "course inputs changed: dropping the execution cache" not in BUILD_LOG[0]


def _text(markup: str) -> str:
    article = markup.split("<article", 1)[-1].split("</article>", 1)[0]
    text = html.unescape(re.sub(r"<[^>]+>", " ", article)).replace("’", "'")
    return " ".join(text.split())


def _squash(text: str) -> str:
    """Text without white space: code is highlighted token by token, so spacing differs."""
    return re.sub(r"\s+", "", text)


def _pages(site):
    return [
        p
        for p in site.rglob("*.html")
        if "_static" not in p.parts and p.name not in {"genindex.html", "search.html"}
    ]


def _solution_lines() -> list[str]:
    found = []
    for path in EXERCISES:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and cell.source.lstrip().startswith("# Solution"):
                found.append(_squash(max(cell.source.splitlines()[1:], key=len)))
    return found


def test_every_page_of_the_book_is_in_the_edition(graded_site):
    for page in book_pdf.reading_order(ROOT):
        assert (graded_site / f"{page.doc}.html").is_file(), page.doc
    title = "edition without worked solutions"
    assert title in (graded_site / "intro.html").read_text(encoding="utf-8")


def test_no_page_or_download_holds_a_worked_solution(graded_site, built_site):
    lines = _solution_lines()
    fragments = book_pdf.solution_fragments(ROOT)
    assert len(lines) >= 60 and len(fragments) >= 5
    book = [_squash(_text(p.read_text(encoding="utf-8"))) for p in (built_site / "exercises").glob("*.html")]
    assert all(any(line in text for text in book) for line in lines)  # the course book has each
    for page in _pages(graded_site):
        markup = page.read_text(encoding="utf-8")
        text = _text(markup)
        assert "# Solution" not in markup, page
        squashed = _squash(text)
        for line in lines:
            assert line not in squashed, (page, line)
        if page.parent.name == "exercises":  # the fragments are the exercises' (a chapter
            for fragment in fragments:  # may say the same in its own right)
                assert fragment not in text, (page, fragment)
    downloads = [*graded_site.glob("_sources/**/*.ipynb"), *graded_site.glob("_downloads/**/*.ipynb")]
    assert downloads, "the pages' download buttons give notebooks"
    for notebook in downloads:
        assert "# Solution" not in notebook.read_text(encoding="utf-8"), notebook


def test_no_page_points_to_a_solution_or_to_the_no_code_route(graded_site):
    for page in _pages(graded_site):
        if page.name == "instructors.html":  # the instructors' page describes the course's tools
            continue
        text = _text(page.read_text(encoding="utf-8"))
        mentions = [
            m
            for m in re.findall(r"[^.]{0,60}\bsolutions?\b[^.]{0,60}", text, re.I)
            if not any(allowed in m for allowed in ALLOWED)
        ]
        assert mentions == [], page
        assert "not using Python" not in text and "spreadsheet steps" not in text, page


def test_the_exercises_are_still_set(graded_site):
    for path in EXERCISES:
        text = _text((graded_site / "exercises" / f"{path.stem}.html").read_text(encoding="utf-8"))
        assert "Task 1" in text, path.name
        if path.stem != "12-capstone-reform-programme":  # the capstone's tasks are written
            assert "# your code here" in text and "check(" in _squash(text), path.name
