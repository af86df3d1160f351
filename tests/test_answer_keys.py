"""The instructor's edition (issue: the instructor's kit): answer keys for every quiz and exercise,
written from the banks and notebooks themselves, built strictly by the README's build command with
``--instructor``, and absent from the student book."""

from __future__ import annotations

import html
import re

import nbformat
import pytest
import yaml

from nhsreform import answer_keys, grading, instructor_guide
from nhsreform.quiz_bank import Numeric, bank_names, load_bank
from nhsreform.quiz_html import render_quiz_html
from nhsreform.student_copies import is_solution

from .conftest import ROOT, build_edition, open_quietly, serving_folder
from .test_site_browser import check_axe

BANKS = bank_names()
EXERCISES = sorted((ROOT / "exercises").glob("[0-9][0-9]-*.ipynb"))
OPTION = re.compile(r"^- \*\*([A-Z])\.\*\* (.*) \*\*(✔ right|✘ wrong)\*\*\\$", re.M)


def _shown_order(name: str) -> dict[str, list[str]]:
    """Each choice question's option texts in the order the student book shows them (its HTML)."""
    markup = render_quiz_html(load_bank(name), f"quiz-{name}")
    orders = {}
    form_re = rf'<form class="nhsq-q" id="quiz-{re.escape(name)}-([\w-]+)">(.*?)</form>'
    for form in re.finditer(form_re, markup, re.S):
        labels = re.findall(r"<label [^>]*>(.*?)</label>", form.group(2), re.S)
        orders[form.group(1)] = [html.unescape(re.sub(r"<[^>]+>", "", x)) for x in labels]
    return orders


def _plain(markdown: str) -> str:
    return re.sub(r"[*_`]", "", markdown)


def test_bank_names_are_every_bank():
    assert BANKS == sorted(p.stem for p in (ROOT / "nhsreform" / "banks").glob("ch*.yml"))
    assert "ch01" in BANKS and "ch12-exercise" in BANKS


@pytest.mark.parametrize("name", BANKS)
def test_every_question_is_in_the_key_with_its_answer_and_every_feedback(name):
    bank = load_bank(name)
    key = answer_keys.quiz_key(name)
    sections = re.split(r"^## Question \d+$", key, flags=re.M)[1:]
    assert len(sections) == len(bank.questions)
    shown = _shown_order(name)
    for q, section in zip(bank.questions, sections, strict=True):
        assert f"Question id: `{q.id}`" in section
        if isinstance(q, Numeric):
            assert re.search(
                rf"\*\*Answer: {re.escape(f'{q.answer:,.10g}')}|\*\*Answer: {q.answer:.10g}", section
            )
            for text in [
                q.feedback.correct,
                q.feedback.too_low,
                q.feedback.too_high,
                *(s.feedback for s in q.slips),
            ]:
                assert text.strip() in section
            continue
        options = OPTION.findall(section)
        # Lettered in the order the student book shows them, each marked as the bank marks it.
        assert [_plain(text) for _, text, _ in options] == [_plain(t) for t in shown[q.id]]
        truth = {_plain(o.text.strip()): o.correct for o in q.options}
        for letter, text, mark in options:
            assert truth[_plain(text)] == (mark == "✔ right"), (q.id, letter)
        right = [letter for letter, _, mark in options if mark == "✔ right"]
        assert f"**Answer: {', '.join(right)}**" in section
        for option in q.options:
            assert option.feedback.strip() in section


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_every_exercise_task_is_in_the_key_with_its_solution_and_expected_value(path):
    key = answer_keys.exercise_key(path)
    nb = nbformat.read(path, as_version=4)
    solutions = [c.source.strip() for c in nb.cells if c.cell_type == "code" and is_solution(c)]
    assert solutions
    for code in solutions:
        assert f"```python\n{code}\n```" in key
    tasks = re.findall(r"""\bcheck\(\s*["']([\w-]+)["']""", "\n".join(solutions))
    for task in tasks:
        assert re.search(rf"- \*\*Answer:\*\* \S.* \(the check `{task}`\)\.", key), task
    assert "<!--" not in key and "{term}" not in key and "](#" not in key
    # A written answer: its marking guide right beside the task, before the next task.
    for task in grading.tasks(nb, path.name):
        if not task.written:
            continue
        heading = f"## {task.label}: {task.title}"
        section = key[key.index(heading) :]
        section = section[: section.find("\n## ", 1) if "\n## " in section[1:] else None]
        assert "Marked by hand, with this guide:" in section, path.name
        assert "> **Marking guide" in section and f"({task.marks} marks, marked by hand)" in section
        for k in task.guides:
            guide = grading.guide_text(nb.cells[k].source)
            first_point = re.search(r"^(?:\d+\.|-) +(.{1,20})", guide, re.M).group(1)
            assert first_point in section, (path.name, first_point)


def test_a_task_checked_under_an_unknown_name_is_reported(tmp_path):
    nb = nbformat.read(EXERCISES[0], as_version=4)
    cell = next(c for c in nb.cells if is_solution(c))
    cell.source = "# Solution\ncheck('no-such-task', 1)"
    broken = tmp_path / EXERCISES[0].name
    nbformat.write(nb, broken)
    with pytest.raises(KeyError, match=rf"{EXERCISES[0].name}: task 1 checks 'no-such-task'"):
        answer_keys.exercise_key(broken)


