"""Every built page in headless Chromium, served from 127.0.0.1 with no network.

For each page: nothing fails to load, no script error, no request leaves the machine, maths and
figures render, and axe-core finds no serious or critical accessibility violation (in light and
dark mode). Every quiz is answered by clicking and typing (one question from the keyboard alone),
and the feedback the student sees is
checked against the question bank.
"""

from __future__ import annotations

import html
import re

import pytest

from nhsreform.quiz_bank import load_bank
from nhsreform.text import inline_markdown

from .conftest import DRAW_EVERY_SECTION, ROOT, toc_documents

pytestmark = pytest.mark.browser

PAGES = [f"{doc}.html" for doc in toc_documents()] + ["genindex.html", "search.html"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_page_works_offline_and_passes_axe(open_page, path, mode):
    """One visit per page and colour mode: everything loads from this site, then axe-core."""
    page, log = open_page(path, color_scheme=mode)
    check_offline(page, log)
    check_axe(page, mode)


def check_offline(page, log) -> None:
    assert log.external == [], "requests tried to leave the machine"
    assert log.failed == [], "some files failed to load"
    assert log.page_errors == [], "uncaught JavaScript errors"
    assert log.console_errors == [], "errors in the browser console"
    # Every font the page's style sheets declare can be loaded from this site (fonts are
    # fetched only when a glyph needs them, so check them all, not just those used this time).
    fonts = page.evaluate("""() => Array.from(document.styleSheets)
        .flatMap(s => { try { return Array.from(s.cssRules); } catch (e) { return []; } })
        .filter(r => r.constructor.name === 'CSSFontFaceRule')
        .flatMap(r => [...r.style.getPropertyValue('src').matchAll(/url\\("?([^")]+)"?\\)/g)]
            .map(m => new URL(m[1],
                (r.parentStyleSheet && r.parentStyleSheet.href) || document.baseURI).href))""")
    for url in sorted(set(fonts)):
        assert url.startswith(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2]), url
        assert page.request.get(url).status == 200, f"font not found: {url}"
    # Every image in the page content has a real description, not a file name.
    for alt in page.locator("article img").evaluate_all("els => els.map(e => e.getAttribute('alt'))"):
        assert alt and alt.strip(), "an image has no alt text"
        assert not re.search(r"\.(png|svg|jpe?g)$", alt.strip(), re.I), f"alt text is a file name: {alt}"


def check_axe(page, mode: str) -> None:
    # No colour transitions while axe measures contrast (it would catch colours mid-fade).
    page.add_style_tag(
        content="*, *::before, *::after { transition: none !important; animation: none !important; }"
    )
    # axe reads colours where an element is drawn: every section drawn, as each is when reached.
    page.add_style_tag(content=DRAW_EVERY_SECTION)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    # No exceptions, the theme's own buttons included (their markup is mended by
    # _ext/offline_assets.py).
    problems = []
    for v in result["violations"]:
        if v["impact"] not in ("serious", "critical"):
            continue
        for node in v["nodes"]:
            target = " ".join(map(str, node["target"]))
            problems.append(f"{v['id']} ({v['impact']}): {target}: {node['failureSummary']}")
    assert problems == [], "\n".join(problems)


def _quiz_pages():
    pages = []
    for doc in toc_documents():
        for suffix in (".ipynb", ".md"):
            src = ROOT / f"{doc}{suffix}"
            if src.exists() and "show_quiz(" in src.read_text(encoding="utf-8"):
                pages.append(f"{doc}.html")
    return pages


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", markup))).strip()


def _answer(page, form, q, right: bool):
    """Fill one question's form with a right or wrong answer; return the expected feedback."""
    if q.type == "numeric":
        value = q.answer if right else q.answer + 10 * (q.tolerance + 1)
        form.locator("input[type=text]").fill(f"{value:g}")
        slip = next((s.feedback for s in q.slips if s.matches(value)), None)  # a known slip's own feedback
        return [q.feedback.correct if right else slip or q.feedback.too_high]
    want = (
        sorted(q.correct_indices)
        if right
        else [next(i for i in range(len(q.options)) if i not in q.correct_indices)]
    )
    # Inputs are in display order; each one's value is the option's index in the bank.
    for i in range(len(q.options)):
        box = form.locator(f"input[value='{i}']")
        if box.is_checked() != (i in want):
            form.locator(f"label[for='{box.get_attribute('id')}']").click()
    return [q.options[i].feedback for i in want]


def check_keyboard_answer(page, quiz) -> None:
    """A single-choice question answered with the keyboard alone, then the quiz started again."""
    bank = load_bank(quiz.get_attribute("id").removeprefix("quiz-"))
    k, q = next((k, q) for k, q in enumerate(bank.questions) if q.type == "single")
    form = quiz.locator("form.nhsq-q").nth(k)
    form.locator("input").first.focus()
    page.keyboard.press("Space")  # selects the first option shown
    for _ in range(bank.display_order(q).index(min(q.correct_indices))):
        page.keyboard.press("ArrowDown")  # arrow keys move the choice within the group
    page.keyboard.press("Tab")  # the group is one tab stop; next is the Check button
    page.keyboard.press("Enter")
    feedback = form.locator(".nhsq-feedback")
    assert feedback.inner_text().startswith("✔ Correct.")
    assert quiz.locator(".nhsq-score").inner_text() == f"Score: 1 of {len(bank.questions)} correct"
    quiz.get_by_role("button", name="Try again").click()
    assert quiz.locator(".nhsq-feedback:not(:empty)").count() == 0


