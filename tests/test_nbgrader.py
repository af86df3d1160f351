"""The exercises through the real nbgrader (issue: nbgrader and Otter-Grader assignments).

The course writes the source assignments; ``nbgrader generate_assignment`` accepts every one and
its release holds no worked solution or marking guide. Three students hand in each exercise: the
worked solution, the untouched release, and the solution with a plausible wrong answer to every
check; one ``nbgrader autograde`` marks them all, as a course marks a whole class. The solution
earns every automatic mark, the untouched copy none, and each wrong answer loses its marks with the
book's own feedback."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from nhsreform import assignments, grading

from .conftest import ROOT
from .grading_tools import (
    EXERCISES,
    WRONG,
    feedback,
    guide_lines,
    prose,
    solution_lines,
    tool,
    wrong_nbgrader_notebook,
)

#: A slow file (nbgrader over every exercise): handed out early, see tests/conftest.py.
SLOW = True


def _submit(course: Path, assignment: str, student: str, name: str, notebook) -> None:
    """Hand in ``notebook`` as ``student``'s copy of ``name`` in ``assignment``."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, folder / name)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """Every exercise as an nbgrader assignment, generated and then handed in by three students."""
    course = tmp_path_factory.mktemp("nbgrader-course")
    assignments.write_nbgrader_source(ROOT, course)
    tool("nbgrader", course, "generate_assignment", "*", "--force")
    for path in EXERCISES:
        name = assignments.assignment_name(path)
        source = course / "source" / name / path.name
        released = nbformat.read(course / "release" / name / path.name, as_version=4)
        _submit(course, name, "solver", path.name, nbformat.read(source, as_version=4))
        _submit(course, name, "blank", path.name, released)
        _submit(course, name, "mistaken", path.name, wrong_nbgrader_notebook(source))
    tool("nbgrader", course, "autograde", "*", "--create")
    return course


def _scores(course: Path, assignment: str, student: str) -> dict[str, tuple[float | None, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return {g.name: (g.auto_score, g.max_score) for nb in submission.notebooks for g in nb.grades}


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem[:2])
def test_the_release_has_no_solution_and_one_empty_written_answer(course, path):
    release = course / "release" / assignments.assignment_name(path) / path.name
    text = release.read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    for line in solution_lines(path):
        assert json.dumps(line)[1:-1] not in text, line
    assert "# YOUR CODE HERE" in text
    released = nbformat.read(release, as_version=4)
    for line in guide_lines(path):  # no marking guide or model answer either
        assert line not in prose(released), line
    written = [c for c in released.cells if c.cell_type == "markdown" and "nbgrader" in c.metadata]
    assert [c.source for c in written] == ["YOUR ANSWER HERE"]


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem[:2])
def test_autograding_gives_the_solution_full_marks_and_the_untouched_copy_none(course, path):
    name = assignments.assignment_name(path)
    found = grading.read_tasks(path)
    solver, blank = _scores(course, name, "solver"), _scores(course, name, "blank")
    automatic = {k: v for k, v in solver.items() if v[0] is not None}  # by-hand cells await a marker
    assert sum(m for _, m in automatic.values()) == sum(t.marks for t in found if not t.by_hand)
    assert all(score == most for score, most in automatic.values()), automatic
    assert all(score == 0 for score, _ in blank.values()), blank


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem[:2])
def test_each_wrong_answer_loses_its_marks_with_the_books_feedback(course, path):
    """Each test cell scores nothing and says "Task N: " and the book's message: the message the
    answer cell's own check showed in the same graded notebook."""
    name = assignments.assignment_name(path)
    scores = _scores(course, name, "mistaken")
    graded = nbformat.read(course / "autograded" / "mistaken" / name / path.name, as_version=4)
    messages = {}
    for cell in graded.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and not meta.get("grade"):
            calls = grading.CHECK_CALL.findall(cell.source)
            for (check_name, _), text in zip(calls, feedback(cell), strict=True):
                assert text.startswith("✘ Not yet. "), (check_name, text)
                messages[check_name] = text.removeprefix("✘ Not yet. ")
        if meta.get("grade") and not meta.get("solution"):
            check_name = meta["grade_id"].split("-", 2)[2]
            assert scores[meta["grade_id"]][0] == 0, (meta["grade_id"], scores[meta["grade_id"]])
            errors = [o.get("evalue", "") for o in cell.outputs if o.get("output_type") == "error"]
            task = meta["grade_id"].split("-")[1].removeprefix("task")
            assert errors == [f"Task {task}: {messages[check_name]}"], (meta["grade_id"], errors)
    assert set(messages) == set(WRONG[path.name[:2]])