def test_the_instructor_config_lays_its_settings_over_the_courses():
    base = {"title": "A", "sphinx": {"local_extensions": {"x": "_ext", "y": "_ext"}, "config": {"a": 1}}}
    over = {"title": "B", "sphinx": {"local_extensions": {"y": None}}}
    assert answer_keys._merge(base, over) == {
        "title": "B",
        "sphinx": {"local_extensions": {"x": "_ext"}, "config": {"a": 1}},
    }


@pytest.fixture(scope="module")
def instructor_site():
    return build_edition("--instructor", "instructor/_build/html")


def test_the_instructor_edition_builds_strictly_with_every_key(instructor_site):
    for name in BANKS:
        assert (instructor_site / "keys" / f"quiz-{name}.html").is_file(), name
    for path in EXERCISES:
        assert (instructor_site / "keys" / f"exercise-{path.stem}.html").is_file(), path.name
    for path in instructor_guide.guide_files(ROOT):
        guide_html = (instructor_site / "guide" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert "Points a good answer makes" in guide_html and "Marking rubric" in guide_html, path.name
    # The phrases the student book is searched for are found where they are (the search can fail).
    words = " ".join(
        page_words(p.read_text(encoding="utf-8")) for p in (instructor_site / "guide").glob("*.html")
    )
    missing = [phrase for phrase in guide_phrases() if phrase not in words]
    assert not missing, missing
    for path in EXERCISES:  # each written answer's marking guide, beside its task
        page = (instructor_site / "keys" / f"exercise-{path.stem}.html").read_text(encoding="utf-8")
        assert "Marked by hand, with this guide:" in page and "Marking guide" in page, path.name
    page = (instructor_site / "keys" / "quiz-ch02.html").read_text(encoding="utf-8")
    assert "Answer: " in page and "instructor’s edition" in page
    assert (
        '<meta content="noindex, nofollow" name="robots"' in page or 'name="robots" content="noindex' in page
    )


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_instructor_pages_work_offline_and_pass_axe(instructor_site, browser, mode):
    with serving_folder(instructor_site) as url:
        context = browser.new_context(color_scheme=mode)
        context.add_init_script(
            f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
        )
        try:
            for path in [
                "index.html",
                "guide/chapter-02.html",
                "keys/quiz-ch09.html",
                "keys/exercise-09-funnel-plots.html",
            ]:
                page = context.new_page()
                outside, failed = [], []
                page.on(
                    "request",
                    lambda r, out=outside: None if r.url.startswith(url + "/") else out.append(r.url),
                )
                page.on("response", lambda r, bad=failed: bad.append(r.url) if r.status >= 400 else None)
                open_quietly(page, f"{url}/{path}")
                assert outside == [] and failed == [], (path, outside, failed)
                check_axe(page, mode)
                page.close()
        finally:
            context.close()


def page_words(markup: str) -> str:
    """A page's text as words: tags, entities, emphasis marks and curly quotes evened out."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    text = text.translate(str.maketrans("‘’“”", "''\"\"", "*_`"))
    return " ".join(text.split())


def guide_phrases() -> list[str]:
    """Phrases only the guide holds: from each chapter's big idea, first facilitator note and
    seminar question, the first eight words in a row that no chapter has (a guide may quote the
    report, as its chapter does)."""
    chapters = page_words(
        " ".join(
            cell.source
            for path in sorted((ROOT / "chapters").glob("[0-9][0-9]-*.ipynb"))
            for cell in nbformat.read(path, as_version=4).cells
        )
    )
    found = []
    for path in instructor_guide.guide_files(ROOT):
        guide = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in (guide["big_idea"], guide["discussion"][0]["points"][0], guide["seminar"]["question"]):
            words = text.split()
            phrases = (page_words(" ".join(words[k : k + 8])) for k in range(0, max(1, len(words) - 7), 4))
            phrase = next((p for p in phrases if p not in chapters), None)
            assert phrase, f"{path.name}: every phrase of {text[:60]!r} is in a chapter"
            found.append(phrase)
    return found


def test_the_student_book_has_no_answer_key_and_no_guide(built_site):
    assert not (built_site / "keys").exists() and not (built_site / "guide").exists()
    phrases = guide_phrases()
    assert len(phrases) == 3 * len(list((ROOT / "chapters").glob("[0-9][0-9]-*.ipynb")))
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "instructor’s edition (guide and answer keys)" not in text, page  # the edition's title
        # The guide's own headings and band labels (the capstone exercise has a rubric of its
        # own, so "Marking rubric" alone would not tell them apart).
        assert "Points a good answer makes" not in text, page
        assert instructor_guide.BANDS["excellent"] not in text, page
        words = page_words(text)
        for phrase in phrases:
            assert phrase not in words, (page, phrase)
        assert "Question id: " not in text and "Worked solution:" not in text, page
        assert not re.search(r"\(the check <code", text), page


def test_the_book_shows_each_written_answers_marking_guide_folded(built_site):
    """Students of the course book (which shows worked solutions behind a toggle) find each
    written answer's marking guide folded under the task, opened with a keyboard-operable button."""
    from bs4 import BeautifulSoup

    for path in EXERCISES:
        page = built_site / "exercises" / f"{path.stem}.html"
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        boxes = [
            box
            for box in soup.select("div.admonition.dropdown")
            if box.select_one(".admonition-title").get_text(strip=True).startswith("Marking guide")
        ]
        assert len(boxes) == 1, path.name
        heading = boxes[0].find_previous(["h2", "h3"])
        assert re.match(r"Task \d+: .*marked by hand\)", heading.get_text(strip=True)), path.name
