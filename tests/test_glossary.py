"""The glossary: the abbreviations students type are terms (so the glossary and the book's search
find them), a "Numbers and charts" section explains the numbers the course uses, and every
``{term}`` in the course still names a glossary term.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import ROOT, notebooks

GLOSSARY = ROOT / "glossary.md"
ABBREVIATIONS = [
    "PbR",
    "FT",
    "Mid Staffs",
    "Mid Staffordshire",
    "CCG",
    "ICS",
    "ICB",
    "ISTC",
    "RTT",
    "HES",
    "CQC",
    "CHI",
    "NHSI",
    "DH",
    "GP",
    "HSJ",
    "MRSA",
    "SD",
    "VA",
]
NUMBERS = [
    "percentage point",
    "per cent",
    "median",
    "percentile",
    "standard deviation",
    "log scale",
    "lognormal distribution",
    "financial year",
    "quarter",
    "index (of a table)",
    "rate",
    "count",
    "association",
    "causation",
]


def glossary_blocks(text: str) -> list[str]:
    return re.findall(r"```\{glossary\}\n(.*?)```", text, re.S)


def terms(block: str) -> dict[str, str]:
    """Each term of a glossary block -> its definition (aliases share their entry's definition)."""
    out, names, body = {}, [], []
    for line in [*block.splitlines(), ""]:
        if line.startswith("  "):
            body.append(line.strip())
        elif line.strip():
            if body:
                out.update({n: " ".join(body) for n in names})
                names, body = [], []
            names.append(line.strip())
    out.update({n: " ".join(body) for n in names})
    return out


def all_terms() -> dict[str, str]:
    found = {}
    for block in glossary_blocks(GLOSSARY.read_text(encoding="utf-8")):
        found.update(terms(block))
    return found


def test_terms_parse_with_aliases():
    parsed = terms("Payment by Results\nPbR\n  The system.\n\nRTT\n  Referral.\n")
    assert parsed == {"Payment by Results": "The system.", "PbR": "The system.", "RTT": "Referral."}


@pytest.mark.parametrize("term", ABBREVIATIONS)
def test_abbreviations_students_type_are_glossary_terms(term):
    found = all_terms()
    assert term in found, f"{term!r} is not a glossary term"
    assert len(found[term].split()) >= 8, f"{term!r} has no real definition"


def test_abbreviations_are_spelled_out_next_to_their_full_name():
    found = all_terms()
    assert found["PbR"].startswith("Payment by Results (PbR)")
    assert found["FT"].startswith("Foundation trust (FT)")
    assert found["Mid Staffs"] == found["Mid Staffordshire"]
    # The bracket after the full name is what makes the names synonyms in the book's search.
    assert found["Mid Staffs"].startswith('Mid Staffordshire NHS Foundation Trust ("Mid Staffs")')
    assert found["QI"].startswith("Quality improvement (QI)")
    assert found["SD"].startswith("Standard deviation (SD)")


def test_a_numbers_and_charts_section_defines_each_number_term():
    text = GLOSSARY.read_text(encoding="utf-8")
    assert "## Numbers and charts" in text
    numbers = terms(glossary_blocks(text.split("## Numbers and charts", 1)[1])[0])
    for term in NUMBERS:
        assert term in numbers, term
        assert len(numbers[term].split()) >= 15, f"{term!r}: too short to explain it"
    assert "2010/11 Q2" in numbers["quarter"] and "July to September 2010" in numbers["quarter"]
    assert "5 *percentage points*" in numbers["percentage point"]


def test_every_term_is_defined_once():
    names = []
    for block in glossary_blocks(GLOSSARY.read_text(encoding="utf-8")):
        names += list(terms(block))
    lowered = [n.lower() for n in names]
    assert len(lowered) == len(set(lowered)), sorted({n for n in lowered if lowered.count(n) > 1})


def test_every_term_role_in_the_course_names_a_glossary_term():
    known = {t.lower() for t in all_terms()}
    sources = [*notebooks(), *ROOT.glob("*.md"), *ROOT.glob("nhsreform/banks/*.yml")]
    sources += [*ROOT.glob("templates/*.ipynb")]
    unknown = set()
    for path in sources:
        for target in re.findall(r"\{term\}`([^`]+)`", path.read_text(encoding="utf-8")):
            name = re.search(r"<([^>]+)>$", target)
            name = (name.group(1) if name else target).strip()
            if name.lower() not in known:
                unknown.add(f"{path.name}: {name}")
    assert not unknown, sorted(unknown)


def test_the_books_search_index_finds_the_abbreviations(built_site: Path):
    index = (built_site / "searchindex.js").read_text(encoding="utf-8").lower()
    for word in ("pbr", "istc", "nhsi"):
        assert f'"{word}":' in index, f"search would not find {word!r}"


def _search_index(site: Path) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def _pages_listed(index: dict, token: str) -> set[str]:
    listed = index["terms"].get(token, [])
    return {index["docnames"][i] for i in ([listed] if isinstance(listed, int) else listed)}


def _prose(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style|pre)\b.*?</\1>", "", html, flags=re.S | re.I)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_search_treats_glossary_synonyms_as_one_name(built_site: Path):
    """Students type "Mid Staffs" or "PbR": to the search these are the same names as "Mid
    Staffordshire" and "Payment by Results". The search page knows the groups of synonyms, and
    the index lists under each group's word the pages that use one of its names, and no other."""
    search_page = (built_site / "search.html").read_text(encoding="utf-8")
    data = re.search(r'<script[^>]*id="nhs-search-synonyms"[^>]*>(.*?)</script>', search_page, re.S)
    assert data, "the search page has no glossary synonyms"
    groups = {tuple(g["names"]): g["token"] for g in json.loads(data.group(1))["groups"]}
    assert ("Mid Staffordshire", "Mid Staffs") in groups and ("Payment by Results", "PbR") in groups
    # Entries that define two ideas together are not synonyms.
    assert not [names for names in groups if {"association", "causation", "count", "percentile"} & set(names)]
    index = _search_index(built_site)
    prose = {doc: _prose(built_site / f"{doc}.html") for doc in index["docnames"]}
    for names, token in groups.items():
        name = re.compile(
            "|".join(r"\b" + r"\W+".join(map(re.escape, n.split())) + r"s?\b" for n in names), re.I
        )
        listed = _pages_listed(index, token)
        assert "glossary" in listed, names
        assert all(name.search(prose[doc]) for doc in listed), (names, sorted(listed))
    staffs = _pages_listed(index, groups[("Mid Staffordshire", "Mid Staffs")])
    assert {"chapters/01-why-how-we-reform-matters", "chapters/03-inspection-and-regulation"} <= staffs
    pbr = _pages_listed(index, "pbr")  # the abbreviation itself, as a student types it
    assert "chapters/04-competition-and-choice" in pbr
