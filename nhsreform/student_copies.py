"""Student copies of the exercise notebooks: the same tasks and checks, no worked solutions.

The exercises are written once, with their solutions (the scikit-learn-mooc way). A worked
solution is a code cell whose first line is ``# Solution``; a student copy leaves those cells
out, and its output cells empty, and still runs top to bottom (each check then says "Not answered
yet"). A markdown cell tagged ``solution`` is left out too: three discuss a task's result, and the
others are the written answers' marking guides (:mod:`nhsreform.grading`).

Prose that only makes sense beside the solutions is marked where it is written, with HTML
comments that neither the book nor JupyterLab shows:

- ``<!--solutions-->text<!--/solutions-->``: the text is left out of a student copy: a sentence
  that points to a solution (" Then compare your chart with the solution's."), and every passage
  that gives a task's result away, in the discussion questions, the prose right after a task and
  the summaries;
- ``<!--no-solutions: text-->``: the text (as written, here with its leading space) appears only
  in a student copy, in place of the comment: " (No automatic check.)", or the question a copy
  asks instead of a result (" your Task 3 share").

A marker never starts a source line: there CommonMark would read it as the start of an HTML block
and break the paragraph, in the book and in JupyterLab. Attach it to the word before it, with
the space inside the marked text (the tests check every exercise for this).

**The no-code route.** Each exercise's section "If you are not using Python" (its cells tagged
``no-code-route``) shows charts, a table of key numbers (``key_numbers()``), a quiz and
spreadsheet steps that state most of the results the tasks ask for. Copies keep it by default;
``no_code_route=False`` (``student-copies --without-no-code-route``) leaves its cells out, with
the heading "If you are using Python" and the words marked
``<!--no-code-route-->text<!--/no-code-route-->`` that point to it (its time in "Time to
learn", "the first chart above").

What remains in a copy: with the route, the results that section states; always, the course
package the copies need, which holds every answer (the quiz banks, the checks' expected values).
:func:`solution_mentions` finds a sentence that still mentions a solution in a copy, and the
tests ask for none; they also search each copy without the route for every check's expected value
(``tests/test_student_notebooks.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import nbformat

SOLUTION_FIRST_LINE = "# Solution"
SOLUTION_TAG = "solution"
_WITH = r"<!--solutions-->.*?<!--/solutions-->"
_ONLY_WITH_LINES = re.compile(rf"^[ \t]*{_WITH}[ \t]*\n", re.S | re.M)  # whole lines: no blank line left
_ONLY_WITH = re.compile(_WITH, re.S)
_ONLY_WITHOUT = re.compile(r"<!--no-solutions:(.*?)-->", re.S)
_MENTION = re.compile(r"[^.\n]*\bsolutions?\b[^.\n]*", re.I)
NO_CODE_ROUTE_TAG = "no-code-route"
PYTHON_ROUTE_HEADING = "## If you are using Python"
_ROUTE_MARKED = r"<!--no-code-route-->.*?<!--/no-code-route-->"
_ROUTE_LINES = re.compile(rf"^[ \t]*{_ROUTE_MARKED}[ \t]*\n", re.S | re.M)
_ROUTE = re.compile(_ROUTE_MARKED, re.S)


class StudentCopyError(ValueError):
    """A request for student copies that cannot be carried out (its message says why)."""


def is_solution(cell) -> bool:
    """Whether ``cell`` is a worked solution: a code cell whose first line is ``# Solution``, or a
    markdown cell tagged ``solution`` (the discussion of a task's result, which gives it away)."""
    if cell.cell_type == "markdown":
        return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])
    return cell.cell_type == "code" and cell.source.lstrip().startswith(SOLUTION_FIRST_LINE)


_ANY_MARKER = re.compile(r"<!--\s*/?\s*(?:(?:no-)?solutions?\b|no-code-route)[^>]*?-->", re.I)


def check_markers(text: str, where: str) -> None:
    """Raise :class:`StudentCopyError` naming ``where`` if ``text`` holds a marker written another
    way than this module reads (it would be left in the copy, its passage with it)."""
    known = _ONLY_WITH.sub("", text)
    known = _ONLY_WITHOUT.sub("", known)
    known = _ROUTE.sub("", known)
    odd = _ANY_MARKER.search(known)
    if odd:
        raise StudentCopyError(
            f"{where}: the marker {odd.group(0)!r} is not one of <!--solutions-->…<!--/solutions-->, "
            "<!--no-solutions: text--> or <!--no-code-route-->…<!--/no-code-route-->"
        )


def student_markdown(text: str) -> str:
    """``text`` as a student copy shows it: solution-only passages out, student-only ones in."""
    text = _ONLY_WITH.sub("", _ONLY_WITH_LINES.sub("", text))
    text = _ONLY_WITHOUT.sub(lambda m: m.group(1), text)
    # A passage left out at the end of a line leaves the space before it: trimmed (the exercises
    # use no two-space line breaks).
    return re.sub(r"(?<=\S)[ \t]+$", "", text, flags=re.M)


