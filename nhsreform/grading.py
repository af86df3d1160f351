"""The exercises' tasks as gradable units: the marks declared beside each task, and what a
grading tool needs to know about it.

Each task's heading declares its marks, once, where students read it in the book and in
JupyterLab::

    ### Task 3: months meeting the standard (1 mark)
    ### Task 4: draw it (2 marks, marked by hand)

A task marked automatically has one answer cell holding the stub (``answer = None  # your code
here``) and one or more calls to the exercise's ``check``, and a worked solution (a code cell
starting ``# Solution``); its marks are shared equally between its checks. A task marked by hand
has no check: an instructor reads the student's cell against the worked solution (a chart), or,
for a written answer ("what the data cannot tell you", the capstone's briefing), against its
marking guide. A written answer is a Markdown cell tagged ``written-answer`` that the student
writes in; its marking guide is a Markdown cell tagged ``marking-guide`` (and ``solution``, so
that no student copy holds it) after it, which the book shows folded and the instructor's
edition beside the task. :func:`tasks` reads and validates them (:class:`GradingError` names
the notebook and the task); :func:`grade` says whether an answer earns a check's marks, with the
course's own feedback, so that a grading tool gives the same message as the book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .student_copies import SOLUTION_FIRST_LINE, SOLUTION_TAG

HEADING = re.compile(r"^### Task (\d+): (.+?) \((\d+) marks?(, marked by hand)?\)[ \t]*$", re.M)
ANY_TASK = re.compile(r"^### Task\b.*$", re.M)
CHECK_CALL = re.compile(r'\bcheck\(\s*"(\w+)"\s*,\s*(\w+)\s*\)')
WRITTEN_TAG = "written-answer"
GUIDE_TAG = "marking-guide"


class GradingError(ValueError):
    """A task whose marks or cells a grading tool could not use; the message names it."""


@dataclass
class Task:
    """One task of an exercise notebook: its heading, marks and cells (indices into the notebook)."""

    number: int
    title: str
    marks: int
    by_hand: bool
    heading: int
    answers: list[int] = field(default_factory=list)  # the cells the student writes in
    solutions: list[int] = field(default_factory=list)  # the worked solutions
    checks: list[tuple[str, str]] = field(default_factory=list)  # (check name, answer variable)
    guides: list[int] = field(default_factory=list)  # the marking guides of a written answer
    written: bool = False  # whether the student answers in words, in a Markdown cell

    @property
    def label(self) -> str:
        return f"Task {self.number}"


def _is_solution(cell) -> bool:
    return cell.cell_type == "code" and cell.source.lstrip().startswith(SOLUTION_FIRST_LINE)


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def is_written_answer(cell) -> bool:
    """Whether ``cell`` is the Markdown cell a student writes a written answer in."""
    return cell.cell_type == "markdown" and WRITTEN_TAG in _tags(cell)


def is_marking_guide(cell) -> bool:
    """Whether ``cell`` is a written answer's marking guide (and model answer)."""
    return cell.cell_type == "markdown" and GUIDE_TAG in _tags(cell)


