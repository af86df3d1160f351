"""The exercises through the real Otter-Grader (issue: nbgrader and Otter-Grader assignments).

The course writes each exercise's Otter master notebook; ``otter assign`` turns it into a
student's version with no worked solution or marking guide, and an autograder. ``otter run``
then grades three hand-ins per exercise: the worked solution earns every automatic mark, the
untouched student's version none, and the solution with a plausible wrong answer to every check
loses each mark with the book's own feedback (the message the answer cell's check shows when the
same notebook runs in Jupyter). The commands run in one process (tests/otter_batch.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

from nhsreform import assignments, grading

from .conftest import ROOT
from .grading_tools import (
    EXERCISES,
    feedback,
    guide_lines,
    prose,
    solution_lines,
    tool,
    wrong_otter_notebook,
)

#: A slow file (Otter over every exercise): handed out early, see tests/conftest.py.
SLOW = True

BATCH = Path(__file__).with_name("otter_batch.py")
HAND_INS = ("solver", "blank", "mistaken")


def _otter(jobs: list, where: Path) -> None:
    """Run Otter commands (``[folder, [arguments...]]``) in one process."""
    (where / "jobs.json").write_text(json.dumps([[str(f), a] for f, a in jobs]), encoding="utf-8")
    tool(Path(sys.executable).name, where, str(BATCH), str(where / "jobs.json"))


def _folder(course: Path, path: Path) -> Path:
    return course / assignments.assignment_name(path)


def _hand_in(course: Path, path: Path, who: str) -> Path:
    folder = _folder(course, path)
    return {
        "solver": folder / "dist" / "autograder" / path.name,
        "blank": folder / "dist" / "student" / path.name,
        "mistaken": folder / "wrong-answers" / path.name,
    }[who]


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """Every exercise through ``otter assign``, and its three hand-ins through ``otter run``; the
    wrong answers' notebook also run in Jupyter, for the feedback a student sees there."""
    course = tmp_path_factory.mktemp("otter-course")
    masters = assignments.write_otter_masters(ROOT, course)
    _otter([(m.parent, ["assign", m.name, "dist"]) for m in masters], course)
    runs = []
    for path in EXERCISES:
        mistaken = _hand_in(course, path, "mistaken")
        mistaken.parent.mkdir()
        nbformat.write(wrong_otter_notebook(_hand_in(course, path, "solver")), mistaken)
        (zipped,) = (_folder(course, path) / "dist" / "autograder").glob("*.zip")
        for who in HAND_INS:
            results = _folder(course, path) / "results" / who
            results.mkdir(parents=True)
            hand_in = str(_hand_in(course, path, who))
            runs.append((results, ["run", "--no-logo", "-a", str(zipped), "-o", str(results), hand_in]))
    _otter(runs, course)
    wrong = [str(_hand_in(course, path, "mistaken")) for path in EXERCISES]
    ran = str(course / "ran")
    tool(
        "jupyter",
        course,
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--allow-errors",
        "--output-dir",
        ran,
        *wrong,
    )
    return course


def _results(course: Path, path: Path, who: str) -> dict:
    return json.loads((_folder(course, path) / "results" / who / "results.json").read_text(encoding="utf-8"))


def _scores(results: dict) -> dict[str, float]:
    return {test["name"]: test["score"] for test in results["tests"] if "score" in test}


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem[:2])
def test_the_students_version_has_no_solution_and_one_place_to_write(course, path):
    student = _hand_in(course, path, "blank")
    text = student.read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text
    for line in solution_lines(path):
        assert json.dumps(line)[1:-1] not in text, line
    words = prose(nbformat.read(student, as_version=4))
    for line in guide_lines(path):
        assert line not in words, line
    assert words.count("_Type your answer here, replacing this text._") == 1


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem[:2])
def test_otter_gives_the_solution_full_marks_and_the_untouched_copy_none(course, path):
    automatic = sum(t.marks for t in grading.read_tasks(path) if not t.by_hand)
    solved, blank = _results(course, path, "solver"), _results(course, path, "blank")
    assert sum(_scores(solved).values()) == pytest.approx(automatic), solved
    assert sum(_scores(blank).values()) == 0, blank


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem[:2])
def test_each_wrong_answer_loses_its_marks_with_the_books_feedback(course, path):
    """Each of Otter's tests scores nothing, and its failure says "Task N: " and the message the
    answer cell's own check shows for that answer in Jupyter."""
    results = _results(course, path, "mistaken")
    assert sum(_scores(results).values()) == 0, _scores(results)
    messages = {}
    for cell in nbformat.read(course / "ran" / path.name, as_version=4).cells:
        calls = grading.CHECK_CALL.findall(cell.source)
        if not calls or "grader.check" in cell.source:  # not an answer cell
            continue
        for (check_name, _), text in zip(calls, feedback(cell), strict=True):
            assert text.startswith("✘ Not yet. "), (check_name, text)
            messages[check_name] = text.removeprefix("✘ Not yet. ")
    outputs = "\n".join(t.get("output", "") for t in results["tests"])
    checks = [(task.number, name) for task in grading.read_tasks(path) for name, _ in task.checks]
    assert {name for _, name in checks} == set(messages)
    for number, check_name in checks:
        assert f"AssertionError: Task {number}: {messages[check_name]}" in outputs, check_name