def is_no_code_route(cell) -> bool:
    """Whether ``cell`` belongs to the no-code route (the section "If you are not using Python",
    whose charts, key numbers and spreadsheet steps state results): a cell tagged
    ``no-code-route``."""
    return NO_CODE_ROUTE_TAG in cell.get("metadata", {}).get("tags", [])


def route_markdown(text: str, no_code_route: bool = True) -> str:
    """Markdown ``text`` for a copy with the no-code route (its markers taken out, their text kept)
    or without it (``no_code_route=False``): then the passages marked
    ``<!--no-code-route-->…<!--/no-code-route-->`` are left out, and so is the heading
    "## If you are using Python", which only makes sense beside the route."""
    if no_code_route:
        return re.sub(r"<!--/?no-code-route-->", "", text)
    text = _ROUTE.sub("", _ROUTE_LINES.sub("", text))
    text = re.sub(rf"\A{re.escape(PYTHON_ROUTE_HEADING)}[ \t]*\n(?:[ \t]*\n)*", "", text)
    return re.sub(r"(?<=\S)[ \t]+$", "", text, flags=re.M)


def student_version(nb, name: str = "the notebook", no_code_route: bool = True):
    """A copy of notebook ``nb`` without solution cells, outputs or solution-only prose; with
    ``no_code_route=False``, also without the no-code route (see :func:`is_no_code_route`)."""
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            check_markers(cell.source, f"{name}, cell {k}")
    out = nbformat.from_dict(nb)
    out.cells = [c for c in out.cells if not is_solution(c) and (no_code_route or not is_no_code_route(c))]
    for c in out.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
        elif c.cell_type == "markdown":
            c.source = route_markdown(student_markdown(c.source), no_code_route)
    return out


def solution_mentions(nb) -> list[str]:
    """The sentences of ``nb``'s markdown that still mention a solution (after any markers are
    applied, so run it on a student copy)."""
    found = []
    for c in nb.cells:
        if c.cell_type == "markdown":
            text = re.sub(r"<!--.*?-->", "", c.source, flags=re.S)
            found += [m.group(0).strip() for m in _MENTION.finditer(text)]
    return found


def exercise_notebooks(course: Path, chapters: Iterable[str] | None = None) -> list[Path]:
    """The exercise notebooks of the course in folder ``course`` (all, or those of ``chapters``:
    ``ch01`` or ``01`` names ``exercises/01-*.ipynb``)."""
    folder = Path(course) / "exercises"
    every = sorted(folder.glob("[0-9][0-9]-*.ipynb"))
    if not every:
        raise StudentCopyError(f"{folder} has no exercise notebooks: is {course} the course's folder?")
    if not chapters:
        return every
    chosen = []
    for name in chapters:
        number = name.lower().removeprefix("ch")
        match = [p for p in every if p.name.startswith(f"{number}-")] if re.fullmatch(r"\d\d", number) else []
        if not match:
            known = ", ".join(f"ch{p.name[:2]}" for p in every)
            raise StudentCopyError(f"no exercise for chapter {name!r} (there are: {known})")
        chosen += [p for p in match if p not in chosen]
    return chosen


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (also through hard links or a case-insensitive disk)."""
    try:
        return a.exists() and a.samefile(b)
    except OSError:
        return False


def write_student_copies(
    course: Path,
    out: Path | str,
    chapters: Iterable[str] | None = None,
    progress: Callable[[str], None] | None = None,
    no_code_route: bool = True,
) -> list[Path]:
    """Write a student copy of each chosen exercise notebook into folder ``out``; return the paths.
    ``no_code_route=False`` leaves out the no-code route too (its cells state the results).

    Raises :class:`StudentCopyError` naming the folder or chapter when the request cannot be met
    (no exercises in ``course``, an unknown chapter, ``out`` an existing file).
    """
    sources = exercise_notebooks(course, chapters)
    if not str(out).strip():
        raise StudentCopyError("the output folder is empty: give the folder to write the copies into")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise StudentCopyError(f"the output {out} is a file, not a folder")
    if out.resolve() == sources[0].parent.resolve() or any(_same_file(out / p.name, p) for p in sources):
        raise StudentCopyError(
            f"the output {out} is the exercises' own folder: the copies would replace the notebooks "
            "with their solutions"
        )
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sources:
        nb = nbformat.read(path, as_version=4)
        student = student_version(nb, path.name, no_code_route)
        target = out / path.name
        nbformat.write(student, target)
        written.append(target)
        if progress:
            solutions = sum(map(is_solution, nb.cells))
            route = "" if no_code_route else f" and {sum(map(is_no_code_route, nb.cells))} no-code-route"
            progress(f"{path.name}: {solutions} solution{route} cells left out -> {target}")
    return written
