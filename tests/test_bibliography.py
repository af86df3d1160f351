"""The course's references: web sources give their address, nothing renders as raw LaTeX, titles
keep their capitals, and a work has the same label in a chapter and on the bibliography page.

The .bib checks read ``references.bib`` and ``references/*.bib`` with pybtex and format them with
the book's own style (``course``, from ``_ext/bibtex_labels.py``); the last test reads the built
book.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import pytest
from pybtex.backends.plaintext import Backend
from pybtex.database import BibliographyData, parse_file
from pybtex.plugin import find_plugin

from .conftest import ROOT

BIB_FILES = [ROOT / "references.bib", *sorted((ROOT / "references").glob("*.bib"))]
NOT_RECORDED = "web address not recorded in the course's notes"
# a web address or a bare site name, such as "sochealth.co.uk" or "questia.com"
SITE = re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|uk|io|gov|dev)\b", re.I)
RENDERED = (
    "title",
    "author",
    "editor",
    "howpublished",
    "note",
    "journal",
    "institution",
    "publisher",
    "type",
    "number",
    "volume",
    "pages",
    "address",
)


@functools.cache
def _parsed():
    return [(path.name, key, entry) for path in BIB_FILES for key, entry in parse_file(path).entries.items()]


def entries():
    yield from _parsed()


@functools.cache
def course_style():
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import bibtex_labels
    finally:
        sys.path.remove(str(ROOT / "_ext"))
    bibtex_labels.setup(_NoApp())
    return find_plugin("pybtex.style.formatting", "course")()


class _NoApp:
    """Enough of a Sphinx application for the extension's ``setup`` to register its styles."""

    def connect(self, *args):
        pass


@functools.cache
def formatted() -> dict[str, tuple[str, str]]:
    """Every entry as the book formats it: key -> (label, plain text)."""
    data = BibliographyData()
    for _, key, entry in entries():
        data.add_entry(key, entry)
    plain = Backend()
    styled = course_style().format_entries(data.entries.values())
    return {f.key: (f.label, f.text.render(plain)) for f in styled}


# --------------------------------------------------------------------------------------------
# Web sources give their address


def _fields_text(entry, *names) -> str:
    return " ".join(entry.fields.get(n, "") for n in names)


def test_every_web_source_has_its_address():
    missing = []
    for name, key, entry in entries():
        web = entry.type.lower() in ("misc", "online")
        web = web or SITE.search(_fields_text(entry, "howpublished", "note"))
        if not web:
            continue
        if entry.fields.get("url") or entry.fields.get("doi"):
            continue
        if NOT_RECORDED in entry.fields.get("note", "").lower():
            continue  # said outright, rather than left silently blank
        missing.append(f"{name}:{key}")
    assert not missing, f"web sources without a url (or a note that it was not recorded): {missing}"


def test_the_kings_fund_companion_pages_have_their_address():
    entry = next(e for _, k, e in entries() if k == "kingsfund2014companion")
    assert entry.fields["url"].startswith("https://www.kingsfund.org.uk/")


# --------------------------------------------------------------------------------------------
# Nothing renders as raw LaTeX


def test_no_latex_commands_outside_braces_in_any_rendered_field():
    leaks = []
    for name, key, entry in entries():
        for field in RENDERED:
            value = entry.fields.get(field, "")
            # a LaTeX command (\texttt, \emph…; the escaped characters \& \% \_ are fine), or a
            # single `quote` (pairs of ``quotes'' render as typographic quotes)
            if re.search(r"\\[A-Za-z]+", value) or re.search(r"(?<!`)`(?!`)", value):
                leaks.append(f"{name}:{key}:{field}: {value}")
        for people in entry.persons.values():
            for person in people:
                if re.search(r"\\[A-Za-z]+", str(person)):
                    leaks.append(f"{name}:{key}: {person}")
    assert not leaks, "LaTeX that would show in the book:\n" + "\n".join(leaks)


def test_rendered_references_contain_no_latex():
    bad = []
    for key, (_, text) in formatted().items():
        if re.search(r"[\\{}`~]|texttt", text):
            bad.append(f"{key}: {text}")
    assert not bad, "\n".join(bad)


# --------------------------------------------------------------------------------------------
# Titles keep their capitals


def unprotected_capitals(title: str) -> list[str]:
    """Words of ``title`` with a capital letter outside braces, after the title's first letter.

    The bibliography style writes titles in sentence case: it lower-cases every letter that is
    not inside braces except the first, so "England" must be written "{England}".
    """
    flagged, depth, seen_letter, word, bad = [], 0, False, "", False
    for ch in title + " ":
        if ch.isspace():
            if bad:
                flagged.append(word)
            word, bad = "", False
            continue
        word += ch
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch.isalpha():
            bad = bad or (depth == 0 and ch.isupper() and seen_letter)
            seen_letter = True
    return flagged