def tasks(nb, name: str = "the notebook") -> list[Task]:
    """The tasks of exercise notebook ``nb``, in order, checked: every task heading declares its
    marks; tasks are numbered 1, 2, …; every task has a worked solution, or, for a written answer,
    a marking guide; a task marked automatically calls ``check`` at least once and has at least a
    mark per check; a task marked by hand calls none."""
    found: list[Task] = []
    current: Task | None = None
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            if is_written_answer(cell) or is_marking_guide(cell):
                if current is None:
                    tagged = WRITTEN_TAG if is_written_answer(cell) else GUIDE_TAG
                    raise GradingError(f"{name}, cell {k}: a cell tagged {tagged!r} outside any task")
                if is_written_answer(cell):
                    current.answers.append(k)
                    current.written = True
                else:
                    current.guides.append(k)
            elif ANY_TASK.match(cell.source):
                heading = cell.source.splitlines()[0]
                m = HEADING.match(heading)
                if m is None:
                    raise GradingError(
                        f"{name}, cell {k}: the heading {heading!r} does not declare its marks: "
                        "write '### Task N: title (M marks)' or '(M marks, marked by hand)'"
                    )
                current = Task(int(m[1]), m[2], int(m[3]), bool(m[4]), k)
                found.append(current)
            elif cell.source.startswith("## ") or cell.source.startswith("# "):
                current = None
            continue
        if current is None or cell.cell_type != "code":
            continue
        if _is_solution(cell):
            current.solutions.append(k)
            continue
        calls = CHECK_CALL.findall(cell.source)
        if calls or re.search(r"#\s*your (code|plot)( here)?\b", cell.source, re.I):
            current.answers.append(k)
            current.checks += calls
    for n, task in enumerate(found, 1):
        where = f"{name}, {task.label} ({task.title!r})"
        if task.number != n:
            raise GradingError(f"{where}: numbered {task.number}, but it is task {n} of the notebook")
        if task.marks < 1:
            raise GradingError(f"{where}: {task.marks} marks; a task is worth at least 1 mark")
        if task.written and not task.by_hand:
            raise GradingError(f"{where}: a written answer must be declared '(N marks, marked by hand)'")
        if task.written and not task.guides:
            raise GradingError(
                f"{where}: a written answer needs a marking guide (a Markdown cell tagged {GUIDE_TAG!r})"
            )
        if task.guides and not task.written:
            raise GradingError(
                f"{where}: a marking guide, but no written answer for it to guide (a Markdown cell "
                f"tagged {WRITTEN_TAG!r})"
            )
        if task.written and task.solutions:
            raise GradingError(f"{where}: a written answer with a code solution: give it a marking guide")
        for k in task.guides:
            if SOLUTION_TAG not in _tags(nb.cells[k]):
                raise GradingError(
                    f"{where}, cell {k}: the marking guide is not also tagged 'solution', so student "
                    "copies would keep it"
                )
        if not task.solutions and not task.written:
            raise GradingError(f"{where}: no worked solution (a code cell starting '# Solution')")
        if task.by_hand and task.checks:
            raise GradingError(f"{where}: declared 'marked by hand', but its cells call check()")
        if not task.by_hand and not task.checks:
            raise GradingError(
                f"{where}: no check() call to mark it automatically; declare it "
                "'(N marks, marked by hand)' or add a check"
            )
        if not task.by_hand and task.marks < len(task.checks):
            raise GradingError(
                f"{where}: {len(task.checks)} checks share {task.marks} marks; give each a mark"
            )
    if not found:
        raise GradingError(f"{name}: no tasks ('### Task N: title (M marks)')")
    return found


def read_tasks(path: Path) -> list[Task]:
    """The tasks of the exercise notebook at ``path``."""
    return tasks(nbformat.read(path, as_version=4), Path(path).name)


def total_marks(found: list[Task]) -> int:
    return sum(task.marks for task in found)


def grade(check, name: str, answer) -> tuple[bool, str]:
    """Whether ``answer`` passes the exercise's check ``name`` (``check`` is the exercise's own
    ``check`` function), and the course's feedback, word for word."""
    feedback = check(name, answer)
    return bool(feedback.ok), feedback.message


def guide_text(source: str) -> str:
    """A marking guide's Markdown without the folded box the book shows it in: its title as a bold
    line, then its body."""
    box = r"\s*(`{3,})\{admonition\}[ \t]*([^\n]*)\n((?:[ \t]*:\w+:[^\n]*\n)*)(.*?)\n\1\s*"
    m = re.fullmatch(box, source, re.S)
    if m is None:
        return source.strip()
    title = f"**{m[2].strip()}**\n\n" if m[2].strip() else ""
    return title + m[4].strip()


__all__ = [
    "GradingError",
    "Task",
    "grade",
    "guide_text",
    "is_marking_guide",
    "is_written_answer",
    "read_tasks",
    "tasks",
    "total_marks",
]