@pytest.mark.parametrize("path", _quiz_pages())
def test_quizzes_answer_from_the_keyboard_and_by_clicking(open_page, path):
    page, log = open_page(path)
    quizzes = page.locator("[data-nhsq]")
    assert quizzes.count() >= 1, "the page should show its quiz as HTML"
    check_keyboard_answer(page, quizzes.first)
    for n in range(quizzes.count()):
        quiz = quizzes.nth(n)
        bank = load_bank(quiz.get_attribute("id").removeprefix("quiz-"))
        forms = quiz.locator("form.nhsq-q")
        assert forms.count() == len(bank.questions)
        score = quiz.locator(".nhsq-score")
        assert score.inner_text() == f"Score: 0 of {len(bank.questions)} correct"
        for k, q in enumerate(bank.questions):
            form = forms.nth(k)
            feedback = form.locator(".nhsq-feedback")
            assert feedback.get_attribute("role") == "status"  # announced by screen readers
            # A wrong answer first: the verdict and that option's explanation.
            expected = _answer(page, form, q, right=False)
            form.get_by_role("button", name=re.compile("^Check")).click()
            assert feedback.inner_text().startswith("✘ Not quite.")
            for line in expected:
                assert _text(inline_markdown(line)) in _text(feedback.inner_html())
            # Then the right answer.
            expected = _answer(page, form, q, right=True)
            form.get_by_role("button", name=re.compile("^Check")).click()
            assert feedback.inner_text().startswith("✔ Correct.")
            for line in expected:
                assert _text(inline_markdown(line)) in _text(feedback.inner_html())
            assert score.inner_text() == f"Score: {k + 1} of {len(bank.questions)} correct"
        quiz.get_by_role("button", name="Try again").click()
        assert score.inner_text() == f"Score: 0 of {len(bank.questions)} correct"
        assert quiz.locator(".nhsq-feedback:not(:empty)").count() == 0
    assert log.page_errors == [] and log.console_errors == []


def test_maths_and_model_fallback_render(open_page):
    page, _ = open_page("chapters/01-why-how-we-reform-matters.html")
    # Formulas are MathML in the page (the formula may sit in a closed "Model details" box);
    # the browser draws them itself, with no script.
    page.wait_for_selector("math", state="attached", timeout=10000)
    assert page.evaluate("typeof window.MathJax") == "undefined"
    note = page.get_by_text("Move a control to change a setting")
    assert note.count() == 1, "the model explorer should explain itself without a kernel"
    figure = page.locator("figure.nhs-figure img").first
    assert "initiatives" in figure.get_attribute("alt")


def test_search_works_offline(open_page):
    page, log = open_page("search.html?q=four-hour")
    page.wait_for_selector("#search-results li", timeout=15000)
    results = page.locator("#search-results li a").all_inner_texts()
    assert any("four-hour" in r.lower() or "Why how we reform" in r for r in results), results
    assert log.external == [] and log.page_errors == []


CHAPTER_PAGES = [f"{doc}.html" for doc in toc_documents() if doc.startswith("chapters/")]


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_chapters_show_no_code_and_tables_fit_a_phone(open_page, path):
    """A chapter reads without code: no input cell is shown (tables and figures are outputs).
    On a 390 px phone its tables stay inside the screen and scroll in their own box, and each
    one that scrolls shows its "scroll" hint."""
    page, log = open_page(path)
    visible_code = page.locator("div.cell_input").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => e.innerText.slice(0, 80))"
    )
    assert visible_code == [], f"{path}: code shown to readers: {visible_code}"
    assert page.locator(".highlight-ipython3").count() == 0, f"{path}: a code block in the reading"
    tables = page.locator("div.nhs-table")
    assert tables.count() >= 1, f"{path}: the model's scenario table (show_table) is missing"
    for i in range(tables.count()):
        region = tables.nth(i)
        assert region.get_attribute("role") == "region" and region.get_attribute("aria-label")
        assert region.locator("th.row_heading, th.blank").count() == 0, "no pandas index"
    details = page.locator("div.dropdown.admonition")
    assert details.count() >= 1, f"{path}: no collapsible boxes"
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    for i in range(tables.count()):
        region = tables.nth(i)
        if not region.is_visible():  # inside a closed "Model details" box
            continue
        right = region.evaluate("e => e.getBoundingClientRect().right")
        assert right <= 391, f"{path}: table {i} runs off a 390 px screen (right edge {right:.0f}px)"
        scrolls = region.evaluate("e => e.scrollWidth > e.clientWidth + 1")
        hint = region.locator("xpath=../p[contains(@class, 'nhs-table__hint')]")
        if scrolls:
            assert hint.count() == 1 and hint.is_visible(), f"{path}: table {i} scrolls with no hint"
    assert log.page_errors == [] and log.console_errors == []
