"""The whole book as one A4 PDF, for students or for the instructor, printed offline by Chromium
from the built HTML book (``python -m nhsreform book-pdf``).

The PDF has a title page, a contents page with each page's number, every page of the book in the
order of ``_toc.yml`` (each starting on a new sheet), a running title, "Page n of N" at the foot of
each sheet and PDF bookmarks for the headings. It is printed from the built book, so it says what
the book says; what only works on screen is made to read on paper:

- the code that draws a chart (hidden behind "Show code" in the book) is left out, the chart kept;
- a model explorer shows its figure at the starting settings, with a line saying the online book
  and the notebook move it; its controls are left out;
- a quiz shows its questions and options without buttons (answers: the book, or the answer
  sheets of ``python -m nhsreform quiz-sheets``);
- the **student** edition leaves out the worked solutions: the exercises' solution cells (code
  cells starting ``# Solution``, tagged ``hide-cell``) and the Markdown cells tagged
  ``solution`` (the written answers' marking guides among them); the **instructor** edition
  shows the solution cells open, each headed "Worked solution", and the marking guides unfolded.

Page numbers in the contents come from a first printing: Chromium writes each link target as a
named destination, whose page :mod:`pypdf` reads; the second printing fills them in (the contents
keep their length, so the pages do not move). :func:`write_book_pdfs` writes the PDFs.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import html
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml
from bs4 import BeautifulSoup, Tag

from .printables import PrintError, chromium, print_pdf

EDITIONS = {
    "student": "Student edition",
    "instructor": "Instructor’s edition, with worked solutions",
}
SOLUTIONS_NOTE = {
    "student": "This edition leaves out the exercises’ worked solutions.",
    "instructor": "The exercises’ worked solutions are shown, each headed “Worked solution”.",
}
COURSE_TITLE = "Reforming the NHS from within — an interactive course"
PLACEHOLDER = "000"  # the contents' page numbers in the first printing: three digits wide

CSS = """
@page { size: A4; margin: 17mm 16mm 19mm;
  @top-center { content: "%(running)s"; font: 8pt "DejaVu Sans", sans-serif; color: #444; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
                   font: 8pt "DejaVu Sans", sans-serif; color: #444; } }
@page cover { @top-center { content: none; } @bottom-center { content: none; } }
html { font-size: 10pt; background: #fff; }
body { background: #fff; color: #111; margin: 0; }
.cover { page: cover; height: 240mm; display: flex; flex-direction: column; justify-content: center; }
.cover h1 { font-size: 26pt; line-height: 1.2; margin: 0 0 10mm; }
.cover .sub { font-size: 13pt; margin: 0 0 8mm; }
.cover .edition { font-size: 15pt; font-weight: bold; margin: 0 0 14mm; }
.cover .small { font-size: 9.5pt; color: #333; max-width: 150mm; }
nav.contents { break-before: page; }
nav.contents h1 { font-size: 18pt; }
nav.contents h2 { font-size: 11pt; margin: 9pt 0 3pt; }
nav.contents ol { list-style: none; padding: 0; margin: 0; }
nav.contents a { display: flex; gap: 4pt; color: inherit; text-decoration: none; padding: 1.5pt 0; }
nav.contents .title { flex: 0 1 auto; }
nav.contents .dots { flex: 1 1 auto; border-bottom: 1pt dotted #777; margin-bottom: 4pt; }
nav.contents .page { flex: none; min-width: 3ch; text-align: right; font-variant-numeric: tabular-nums; }
section.book-page { break-before: page; }
.bd-article { max-width: none !important; padding: 0 !important; }
h1, h2, h3, h4 { break-after: avoid; }
img, figure, .cell_output, .nhs-book-explorer, .admonition, tr { break-inside: avoid; }
img { max-width: 100%% !important; height: auto !important; }
pre { white-space: pre-wrap !important; word-break: break-word; font-size: 8.5pt; }
.pst-scrollable-table-container { overflow: visible !important; }
table { font-size: 8.5pt; }
.print-note { font-style: italic; color: #333; }
.worked-solution-label { font-weight: bold; margin: 6pt 0 2pt; }
.nhsq button, .nhsq-footer, .nhsq-feedback, .nhsq-sr { display: none !important; }
a.external { color: inherit; }
"""

#: What is left out of every page: links to headings, scripts, screen controls and the live
#: regions that only make sense on screen.
DROPPED = [
    "a.headerlink",
    "script",
    "noscript",
    "button",
    ".nhs-book-controls",
    ".nhs-book-live",
    ".nhs-book-help",
    ".nhsq-footer",
    ".nhsq-feedback",
    ".tag_hide-input details.hide",  # the code that draws a chart; its output stays
]


class BookPdfError(ValueError):
    """The book cannot be printed as asked (no built book, a page missing); the message says why."""


@dataclass(frozen=True)
class BookPage:
    """One page of the book in reading order: its document name and the part it is in."""

    doc: str  # e.g. "chapters/02-targets-and-performance-management"
    part: str | None


def reading_order(course: Path) -> list[BookPage]:
    """The book's pages in the order of ``_toc.yml``: the root, then each part's chapters."""
    toc_path = Path(course) / "_toc.yml"
    try:
        toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BookPdfError(f"{toc_path}: cannot be read ({exc.strerror})") from None
    pages = [BookPage(toc["root"], None)]
    for part in toc.get("parts", []):
        pages += [BookPage(c["file"], part.get("caption")) for c in part.get("chapters", [])]
    return pages


def _anchor(doc: str) -> str:
    return "doc-" + re.sub(r"[^A-Za-z0-9]+", "-", doc).strip("-")


def _words(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split())


def solution_fragments(course: Path) -> list[str]:
    """The start of every paragraph, item, heading and admonition title of the Markdown cells
    tagged ``solution`` in the exercises, as plain words: what the student edition removes."""
    found = []
    for path in sorted((Path(course) / "exercises").glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown" or "solution" not in cell.metadata.get("tags", []):
                continue
            for block in re.split(r"\n\s*\n|\n(?=\s*- )", cell.source):
                if m := re.match(r"\s*```\{admonition\}\s*(.+)", block):
                    found.append(_words(m.group(1)))
                    block = block[m.end() :]
                lines = [line for line in block.splitlines() if not re.match(r"\s*(```|:\w+:)", line)]
                text = re.sub(r"^\s*(#+|-|\d+\.)\s+", "", " ".join(lines))
                text = _words(re.sub(r"[*_`]|<!--.*?-->", "", text))
                if len(text) >= 12:
                    found.append(text[:40])
    return found


def _remove_solutions(article: Tag, fragments: list[str]) -> None:
    for cell in article.select("div.cell.tag_hide-cell"):
        cell.decompose()
    for element in article.find_all(["p", "h2", "h3", "h4", "li"]):
        if element.decomposed:
            continue
        text = _words(element.get_text())
        if not any(text.startswith(f) for f in fragments):
            continue
        if "admonition-title" in (element.get("class") or []):
            element.parent.decompose()
        else:
            element.decompose()
    for holder in article.find_all(["ul", "ol", "li", "section"]):
        if not holder.decomposed and not holder.get_text(strip=True) and not holder.find("img"):
            holder.decompose()


def _open_solutions(article: Tag, soup: BeautifulSoup) -> None:
    # Folded boxes (the written answers' marking guides, the capstone's outline) print open.
    for box in article.select("div.admonition.dropdown"):
        box["class"] = [c for c in box["class"] if c != "dropdown"]
    for cell in article.select("div.cell.tag_hide-cell"):
        details = cell.find("details")
        if details is None:
            continue
        if summary := details.find("summary"):
            summary.decompose()
        label = soup.new_tag("p", attrs={"class": "worked-solution-label"})
        label.string = "Worked solution"
        details.insert_before(label)
        details.unwrap()


def _print_views(article: Tag, soup: BeautifulSoup) -> None:
    for explorer in article.select(".nhs-book-explorer"):
        note = soup.new_tag("p", attrs={"class": "print-note"})
        note.string = (
            "Printed at the model’s starting settings. In the online book you can move the "
            "settings named above; in the notebook, every setting."
        )
        figure = explorer.find("img")
        (figure.insert_before if figure else explorer.append)(note)
    for quiz in article.select(".nhsq"):
        note = soup.new_tag("p", attrs={"class": "print-note"})
        note.string = "Answer on paper; the online book checks your answers and explains each option."
        title = quiz.select_one(".nhsq-title")
        if title:
            title.insert_after(note)
        else:
            quiz.insert(0, note)


def _relink(article: Tag, page_file: Path, site: Path, anchors: dict[Path, str]) -> None:
    """Make ids unique across the book and point links inside the book at the PDF's own pages;
    images are loaded from the built site, at once (no lazy loading when printing)."""
    own = anchors[page_file]
    for element in article.find_all(id=True):
        element["id"] = f"{own}--{element['id']}"
    for link in article.find_all("a", href=True):
        href = link["href"]
        if re.match(r"[a-z]+:", href):
            continue
        target, _, fragment = href.partition("#")
        target_file = (page_file.parent / target).resolve() if target else page_file
        if target_file in anchors:
            link["href"] = f"#{anchors[target_file]}--{fragment}" if fragment else f"#{anchors[target_file]}"
        else:
            link["href"] = target_file.as_uri() + (f"#{fragment}" if fragment else "")
    for image in article.find_all("img", src=True):
        if not re.match(r"[a-z]+:", image["src"]):
            image["src"] = (page_file.parent / image["src"]).resolve().as_uri()
        for attribute in ("loading", "decoding"):
            image.attrs.pop(attribute, None)


def _page_html(
    site: Path, page: BookPage, anchors: dict[Path, str], edition: str, fragments: list[str]
) -> tuple[str, str]:
    """The title and printable HTML of one page of the built book."""
    page_file = (site / f"{page.doc}.html").resolve()
    if not page_file.is_file():
        raise BookPdfError(f"{page_file}: not in the built book; build it first (bash scripts/build_book.sh)")
    soup = BeautifulSoup(page_file.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    if article is None:
        raise BookPdfError(f"{page_file}: no article in this page (not a page of the built book?)")
    for selector in DROPPED:
        for element in article.select(selector):
            element.decompose()
    if edition == "student":
        # the fragments are the exercises' own: a chapter may say the same thing in its own right
        _remove_solutions(article, fragments if page.doc.startswith("exercises/") else [])
    else:
        _open_solutions(article, soup)
    _print_views(article, soup)
    _relink(article, page_file, site, anchors)
    heading = article.find("h1")
    title = _words(heading.get_text()) if heading else page.doc
    return title, f'<section class="book-page" id="{anchors[page_file]}">{article}</section>'


def _stylesheets(site: Path, first: Path) -> str:
    soup = BeautifulSoup(first.read_text(encoding="utf-8"), "html.parser")
    links = []
    for link in soup.select("link[rel=stylesheet]"):
        path = (first.parent / link["href"].split("?")[0]).resolve()
        if path.is_file():
            links.append(f'<link rel="stylesheet" href="{path.as_uri()}">')
    return "".join(links)


def book_html(course: Path, site: Path, edition: str) -> str:
    """The whole book as one printable HTML page, its contents' page numbers placeholders
    (:data:`PLACEHOLDER`, filled in by :func:`with_page_numbers`)."""
    if edition not in EDITIONS:
        raise BookPdfError(f"no edition called {edition!r} (the editions: {', '.join(EDITIONS)})")
    site = Path(site).resolve()
    pages = reading_order(course)
    anchors = {(site / f"{p.doc}.html").resolve(): _anchor(p.doc) for p in pages}
    fragments = solution_fragments(course)
    bodies, contents, part = [], [], object()
    for page in pages:
        title, body = _page_html(site, page, anchors, edition, fragments)
        bodies.append(body)
        if page.part != part:
            part = page.part
            if contents:
                contents.append("</ol>")
            contents.append(f"<h2>{html.escape(part)}</h2><ol>" if part else "<ol>")
        anchor = _anchor(page.doc)
        contents.append(
            f'<li><a href="#{anchor}"><span class="title">{html.escape(title)}</span>'
            f'<span class="dots"></span><span class="page" data-for="{anchor}">{PLACEHOLDER}</span></a></li>'
        )
    contents.append("</ol>")
    built = _dt.date.fromtimestamp((site / f"{pages[0].doc}.html").stat().st_mtime)
    running = f"{COURSE_TITLE} — {EDITIONS[edition]}".replace('"', '\\"')
    cover = (
        '<div class="cover">'
        f"<h1>{html.escape(COURSE_TITLE)}</h1>"
        '<p class="sub">A course on The King’s Fund report <em>Reforming the NHS from within: '
        "beyond hierarchy, inspection and markets</em> (Chris Ham, June 2014)</p>"
        f'<p class="edition">{html.escape(EDITIONS[edition])}</p>'
        f'<p class="small">Printed from the book built on {built:%d %B %Y}. On paper each model '
        "shows its figure at the starting settings and each quiz its questions without the "
        "answers; in the online book you can move the models and check your answers, and the "
        f"notebooks run everything. {SOLUTIONS_NOTE[edition]}</p></div>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB" data-theme="light"><head><meta charset="utf-8">'
        f"<title>{html.escape(COURSE_TITLE)} — {html.escape(EDITIONS[edition])}</title>"
        f"{_stylesheets(site, next(iter(anchors)))}<style>{CSS % {'running': running}}</style>"
        f'</head>\n<body>{cover}<nav class="contents"><h1>Contents</h1>{"".join(contents)}</nav>\n'
        + "\n".join(bodies)
        + "\n</body></html>\n"
    )


def _reader(pdf: Path):
    """``pdf`` read by pypdf, which the project's requirements install (not the students')."""
    try:
        import pypdf
    except ModuleNotFoundError:
        raise PrintError(
            "printing the book needs pypdf, which the project's requirements install: "
            "pip install -r requirements.txt"
        ) from None
    return pypdf.PdfReader(pdf)


def page_numbers(pdf: Path) -> dict[str, int]:
    """The sheet (from 1) on which each named destination of ``pdf`` lies."""
    reader = _reader(pdf)
    return {
        name.lstrip("/"): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


def with_page_numbers(markup: str, numbers: dict[str, int]) -> str:
    """``markup`` (:func:`book_html`) with each contents entry's placeholder replaced by the
    sheet its page starts on."""
    return re.sub(
        rf'(<span class="page" data-for="([^"]+)">){PLACEHOLDER}(</span>)',
        lambda m: f"{m[1]}{numbers[m[2]]}{m[3]}",
        markup,
    )


#: Where printed books are kept, beside the built site (``_build/`` for ``_build/html``), so that
#: printing an unchanged book again (``pdf``, then ``bundle``) copies it instead of printing it.
CACHE_FOLDER = ".book-pdf-cache"


def _printing_key(markup: str, site: Path, browser: str) -> str:
    """What a printing depends on: the book's HTML, every other file of the site (stylesheets,
    fonts, figures) and the browser; the same key means a byte-for-byte reusable PDF."""
    digest = hashlib.sha256(markup.encode("utf-8"))
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix != ".html":
            digest.update(path.relative_to(site).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    digest.update(str(browser).encode("utf-8"))
    return digest.hexdigest()[:24]


def write_book_pdf(
    course: Path,
    site: Path,
    pdf: Path,
    edition: str = "student",
    browser: str | None = None,
    printing: Callable[[bool], None] | None = None,
    waiting: Callable[[], None] | None = None,
) -> Path:
    """Print the built book ``site`` of ``course`` as ``pdf`` (the ``edition`` of
    :data:`EDITIONS`), with the contents' page numbers filled in.

    A book printed before from the same site is copied from :data:`CACHE_FOLDER` beside the site
    rather than printed again. ``printing(True)`` is called before printing, ``printing(False)``
    before such a copy, and ``waiting()`` when another printing of the same edition from the same
    site is under way (this one waits for it, then copies its book)."""
    browser = browser or chromium()
    pdf, site = Path(pdf), Path(site).resolve()
    markup = book_html(course, site, edition)  # the pages are read once, for both printings
    cache = site.parent / CACHE_FOLDER
    kept = cache / f"book-{edition}-{_printing_key(markup, site, browser)}.pdf"
    with _one_printing_at_a_time(cache, edition, waiting):  # a second printing waits, then copies
        if kept.is_file():
            if printing:
                printing(False)
            pdf.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(kept, pdf)
            return pdf
        if printing:
            printing(True)
        with tempfile.TemporaryDirectory(prefix="nhsreform-book-") as tmp:
            page = Path(tmp) / "book.html"
            page.write_text(markup, encoding="utf-8")
            first = print_pdf(page, Path(tmp) / "first.pdf", browser, outline=True)
            wanted = {_anchor(p.doc) for p in reading_order(course)}
            numbers = {k: v for k, v in page_numbers(first).items() if k in wanted}
            if set(numbers) != wanted:
                missing = ", ".join(sorted(wanted - set(numbers)))
                raise PrintError(f"the first printing has no page for: {missing}")
            page.write_text(with_page_numbers(markup, numbers), encoding="utf-8")
            print_pdf(page, pdf, browser, outline=True)
        _keep(pdf, kept)
    return pdf


def waiting_line(edition: str) -> str:
    """What ``book-pdf`` and ``bundle`` say when another printing of the edition holds its lock."""
    return f"waiting for another printing of the {edition} edition to finish"


@contextlib.contextmanager
def _one_printing_at_a_time(cache: Path, edition: str, waiting: Callable[[], None] | None = None):
    """Hold the edition's lock in the cache while it is printed, so that a second ``pdf`` or
    ``bundle`` on the same site (another terminal, the other test worker) waits for the first and
    copies its book rather than print it again alongside; ``waiting()`` is called if it has to
    wait. A cache that cannot be written to (a read-only copy of the site), or an environment
    without filelock (the project's requirements install it), has no lock, and each printing goes
    ahead on its own."""
    lock = None
    try:
        from filelock import FileLock, Timeout

        cache.mkdir(exist_ok=True)
        candidate = FileLock(cache / f"book-{edition}.lock")
        try:
            candidate.acquire(timeout=0)
        except Timeout:
            if waiting:
                waiting()
            candidate.acquire()
        lock = candidate
    except (ImportError, OSError):
        pass  # no lock: print on
    try:
        yield
    finally:
        if lock is not None:
            lock.release()


def _keep(pdf: Path, kept: Path) -> None:
    """Copy a new printing into the cache, in place of the edition's older ones. A site that
    cannot be written to (a read-only copy) simply keeps no cache."""
    try:
        kept.parent.mkdir(exist_ok=True)
        for old in kept.parent.glob(kept.name.rsplit("-", 1)[0] + "-*.pdf"):
            old.unlink(missing_ok=True)
        partial = kept.with_name(f"{kept.name}.{os.getpid()}.part")
        shutil.copyfile(pdf, partial)
        partial.replace(kept)  # whole or not at all, also when two printings finish together
    except OSError:
        pass


def write_book_pdfs(
    course: Path,
    site: Path,
    out: Path,
    editions: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write ``book-<edition>.pdf`` into ``out`` for each edition (default: both)."""
    editions = editions or list(EDITIONS)
    for edition in editions:
        if edition not in EDITIONS:
            raise BookPdfError(f"no edition called {edition!r} (the editions: {', '.join(EDITIONS)})")
    site = Path(site)
    missing = [p.doc for p in reading_order(course) if not (site / f"{p.doc}.html").is_file()]
    if missing:
        what = "no built book here" if len(missing) > 1 else f"no page {missing[0]}.html"
        raise BookPdfError(f"{site}: {what}; build the book first (bash scripts/build_book.sh)")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    browser = chromium()
    written = []
    for k, edition in enumerate(editions, 1):
        step = f"[{k}/{len(editions)}]"

        def printing(fresh: bool, step=step, edition=edition) -> None:
            if progress:
                progress(
                    f"{step} printing the {edition} edition (two printings, about 40 s)"
                    if fresh
                    else f"{step} the {edition} edition: the book is unchanged since it was last printed"
                )

        def waiting(step=step, edition=edition) -> None:
            if progress:
                progress(f"{step} {waiting_line(edition)}")

        written.append(
            write_book_pdf(course, site, out / f"book-{edition}.pdf", edition, browser, printing, waiting)
        )
        if progress:
            pages = len(_reader(written[-1]).pages)
            progress(f"[{k}/{len(editions)}] {written[-1].name}: {pages} pages")
    return written


__all__ = [
    "EDITIONS",
    "BookPage",
    "BookPdfError",
    "book_html",
    "page_numbers",
    "reading_order",
    "solution_fragments",
    "waiting_line",
    "with_page_numbers",
    "write_book_pdf",
    "write_book_pdfs",
]
