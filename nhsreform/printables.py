"""Printable A4 PDFs of the quizzes: a question sheet for students and an answer sheet for the
instructor, per quiz bank, printed offline by Debian's Chromium (``--print-to-pdf``).

Both are written from the quiz banks themselves (``nhsreform/banks``), so they never drift from the
book: the question sheet lists each question with its options lettered in the order the book shows
them (the same for everyone) and a box to tick, or a line for a typed number; the answer sheet is
the instructor's edition's key for that bank (:func:`nhsreform.answer_keys.quiz_key`): the right
options and every option's feedback. Pages are A4 with the sheet's title at the top and "Page n of
N" at the bottom (CSS ``@page`` margin boxes, which Chromium prints).

:func:`write_quiz_sheets` writes them (``python -m nhsreform quiz-sheets``); :func:`print_pdf` prints
any HTML file. Chromium is found on the ``PATH`` (``chromium``, ``chromium-browser``,
``google-chrome``) or named by the ``CHROMIUM`` environment variable.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

from .answer_keys import _letter, quiz_key
from .lms import banks_for
from .quiz_bank import Numeric, load_bank

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")

CSS = """
@page { size: A4; margin: 18mm 17mm 20mm;
  @top-center { content: "%(running)s"; font: 8.5pt "DejaVu Sans", sans-serif; color: #444; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
                   font: 8.5pt "DejaVu Sans", sans-serif; color: #444; } }
html { font: 10.5pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; break-after: avoid; }
p { margin: 4pt 0; }
.lead { color: #333; }
.who { margin: 10pt 0 14pt; }
.who span { display: inline-block; min-width: 62mm; border-bottom: 0.6pt solid #111; margin-right: 8mm; }
ol.questions > li { margin: 0 0 12pt; break-inside: avoid; }
ol.questions > li > p:first-child { font-weight: bold; }
.how { font-size: 9pt; color: #333; font-style: italic; }
ul.options { list-style: none; padding-left: 0; margin: 4pt 0; }
ul.options li { margin: 2pt 0; padding-left: 1.6em; text-indent: -1.6em; }
.box { display: inline-block; width: 1.3em; font-family: "DejaVu Sans", sans-serif; }
.line { display: inline-block; width: 45mm; border-bottom: 0.6pt solid #111; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 9.5pt; }
blockquote { margin: 4pt 0 4pt 10pt; }
li { break-inside: avoid; }
"""


class PrintError(RuntimeError):
    """Printing is not possible here (no Chromium) or failed; the message says what to do."""


def _inline(markdown: str) -> str:
    """A bank's Markdown text (a prompt or an option) as HTML, without a wrapping paragraph."""
    rendered = MarkdownIt("commonmark").render(markdown.strip()).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.S)


def _page(title: str, running: str, body: str) -> str:
    css = CSS % {"running": running.replace("\\", "\\\\").replace('"', '\\"')}
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{css}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def _where(name: str) -> str:
    chapter = name[2:4].lstrip("0")
    return f"Chapter {chapter}" + (" exercise" if name.endswith("-exercise") else "")


def quiz_sheet(name: str) -> str:
    """The question sheet of quiz bank ``name`` as a standalone HTML page (no answers)."""
    bank = load_bank(name)
    where = _where(name)
    body = [
        f"<h1>{html.escape(where)} quiz — {_inline(bank.title)}</h1>",
        '<p class="lead">Reforming the NHS from within — an interactive course. Options are lettered '
        "in the order the book shows them.</p>",
        '<p class="who">Name <span>&#8203;</span> Date <span style="min-width:35mm">&#8203;</span></p>',
        '<ol class="questions">',
    ]
    for q in bank.questions:
        body.append(f"<li><p>{_inline(q.prompt)}</p>")
        if isinstance(q, Numeric):
            unit = f" {html.escape(q.unit)}" if q.unit else ""
            body.append('<p class="how">Write a number.</p>')
            body.append(f'<p>Answer: <span class="line">&#8203;</span>{unit}</p></li>')
            continue
        how = "Tick one box." if q.type == "single" else "Tick every box that applies."
        body.append(f'<p class="how">{how}</p><ul class="options">')
        for k, i in enumerate(bank.display_order(q)):
            body.append(
                f'<li><span class="box" aria-hidden="true">☐</span><b>{_letter(k)}.</b> '
                f"{_inline(q.options[i].text)}</li>"
            )
        body.append("</ul></li>")
    body.append("</ol>")
    return _page(f"{where} quiz", f"{where} quiz — questions", "\n".join(body))


def answer_sheet(name: str) -> str:
    """The answer sheet of quiz bank ``name`` (its key in the instructor's edition) as HTML."""
    where = _where(name)
    key = quiz_key(name)
    key = re.sub(r"^# .*$", f"# {where} quiz: answers", key, count=1, flags=re.M)
    body = MarkdownIt("commonmark").render(key)
    return _page(f"{where} quiz: answers", f"{where} quiz — answers (for instructors)", body)


def chromium() -> str:
    """The Chromium to print with: ``$CHROMIUM`` or the first of :data:`CHROMIUM_NAMES` found."""
    named = os.environ.get("CHROMIUM")
    if named:
        if not Path(named).is_file():
            raise PrintError(f"CHROMIUM={named}: no such file; name a Chromium or unset CHROMIUM")
        return named
    for candidate in CHROMIUM_NAMES:
        if found := shutil.which(candidate):
            return found
    raise PrintError(
        "printing PDFs needs Chromium, and none was found (chromium, chromium-browser or google-chrome "
        "on the PATH, or the CHROMIUM environment variable): on Debian or Ubuntu, "
        "'sudo apt-get install chromium'"
    )


def print_pdf(page: Path, pdf: Path, browser: str | None = None, outline: bool = False) -> Path:
    """Print the HTML file ``page`` to ``pdf`` (A4, as its CSS says) with headless Chromium,
    offline: the page is opened from the file system and no host name resolves. ``outline``
    adds PDF bookmarks for the page's headings."""
    browser = browser or chromium()
    pdf = Path(pdf).resolve()
    with tempfile.TemporaryDirectory(prefix="nhsreform-print-") as profile:
        run = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                *(["--generate-pdf-document-outline"] if outline else []),
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf}",
                Path(page).resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    if run.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise PrintError(f"Chromium could not print {page} to {pdf}: {run.stderr.strip()[-500:]}")
    return pdf


def write_quiz_sheets(
    out: Path,
    names: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write ``quiz-<bank>.pdf`` (questions) and ``answers-<bank>.pdf`` (answers) into ``out``
    for every quiz bank, or for the chapters (``ch02``: its quiz and its exercise's) and banks
    named; return the PDFs written. An unknown name raises :class:`nhsreform.lms.ExportError`."""
    banks = banks_for(names)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    browser = chromium()
    written = []
    with tempfile.TemporaryDirectory(prefix="nhsreform-sheets-") as tmp:
        for k, name in enumerate(banks, 1):
            for kind, make in (("quiz", quiz_sheet), ("answers", answer_sheet)):
                page = Path(tmp) / f"{kind}-{name}.html"
                page.write_text(make(name), encoding="utf-8")
                written.append(print_pdf(page, out / f"{kind}-{name}.pdf", browser))
            if progress:
                progress(f"[{k}/{len(banks)}] {name}: quiz-{name}.pdf, answers-{name}.pdf")
    return written


__all__ = ["PrintError", "answer_sheet", "chromium", "print_pdf", "quiz_sheet", "write_quiz_sheets"]