def test_unprotected_capitals_finds_what_the_style_would_lower_case():
    assert unprotected_capitals("Waiting times: written answer by Mr Denham") == ["Mr", "Denham"]
    assert unprotected_capitals("A\\&E attendances in {England}") == ["A\\&E"]
    assert unprotected_capitals("Have targets improved performance in the {English} {NHS}?") == []
    assert unprotected_capitals("{A\\&E} statistical press notice") == []


def test_title_capitals_are_brace_protected():
    bad = {}
    for name, key, entry in entries():
        words = unprotected_capitals(entry.fields.get("title", ""))
        if words:
            bad[f"{name}:{key}"] = words
    assert not bad, f"capitals the style would lower-case (put them in braces): {bad}"


@pytest.mark.parametrize(
    "key, expected",
    [
        ("hansard1999waiting", "written answer by Mr Denham to Mrs Virginia Bottomley"),
        ("nhsic2010ae", "A&E Attendances in England"),
        ("nhsdigital_ae_journey2008", "A and E HES data"),
        ("nhsrdatasets", "dataset ae_attendances"),
        ("kingsfund2014launchblog", "reform ‘from within’"),
    ],
)
def test_references_the_review_found_garbled_now_read_correctly(key, expected):
    text = formatted()[key][1]
    assert expected in text, text


# --------------------------------------------------------------------------------------------
# One label per work, in the chapters and on the bibliography page


def test_labels_are_author_year_and_unique():
    labels = {key: label for key, (label, _) in formatted().items()}
    assert labels["ham2014reforming"].startswith("Ham 2014")
    assert labels["bevan2006bmj"] == "Bevan and Hood 2006a"
    assert labels["propper2008targets"] == "Propper et al. 2008"
    assert labels["kingsfund2014press"].startswith("King's Fund 2014")
    assert len(set(labels.values())) == len(labels), "two works share a label"
    assert not [label for label in labels.values() if label.isdigit()]


def _label(html: str, anchor_pattern: str) -> str:
    match = re.search(anchor_pattern + FOOTNOTE_LABEL, html)
    assert match, anchor_pattern
    return re.sub(r"<[^>]+>", "", match.group(1))


# a footnote's label, the single link back to where it is cited included
FOOTNOTE_LABEL = (
    r'[^>]*>\s*<span class="label"><span class="fn-bracket">\[</span>(.*?)<span class="fn-bracket">\]'
)
BIBLIOGRAPHY_ENTRY = re.compile(
    r'<div class="citation" id="[^"]+" role="doc-biblioentry">\s*<span class="label">'
    r'<span class="fn-bracket">\[</span>([^<]*)<span class="fn-bracket">\]</span></span>\s*<p>(.*?)</p>',
    re.S,
)


def test_a_chapter_and_the_bibliography_page_show_the_same_label(built_site: Path):
    chapter = (built_site / "chapters" / "02-targets-and-performance-management.html").read_text("utf-8")
    bibliography = (built_site / "bibliography.html").read_text("utf-8")
    for key, title in [
        ("ham2014reforming", "Reforming the NHS from within: beyond hierarchy"),
        ("kingsfund2014companion", "report landing page and companion web pages"),
    ]:
        in_list = _label(chapter, f'<aside class="footnote brackets" id="footcite-{key}"')
        in_text = re.search(rf'href="#footcite-{key}"[^>]*><span class="fn-bracket">\[</span>(.*?)<', chapter)
        assert in_text and in_text.group(1) == in_list
        labels = dict(BIBLIOGRAPHY_ENTRY.findall(bibliography))
        assert in_list in labels, f"{key}: label {in_list!r} is not on the bibliography page"
        assert title in labels[in_list].replace("’", "'"), labels[in_list]
        assert not in_list.isdigit()
    # the chapter lists its references in the bibliography page's order
    in_chapter = [
        re.sub(r"<[^>]+>", "", label)
        for label in re.findall(
            r'<aside class="footnote brackets" id="footcite-[^"]+"' + FOOTNOTE_LABEL, chapter
        )
    ]
    in_bibliography = [label for label, _ in BIBLIOGRAPHY_ENTRY.findall(bibliography)]
    assert len(in_chapter) > 10
    assert in_chapter == [label for label in in_bibliography if label in in_chapter]


def test_labels_quoted_as_examples_are_the_real_labels():
    labels = {label: key for key, (label, _) in formatted().items()}
    for page in ("students.md", "bibliography.md"):
        examples = re.findall(
            r"\[([A-Z][A-Za-z' .-]+ (?:19|20)\d\d[a-z]?)\]", (ROOT / page).read_text("utf-8")
        )
        assert examples, page
        for label in examples:
            assert labels.get(label) == "ham2014reforming", f"{page}: [{label}] is not the report's label"
