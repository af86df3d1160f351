"""The graded edition of the student book: the same book with no worked solutions at all, for
courses that mark the exercises (``bash scripts/build_book.sh --graded``).

The course book shows each exercise's worked solutions behind a "Show" toggle, and each page's
download button gives the notebook with them. The graded edition is built from the same sources,
with each exercise replaced by its student copy without the no-code route
(:func:`nhsreform.student_copies.student_version` with ``no_code_route=False``): no solution
cells, no Markdown cells tagged ``solution``, no passage marked as giving a result away or
pointing to a solution, and no "If you are not using Python" section (its charts and key
numbers state the results). The course's own Markdown pages (the students' guide among them)
are written through the same markers, so no page points to a solution that is not there. The
chapters are the book's own. The download buttons give the student copies.

:func:`write_graded_book` writes the edition's source folder; the build script builds it into
``_build/graded/_build/html``. What it cannot hide: the course package the notebooks import holds
every answer (the quiz banks, the checks' expected values), as in the student copies.
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

import nbformat

from .answer_keys import start_edition
from .book_pdf import reading_order
from .student_copies import (
    check_markers,
    exercise_notebooks,
    route_markdown,
    student_markdown,
    student_version,
)

#: What the edition shares with the course unchanged (linked, never written).
SHARED = [
    "_static",
    "_ext",
    "_vendor",
    "references",
    "references.bib",
    "course.yml",
    "nhsreform",
    "chapters",
    "_toc.yml",
]
SETTINGS = {
    "title": "Reforming the NHS from within — an interactive course (edition without worked solutions)",
    "html": {
        "extra_footer": (
            "<p>This edition of the course has no worked solutions: the exercises are set for marking.</p>"
        )
    },
}


def write_graded_book(course: Path, dest: Path) -> list[Path]:
    """Write the graded edition's source folder ``dest`` from the course in ``course``; return
    the pages written (the Markdown pages and the exercises' student copies)."""
    course, dest = Path(course).resolve(), Path(dest)
    # The chapters are the course book's own notebooks: run them from its execution cache, so
    # that only the exercises' student copies run for this edition.
    cache = {"execute": {"cache": str(course / "_build" / ".jupyter_cache")}}
    start_edition(course, dest, {**SETTINGS, **cache}, SHARED)
    written = []
    for page in (course / f"{p.doc}.md" for p in reading_order(course) if "/" not in p.doc):
        text = page.read_text(encoding="utf-8")
        check_markers(text, str(page))
        target = dest / page.name
        target.write_text(route_markdown(student_markdown(text), no_code_route=False), encoding="utf-8")
        written.append(target)
    (dest / "exercises").mkdir(exist_ok=True)
    for path in exercise_notebooks(course):
        copy = student_version(nbformat.read(path, as_version=4), path.name, no_code_route=False)
        target = dest / "exercises" / path.name
        text = nbformat.writes(copy) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != text:  # keep the cache
            target.write_text(text, encoding="utf-8")
        written.append(target)
    # The model explorers' drawn states are the same as the course book's: start from its cache.
    states, own = course / "_build" / ".book_states", dest / "_build" / ".book_states"
    if states.is_dir() and not own.exists():
        shutil.copytree(states, own, copy_function=os.link)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nhsreform.graded_book",
        description="Write the source folder of the book edition without worked solutions.",
    )
    parser.add_argument("course", type=Path, help="the course's folder")
    parser.add_argument("dest", type=Path, help="the folder to write (e.g. _build/graded)")
    args = parser.parse_args(argv)
    pages = write_graded_book(args.course, args.dest)
    print(f"{len(pages)} pages written to {args.dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
