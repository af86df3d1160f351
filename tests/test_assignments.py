"""The exercises as gradable assignments (issue: nbgrader and Otter-Grader assignments): marks
declared beside each task, bad tasks named, the nbgrader source assignment written from each
exercise, and a plausible wrong answer for every check. The real tools run on them in
test_nbgrader.py and test_otter.py (two files, so that the two test workers share them)."""

from __future__ import annotations

import re

import nbformat
import pytest

from nhsreform import assignments, grading

from .grading_tools import EXERCISES, WRONG, guide_lines

# ---- marks beside each task -----------------------------------------------------------------


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem[:2])
def test_every_task_declares_its_marks_and_can_be_graded(path):
    found = grading.read_tasks(path)
    assert [t.number for t in found] == list(range(1, len(found) + 1))
    for task in found:
        assert task.marks >= 1 and bool(task.solutions) != task.written, task.label
        assert bool(task.checks) != task.by_hand, task.label
    # the last task is written: what the data cannot tell you, or the capstone's briefing
    assert found[-1].written and found[-1].by_hand and found[-1].guides
    assert sum(t.written for t in found) == 1
    headings = [
        c.source.splitlines()[0]
        for c in nbformat.read(path, as_version=4).cells
        if c.source.startswith("### Task")
    ]
    assert all(h.endswith(("mark)", "marks)", "marked by hand)")) for h in headings), headings


def test_the_capstone_briefing_is_worth_its_rubrics_marks():
    path = next(p for p in EXERCISES if p.name.startswith("12-"))
    nb = nbformat.read(path, as_version=4)
    briefing = grading.tasks(nb, path.name)[-1]
    rubric = next(c.source for c in nb.cells if c.source.startswith("**Marking rubric**"))
    rows = re.findall(r"^\|(?! Criterion| ---).*\| (\d+) \|$", rubric, re.M)
    assert sum(map(int, rows)) == briefing.marks == int(re.search(r"Total: (\d+) marks", rubric)[1])
    assert briefing.written and "briefing" in briefing.title


def _exercise(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def _md(text, tags=()):
    cell = nbformat.v4.new_markdown_cell(text)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _code(text):
    return nbformat.v4.new_code_cell(text)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            [
                _md("### Task 1: count"),
                _code('a = None  # your code here\ncheck("n", a)'),
                _code("# Solution\na = 1"),
            ],
            "does not declare its marks",
        ),
        (
            [
                _md("### Task 2: count (1 mark)"),
                _code('a = None  # your code here\ncheck("n", a)'),
                _code("# Solution"),
            ],
            "numbered 2, but it is task 1",
        ),
        (
            [_md("### Task 1: draw (2 marks, marked by hand)"), _code('check("n", a)'), _code("# Solution")],
            "declared 'marked by hand', but its cells call check()",
        ),
        (
            [_md("### Task 1: count (1 mark)"), _code("a = None  # your code here"), _code("# Solution")],
            "no check() call to mark it automatically",
        ),
        (
            [_md("### Task 1: count (1 mark)"), _code('a = None  # your code here\ncheck("n", a)')],
            "no worked solution",
        ),
        (
            [_md("### Task 1: two (1 mark)"), _code('check("n", a)\ncheck("m", b)'), _code("# Solution")],
            "2 checks share 1 marks",
        ),
        (
            [_md("### Task 1: say why (3 marks, marked by hand)"), _md("Your answer", ["written-answer"])],
            "a written answer needs a marking guide",
        ),
        (
            [
                _md("### Task 1: say why (3 marks)"),
                _md("Your answer", ["written-answer"]),
                _md("Guide", ["solution", "marking-guide"]),
            ],
            "a written answer must be declared '(N marks, marked by hand)'",
        ),
        (
            [
                _md("### Task 1: say why (3 marks, marked by hand)"),
                _md("Your answer", ["written-answer"]),
                _md("Guide", ["marking-guide"]),
            ],
            "the marking guide is not also tagged 'solution'",
        ),
        (
            [
                _md("### Task 1: draw (2 marks, marked by hand)"),
                _code("# your plot here"),
                _code("# Solution"),
                _md("Guide", ["solution", "marking-guide"]),
            ],
            "a marking guide, but no written answer",
        ),
        ([_md("Your answer", ["written-answer"]), _md("### Task 1: x (1 mark)")], "outside any task"),
        ([_md("## Nothing to do")], "no tasks"),
    ],
)
def test_a_task_that_cannot_be_graded_is_named(cells, message):
    with pytest.raises(grading.GradingError, match=re.escape(message)) as caught:
        grading.tasks(_exercise(*cells), "ex.ipynb")
    assert str(caught.value).startswith("ex.ipynb")


# ---- the nbgrader source assignment ---------------------------------------------------------


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem[:2])
def test_the_source_assignment_gives_each_task_its_marks(path):
    notebook = assignments.nbgrader_notebook(path)
    found = grading.read_tasks(path)
    cells = [c for c in notebook.cells if "nbgrader" in c.metadata]
    tests = [c for c in cells if c.metadata.nbgrader["grade"] and not c.metadata.nbgrader["solution"]]
    by_hand = [c for c in cells if c.metadata.nbgrader["grade"] and c.metadata.nbgrader["solution"]]
    answers = [c for c in cells if c.metadata.nbgrader["solution"]]
    assert len(answers) == len(found)
    assert sum(c.metadata.nbgrader["points"] for c in tests + by_hand) == pytest.approx(
        grading.total_marks(found)
    )
    assert len(by_hand) == sum(t.by_hand for t in found)
    written = {f"{assignments.assignments_prefix(path)}-task{t.number}": t for t in found if t.written}
    for cell in answers:
        task = written.get(cell.metadata.nbgrader["grade_id"])
        if task is None:
            assert cell.cell_type == "code"
            assert assignments.BEGIN in cell.source and assignments.END in cell.source
        else:  # a written answer: its marking guide, which nbgrader replaces in the release
            assert cell.cell_type == "markdown" and cell.metadata.nbgrader["points"] == task.marks
            assert guide_lines(path)[0] in " ".join(cell.source.split()) and "Marking guide" in cell.source
            assert "<!--" not in cell.source and "](#" not in cell.source
    for cell in tests:
        assert assignments.HIDDEN_BEGIN in cell.source and "grade(check, " in cell.source
    ids = [c.metadata.nbgrader["grade_id"] for c in cells]
    assert len(set(ids)) == len(ids)
    text = "\n".join(c.source for c in notebook.cells)
    assert "<!--solutions" not in text and "<!--no-solutions" not in text and "no-code-route" not in text
    assert "If you are not using Python" not in text


def test_every_check_has_a_plausible_wrong_answer():
    for path in EXERCISES:
        names = {name for task in grading.read_tasks(path) for name, _ in task.checks}
        assert set(WRONG[path.name[:2]]) == names, path.name
