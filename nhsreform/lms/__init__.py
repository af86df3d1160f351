"""The course's quizzes for a learning platform (LMS): Moodle XML and Canvas QTI 1.2 files.

:func:`export_quizzes` writes, for each chosen question bank (``nhsreform/banks``):

- ``<bank>.moodle.xml`` — Moodle XML for Moodle's question bank (:mod:`nhsreform.lms.moodle`);
- ``<bank>.qti.zip`` — a Canvas QTI 1.2 package, one practice quiz (:mod:`nhsreform.lms.qti`).

A chapter ``chNN`` has two banks: its quiz (``chNN``) and the quiz of its exercise's no-code route
(``chNN-exercise``); naming the chapter exports both, naming a bank exports just that one. The
files are written in the order the banks are named and are the same on every run.

Where the platforms grade or explain differently from the course (partial credit on
multiple-answer questions; Canvas keeps no slip or too-low/too-high feedback, because its importer
would make every band in the file an accepted answer, and has no place for the "at least one more
option is also correct" line; each platform reads typed numbers by its own rules) is said in each
writer's docstring and in the README. The files are checked offline
(``tests/test_quiz_export.py`` grades every option and boundary value from the exported files
with emulations of Moodle's grading and of Canvas's importer and display), but have not yet been
imported into a live Moodle or Canvas.
"""

from __future__ import annotations

from pathlib import Path

from ..quiz_bank import bank_names, load_bank
from .common import ExportError
from .moodle import moodle_xml
from .qti import canvas_qti_zip

FORMATS = {"moodle": (".moodle.xml", moodle_xml), "qti": (".qti.zip", canvas_qti_zip)}

__all__ = ["FORMATS", "ExportError", "bank_names", "banks_for", "chapters", "export_quizzes"]


def chapters() -> list[str]:
    """The chapter stems that have a quiz bank: ``ch01`` … ``ch12``."""
    return [name for name in bank_names() if "-" not in name]


def banks_for(names: list[str] | None) -> list[str]:
    """The banks to export for chapter stems or bank names (all banks when ``names`` is empty)."""
    known = bank_names()
    if not names:
        return known
    chosen: list[str] = []
    for name in names:
        if name in chapters():
            matches = [b for b in known if b == name or b.startswith(f"{name}-")]
        elif name in known:
            matches = [name]
        else:
            raise ExportError(f"no chapter or quiz bank called {name!r} (chapters: {', '.join(chapters())})")
        chosen += [b for b in matches if b not in chosen]
    return chosen


def export_quizzes(out: Path, formats: list[str], names: list[str] | None = None) -> list[Path]:
    """Write the chosen banks in the chosen formats into the folder ``out``; the paths written.

    Every file is made before any is written, so a bank a platform cannot hold (an
    :class:`ExportError` naming the bank and question) leaves the folder as it was."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ExportError(f"the output path {out} is a file, not a folder")
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ExportError(f"unknown format {unknown[0]!r} (formats: {', '.join(FORMATS)})")
    banks = [load_bank(name) for name in banks_for(names)]
    files = {}
    for bank in banks:
        for fmt in formats:
            suffix, make = FORMATS[fmt]
            files[out / f"{bank.name}{suffix}"] = make(bank)
    out.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        path.write_bytes(data)
    return list(files)
