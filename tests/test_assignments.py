"""The exercises as gradable assignments (issue: nbgrader and Otter-Grader assignments): marks
declared beside each task, nbgrader source assignments written from the exercises, and the real
nbgrader run on them: ``generate_assignment`` accepts each, the students' version holds no
solution, the worked solution scores full marks on every autograded task, the untouched students'
version scores zero, and a plausible wrong answer loses its task's marks with the book's feedback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from nhsreform import assignments, grading
from nhsreform.checks import ch01

from .conftest import ROOT

EXERCISES = sorted((ROOT / "exercises").glob("[0-9][0-9]-*.ipynb"))
BIN = str(Path(sys.executable).parent)


def tool(name: str, folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run a grading tool's command (``nbgrader``, ``otter``) from this environment in ``folder``."""
    run = subprocess.run(
        [str(Path(BIN) / name), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"]},
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    return tool("nbgrader", course, *args)


def otter(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return tool("otter", folder, *args)


# ---- marks beside each task -----------------------------------------------------------------


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem[:2])
def test_every_task_declares_its_marks_and_can_be_graded(path):
    found = grading.read_tasks(path)
    assert [t.number for t in found] == list(range(1, len(found) + 1))
    for task in found:
        assert task.marks >= 1 and task.solutions
        assert bool(task.checks) != task.by_hand, task.label
    headings = [
        c.source.splitlines()[0]
        for c in nbformat.read(path, as_version=4).cells
        if c.source.startswith("### Task")
    ]
    assert all(h.endswith(("mark)", "marks)", "marked by hand)")) for h in headings), headings


def _exercise(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def _md(text):
    return nbformat.v4.new_markdown_cell(text)


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
        ([_md("## Nothing to do")], "no tasks"),
    ],
)
def test_a_task_that_cannot_be_graded_is_named(cells, message):
    with pytest.raises(grading.GradingError, match=re.escape(message)) as caught:
        grading.tasks(_exercise(*cells), "ex.ipynb")
    assert str(caught.value).startswith("ex.ipynb")


# ---- nbgrader --------------------------------------------------------------------------------


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
    for cell in answers:
        assert assignments.BEGIN in cell.source and assignments.END in cell.source
    for cell in tests:
        assert assignments.HIDDEN_BEGIN in cell.source and "grade(check, " in cell.source
    ids = [c.metadata.nbgrader["grade_id"] for c in cells]
    assert len(set(ids)) == len(ids)
    text = "\n".join(c.source for c in notebook.cells)
    assert "<!--solutions" not in text and "<!--no-solutions" not in text and "no-code-route" not in text
    assert "If you are not using Python" not in text


@pytest.fixture(scope="module")
def nbgrader_course(tmp_path_factory):
    course = tmp_path_factory.mktemp("nbgrader-course")
    assignments.write_nbgrader_source(ROOT, course)
    for path in EXERCISES:
        nbgrader(course, "generate_assignment", assignments.assignment_name(path), "--force")
    return course


def _solution_lines(path) -> list[str]:
    lines = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code" and cell.source.lstrip().startswith("# Solution"):
            body = [ln for ln in cell.source.splitlines()[1:] if "check(" not in ln and ln.strip()]
            if body:
                lines.append(max(body, key=len).strip())
    return lines


def test_generate_assignment_accepts_every_exercise_and_the_release_has_no_solution(nbgrader_course):
    for path in EXERCISES:
        release = nbgrader_course / "release" / assignments.assignment_name(path) / path.name
        text = release.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path.name
        for line in _solution_lines(path):
            assert json.dumps(line)[1:-1] not in text, (path.name, line)
        assert "# YOUR CODE HERE" in text


def _scores(course: Path, assignment: str, student: str) -> dict[str, tuple[float | None, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return {g.name: (g.auto_score, g.max_score) for nb in submission.notebooks for g in nb.grades}


def _submit(course: Path, assignment: str, student: str, notebook: Path) -> None:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(notebook, folder / notebook.name)


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem[:2])
def test_autograding_gives_the_solution_full_marks_and_the_untouched_copy_none(nbgrader_course, path):
    name = assignments.assignment_name(path)
    _submit(nbgrader_course, name, "solver", nbgrader_course / "source" / name / path.name)
    _submit(nbgrader_course, name, "blank", nbgrader_course / "release" / name / path.name)
    nbgrader(nbgrader_course, "autograde", name, "--create")
    found = grading.read_tasks(path)
    solver, blank = _scores(nbgrader_course, name, "solver"), _scores(nbgrader_course, name, "blank")
    automatic = {k: v for k, v in solver.items() if v[0] is not None}  # by-hand cells await a marker
    assert sum(m for _, m in automatic.values()) == sum(t.marks for t in found if not t.by_hand)
    assert all(score == most for score, most in automatic.values()), automatic
    assert all(score == 0 for score, _ in blank.values()), blank


def test_a_plausible_wrong_answer_loses_its_marks_with_the_books_feedback(nbgrader_course):
    """Exercise 1, task 1: counting rows instead of distinct providers."""
    path = EXERCISES[0]
    name = assignments.assignment_name(path)
    notebook = nbformat.read(nbgrader_course / "source" / name / path.name, as_version=4)
    answer = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "01-task1")
    answer.source = answer.source.replace(
        'answer_providers = ae["org_code"].nunique()', "answer_providers = len(ae)"
    )
    wrong = nbgrader_course / "wrong-answer" / path.name
    wrong.parent.mkdir(exist_ok=True)
    nbformat.write(notebook, wrong)
    _submit(nbgrader_course, name, "wrong", wrong)
    nbgrader(nbgrader_course, "autograde", name, "--create", "--student", "wrong")
    scores = _scores(nbgrader_course, name, "wrong")
    assert scores["01-task1-providers"] == (0.0, 1.0)
    assert scores["01-task2-england_monthly"] == (1.0, 1.0)  # the other tasks keep their marks
    graded = nbformat.read(nbgrader_course / "autograded" / "wrong" / name / path.name, as_version=4)
    test = next(
        c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "01-task1-providers"
    )
    shown = "\n".join(o.get("evalue", "") for o in test.outputs)
    from nhsreform.data import load_ae_attendances

    expected = ch01.check("providers", len(load_ae_attendances())).message
    assert shown == f"Task 1: {expected}"


def test_the_command_writes_an_nbgrader_folder_and_names_a_wrong_chapter(tmp_path):
    def command(*args):
        return subprocess.run(
            [sys.executable, "-m", "nhsreform", "assignments", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )

    run = command("--chapter", "ch99", "--out", str(tmp_path / "c"))
    assert (
        run.returncode == 2
        and "no exercise for chapter 'ch99'" in run.stderr
        and "Traceback" not in run.stderr
    )
    assert not (tmp_path / "c").exists()
    run = command("--chapter", "03", "--out", str(tmp_path / "c"))
    assert run.returncode == 0, run.stderr
    assert "ex03: 03-ratings-and-infections.ipynb (11 marks)" in run.stderr
    assert (tmp_path / "c" / "nbgrader_config.py").read_text() == assignments.NBGRADER_CONFIG
    assert run.stdout.strip() == str(tmp_path / "c" / "source" / "ex03" / "03-ratings-and-infections.ipynb")


# ---- Otter-Grader ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def otter_course(tmp_path_factory):
    """Each exercise's Otter master notebook, through ``otter assign`` (its student version and
    its autograder zip)."""
    course = tmp_path_factory.mktemp("otter-course")
    for master in assignments.write_otter_masters(ROOT, course):
        otter(master.parent, "assign", master.name, "dist")
    return course


def _otter_run(folder: Path, notebook: Path, label: str) -> dict:
    (zipped,) = (folder / "dist" / "autograder").glob("*.zip")
    results = folder / "results" / label
    results.mkdir(parents=True, exist_ok=True)
    otter(folder, "run", "-a", str(zipped), "-o", str(results), str(notebook))
    return json.loads((results / "results.json").read_text())


def _otter_scores(results: dict) -> dict[str, float]:
    return {test["name"]: test["score"] for test in results["tests"] if "score" in test}


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem[:2])
def test_otter_gives_the_solution_full_marks_and_the_untouched_copy_none(otter_course, path):
    folder = otter_course / assignments.assignment_name(path)
    student = folder / "dist" / "student" / path.name
    text = student.read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text
    for line in _solution_lines(path):
        assert json.dumps(line)[1:-1] not in text, (path.name, line)
    automatic = sum(t.marks for t in grading.read_tasks(path) if not t.by_hand)
    solved = _otter_run(folder, folder / "dist" / "autograder" / path.name, "solver")
    blank = _otter_run(folder, student, "blank")
    assert sum(_otter_scores(solved).values()) == pytest.approx(automatic), solved
    assert sum(_otter_scores(blank).values()) == 0, blank


def test_otter_takes_a_plausible_wrong_answers_marks_with_the_books_feedback(otter_course):
    """Exercise 1, task 1 again: counting rows instead of distinct providers."""
    path = EXERCISES[0]
    folder = otter_course / assignments.assignment_name(path)
    notebook = nbformat.read(folder / "dist" / "autograder" / path.name, as_version=4)
    (answer,) = [c for c in notebook.cells if 'answer_providers = ae["org_code"].nunique()' in c.source]
    answer.source = answer.source.replace(
        'answer_providers = ae["org_code"].nunique()', "answer_providers = len(ae)"
    )
    wrong = folder / "wrong" / path.name
    wrong.parent.mkdir(exist_ok=True)
    nbformat.write(notebook, wrong)
    results = _otter_run(folder, wrong, "wrong")
    scores = _otter_scores(results)
    assert scores["task1"] == 0 and scores["task2"] == 1
    from nhsreform.data import load_ae_attendances

    expected = ch01.check("providers", len(load_ae_attendances())).message
    (task1,) = [t for t in results["tests"] if t["name"] == "task1"]
    assert f"AssertionError: Task 1: {expected}" in task1["output"]
