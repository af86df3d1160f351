"""The whole book as an A4 PDF (issue: the instructor's kit, §3): both editions printed from the
built book by Debian's Chromium, read back with pdfium (text, pages) and pypdf (bookmarks and
named destinations), and a page rendered."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import threading
import unicodedata

import nbformat
import pypdf
import pypdfium2
import pytest

from nhsreform import book_pdf

from .conftest import ROOT

A4_POINTS = (595.3, 841.9)


#: A slow file (the book printed twice): handed out early, see tests/conftest.py.
SLOW = True


@pytest.fixture(scope="module")
def pdfs(built_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("book-pdf")
    lines = []
    written = book_pdf.write_book_pdfs(ROOT, built_site, out, progress=lines.append)
    return {p.stem.removeprefix("book-"): p for p in written}, lines


def _words(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


@pytest.fixture(scope="module")
def texts(pdfs):
    """Each edition's text, page by page."""
    found = {}
    for edition, path in pdfs[0].items():
        document = pypdfium2.PdfDocument(path)
        found[edition] = [_words(page.get_textpage().get_text_range()) for page in document]
    return found


def solution_lines() -> list[str]:
    """From every worked-solution cell, its longest line: code that only the solution holds."""
    lines = []
    for path in sorted((ROOT / "exercises").glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and cell.source.lstrip().startswith("# Solution"):
                longest = max(cell.source.splitlines()[1:], key=len)
                lines.append(_words(longest)[:60])
    return lines


def test_both_editions_are_written_with_progress(pdfs):
    written, lines = pdfs
    assert sorted(written) == ["instructor", "student"]
    # The bundle's test may be printing the same book on the other worker: this one then waits
    # for it and says so, then copies the book it printed.
    for k, line in enumerate(lines):
        if "waiting" in line:
            assert re.fullmatch(r"\[[12]/2\] waiting for another printing of the \w+ edition to finish", line)
            assert "unchanged since it was last printed" in lines[k + 1], lines
    lines = [line for line in lines if "waiting" not in line]
    assert lines[0] in {  # printed, or copied when the bundle's test printed this book first
        "[1/2] printing the student edition (two printings, about 40 s)",
        "[1/2] the student edition: the book is unchanged since it was last printed",
    }
    assert re.fullmatch(r"\[1/2\] book-student\.pdf: \d+ pages", lines[1]), lines
    assert re.fullmatch(r"\[2/2\] book-instructor\.pdf: \d+ pages", lines[3]), lines


def test_an_unchanged_book_is_copied_from_the_cache_not_printed_again(pdfs, texts, built_site, tmp_path):
    said = []
    again = book_pdf.write_book_pdf(ROOT, built_site, tmp_path / "again.pdf", "student", printing=said.append)
    assert said == [False]
    kept = sorted((built_site.parent / book_pdf.CACHE_FOLDER).glob("*.pdf"))
    assert [p.name.rsplit("-", 1)[0] for p in kept] == ["book-instructor", "book-student"]  # one each
    assert again.read_bytes() == kept[1].read_bytes()
    # The same book as printed above (not the same bytes: each printing has its own date and ID,
    # and the bundle's test may have printed it too).
    document = pypdfium2.PdfDocument(again)
    assert [_words(page.get_textpage().get_text_range()) for page in document] == texts["student"]


def test_the_printing_is_redone_when_the_book_or_its_files_change(tmp_path):
    site = tmp_path / "html"
    (site / "_static").mkdir(parents=True)
    (site / "_static" / "book.css").write_text("p { color: black }")
    (site / "intro.html").write_text("<p>page</p>")
    key = book_pdf._printing_key("<p>page</p>", site, "chromium")
    assert key == book_pdf._printing_key("<p>page</p>", site, "chromium")
    assert key != book_pdf._printing_key("<p>page, edited</p>", site, "chromium")
    assert key != book_pdf._printing_key("<p>page</p>", site, "another-browser")
    (site / "_static" / "book.css").write_text("p { color: navy }")
    assert key != book_pdf._printing_key("<p>page</p>", site, "chromium")


def test_a_second_printing_of_the_same_edition_waits_for_the_first(tmp_path):
    """Two printings at once (``pdf`` in one terminal, ``bundle`` in another; the two test
    workers): the second says it waits, and enters only when the first has finished."""
    cache, said = tmp_path / book_pdf.CACHE_FOLDER, []

    def second():
        with book_pdf._one_printing_at_a_time(cache, "student", waiting=lambda: said.append("waits")):
            said.append("second prints or copies")

    with book_pdf._one_printing_at_a_time(cache, "student", waiting=lambda: said.append("never")):
        waiting = threading.Thread(target=second)
        waiting.start()
        waiting.join(timeout=0.5)
        assert waiting.is_alive() and said == ["waits"]  # held back while the first prints, and says so
        with book_pdf._one_printing_at_a_time(cache, "instructor"):  # the other edition is free
            said.append("the instructor edition")
        said.append("first done")
    waiting.join(timeout=10)
    assert said == ["waits", "the instructor edition", "first done", "second prints or copies"]


def test_a_cache_that_cannot_be_written_prints_without_a_lock(tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be")
    with book_pdf._one_printing_at_a_time(blocked, "student"):
        with book_pdf._one_printing_at_a_time(blocked, "student"):  # no lock, so no wait
            assert blocked.read_text().startswith("a file")


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_a4_with_a_title_page_and_page_numbers(pdfs, texts, edition):
    reader = pypdf.PdfReader(pdfs[0][edition])
    pages = texts[edition]
    assert len(pages) == len(reader.pages) > 200  # the whole book, not a chapter
    for page in [*reader.pages[:3], *reader.pages[-2:]]:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == pytest.approx(A4_POINTS, abs=1)
    assert "Reforming the NHS from within — an interactive course" in pages[0]
    assert book_pdf.EDITIONS[edition].replace("’", "'") in pages[0]
    assert "Page 1 of" not in pages[0]  # the title page has no running title or number
    assert f"Page 2 of {len(pages)}" in pages[1] and f"Page {len(pages)} of {len(pages)}" in pages[-1]


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_the_contents_list_every_page_with_the_sheet_it_starts_on(pdfs, texts, edition):
    pages = texts[edition]
    destinations = book_pdf.page_numbers(pdfs[0][edition])
    contents = " ".join(page for page in pages[1:4] if "Contents" in page or "Exercise 12" in page)
    order = book_pdf.reading_order(ROOT)
    assert len(order) >= 30
    for entry in order:
        anchor = "doc-" + re.sub(r"[^A-Za-z0-9]+", "-", entry.doc).strip("-")
        sheet = destinations[anchor]
        source = (ROOT / f"{entry.doc}.ipynb") if (ROOT / f"{entry.doc}.ipynb").exists() else None
        if source is not None:
            title = next(
                c.source.splitlines()[0].lstrip("# ").strip()
                for c in nbformat.read(source, as_version=4).cells
                if c.cell_type == "markdown" and c.source.startswith("# ")
            )
            title = _words(re.sub(r"[*_`]", "", title))
            # the contents give the page; the page starts with the title
            assert re.search(re.escape(title[:40]) + r".{0,80}? " + str(sheet) + r"\b", contents), (
                entry.doc,
                sheet,
            )
            assert title[:40] in pages[sheet - 1], (entry.doc, sheet)
    assert book_pdf.PLACEHOLDER not in contents.split("Contents", 1)[1][:200]


def test_bookmarks_name_the_chapters(pdfs):
    reader = pypdf.PdfReader(pdfs[0]["student"])

    def titles(items):
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    # Chromium drops the space where a heading wrapped, so spaces are not compared
    found = {re.sub(r"\s", "", title) for title in titles(reader.outline)}
    assert "2.Targetsandperformancemanagement" in found
    assert "Exercise9:FunnelplotsofA&Eperformance" in found


def test_the_student_edition_has_no_worked_solution_and_the_instructor_edition_has_each(texts):
    student, instructor = " ".join(texts["student"]), " ".join(texts["instructor"])
    lines = solution_lines()
    assert len(lines) >= 60
    for line in lines:
        assert line not in student, line
        assert line in instructor, line
    fragments = book_pdf.solution_fragments(ROOT)
    assert len(fragments) >= 5
    # a chapter may say what an exercise's model answer says, in its own right (and keeps it)
    notebooks = sorted((ROOT / "chapters").glob("*.ipynb"))
    chapters = " ".join(c.source for p in notebooks for c in nbformat.read(p, as_version=4).cells)
    chapters = _words(re.sub(r"[*_`]|<!--.*?-->", "", chapters, flags=re.S))
    for fragment in fragments:
        if _words(fragment) not in chapters:
            assert _words(fragment) not in student, fragment
        assert _words(fragment) in instructor, fragment
    assert "# Solution" not in student and instructor.count("# Solution") == len(lines)
    assert instructor.count("Worked solution") >= len(lines)  # each labelled (text order varies)
    # what the paper cannot do is said: the models' starting settings, the quizzes' answers
    assert "Printed at the model's starting settings" in student
    assert "Answer on paper; the online book checks your answers" in student


def test_a_page_with_a_figure_renders(pdfs, texts):
    sheet = next(k for k, page in enumerate(texts["student"]) if "Printed at the model's starting" in page)
    image = pypdfium2.PdfDocument(pdfs[0]["student"])[sheet].render(scale=0.5).to_pil().convert("RGB")
    pixels = image.tobytes()
    coloured = sum(
        1
        for k in range(0, len(pixels), 3)
        if max(pixels[k : k + 3]) - min(pixels[k : k + 3]) > 60  # the chart's blue or orange
    )
    assert coloured / (image.width * image.height) > 0.01


def test_the_command_names_a_missing_book_and_a_wrong_edition(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "nhsreform",
            "book-pdf",
            "--site",
            str(tmp_path),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "no built book here; build the book first (bash scripts/build_book.sh)" in run.stderr
    assert not (tmp_path / "o").exists()
    run = subprocess.run(
        [sys.executable, "-m", "nhsreform", "book-pdf", "--edition", "teacher", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 2 and "invalid choice: 'teacher'" in run.stderr
    with pytest.raises(book_pdf.BookPdfError, match="no edition called 'teacher'"):
        book_pdf.book_html(ROOT, ROOT / "_build" / "html", "teacher")


def _struct_alts(node, found):
    node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        for kid in node:
            _struct_alts(kid, found)
    elif isinstance(node, pypdf.generic.DictionaryObject):
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        if "/K" in node:
            _struct_alts(node["/K"], found)
    return found


def test_the_pdf_is_tagged_with_its_language_title_and_every_figure_described(pdfs, built_site):
    """What a screen reader needs (PDF/UA's basics): a tagged PDF, its language and title, and each
    figure's description, the same as the book's alt text."""
    reader = pypdf.PdfReader(pdfs[0]["student"])
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Reforming the NHS from within — an interactive course — Student edition"
    alts = _struct_alts(root["/StructTreeRoot"], [])
    markup = book_pdf.book_html(ROOT, built_site, "student")
    described = [html.unescape(alt) for alt in re.findall(r'<img [^>]*?alt="([^"]+)"', markup) if alt.strip()]
    assert len(described) >= 60
    missing = [alt[:80] for alt in described if alt not in alts]
    assert missing == []
