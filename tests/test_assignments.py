"""The exercises as gradable assignments (issue: nbgrader and Otter-Grader assignments): marks
declared beside each task, nbgrader source assignments written from the exercises, and the real
nbgrader run on them: ``generate_assignment`` accepts each, the students' version holds no
solution, the worked solution scores full marks on every autograded task, the untouched students'
version scores zero, and a plausible wrong answer to each check loses its marks with the book's
feedback; the same with Otter-Grader (``otter assign``, ``otter run``)."""

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
    written = {f"{assignments.assignments_prefix(path)}-task{t.number}": t for t in found if t.written}
    for cell in answers:
        task = written.get(cell.metadata.nbgrader["grade_id"])
        if task is None:
            assert cell.cell_type == "code"
            assert assignments.BEGIN in cell.source and assignments.END in cell.source
        else:  # a written answer: its marking guide, which nbgrader replaces in the release
            assert cell.cell_type == "markdown" and cell.metadata.nbgrader["points"] == task.marks
            assert _guide_lines(path)[0] in " ".join(cell.source.split()) and "Marking guide" in cell.source
            assert "<!--" not in cell.source and "](#" not in cell.source
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


def _guide_lines(path) -> list[str]:
    """The numbered points or items of each written answer's marking guide, as one line each."""
    lines = []
    for cell in nbformat.read(path, as_version=4).cells:
        if "marking-guide" in cell.metadata.get("tags", []):
            items = re.findall(r"^(?:\d+\.|-) +(.+?)(?=\n\S|\n *\n|\Z)", cell.source, re.M | re.S)
            lines += [" ".join(item.split())[:60] for item in items]
    assert lines, path.name
    return lines


def test_generate_assignment_accepts_every_exercise_and_the_release_has_no_solution(nbgrader_course):
    for path in EXERCISES:
        release = nbgrader_course / "release" / assignments.assignment_name(path) / path.name
        text = release.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path.name
        for line in _solution_lines(path):
            assert json.dumps(line)[1:-1] not in text, (path.name, line)
        assert "# YOUR CODE HERE" in text
        released = nbformat.read(release, as_version=4)
        prose = " ".join(" ".join(c.source.split()) for c in released.cells)
        for line in _guide_lines(path):  # no marking guide or model answer either
            assert line not in prose, (path.name, line)
        written = [c for c in released.cells if c.cell_type == "markdown" and "nbgrader" in c.metadata]
        assert [c.source for c in written] == ["YOUR ANSWER HERE"], path.name


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
    prose = " ".join(" ".join(c.source.split()) for c in nbformat.read(student, as_version=4).cells)
    for line in _guide_lines(path):
        assert line not in prose, (path.name, line)
    assert prose.count("_Type your answer here, replacing this text._") == 1, path.name
    automatic = sum(t.marks for t in grading.read_tasks(path) if not t.by_hand)
    solved = _otter_run(folder, folder / "dist" / "autograder" / path.name, "solver")
    blank = _otter_run(folder, student, "blank")
    assert sum(_otter_scores(solved).values()) == pytest.approx(automatic), solved
    assert sum(_otter_scores(blank).values()) == 0, blank


# ---- one plausible wrong answer per check, both tools -------------------------------------------

#: For each exercise's check, a statement run after the worked solution that turns its answer into
#: a mistake a student plausibly makes (many are the slips the course's own checks know).
WRONG = {
    "01": {
        "providers": "answer_providers = len(ae)  # rows, not distinct providers",
        "england_monthly": "answer_england = answer_england / 100  # proportions, not percentages",
        "months_meeting_standard": "answer_months = len(answer_england) - answer_months  # months missing it",
        "type1_meeting_standard_last_month": "answer_meeting = int((march < 95).sum())  # those below",
        "type1_median_last_month": "answer_median = round(march.mean(), 1)  # the mean",
    },
    "02": {
        "all_types": "answer_all_types = answer_all_types / 100",
        "target_in_force": "answer_target = answer_target * 0 + 95  # 95% throughout",
        "quarters_meeting": "answer_meeting = int((ae['all_types'] < ae['target']).sum())  # below it",
        "quarters_meeting_qualitywatch": "answer_meeting_qw = answer_meeting  # the course's dates again",
        "type1_quarters_meeting": "answer_type1 = answer_meeting  # all types, not type 1",
        "version_max_difference": "answer_max_difference = difference.max() + 1  # a rounding slip",
        "survey_gap_2004": "answer_gap = 96 / 77  # a ratio, not a gap",
        "trusts_share_2002": "answer_trusts = answer_trusts / 100",
    },
    "03": {
        "star_shares_2003": "answer_shares = answer_shares / 100",
        "complete_years": "answer_complete = len(stars)  # every year, complete or not",
        "ahc_excellent_or_good": "answer_top_two = ahc['excellent']  # excellent alone",
        "ahc_printed_totals": "answer_totals = answer_totals * 0 + 100  # assumed, not added",
        "cqc_acute_good_or_outstanding": (
            "answer_acute_2016 = round(float(100 * counts['good'] / counts.sum()), 1)  # good alone"
        ),
        "acute_core_services_change": "answer_change = -answer_change  # the wrong way round",
        "mrsa_fall": "answer_mrsa_fall = round(100 - answer_mrsa_fall, 1)  # what is left",
        "cdiff_fall": "answer_cdiff_fall = round(100 - answer_cdiff_fall, 1)",
        "mrsa_index": "answer_index = answer_index / 100  # base 1, not 100",
    },
    "04": {
        "ft_series": "answer_series = answer_series.iloc[:-1]  # the last count left out",
        "growth_per_year": "answer_growth = answer_series.diff().dropna()  # per interval, not per year",
        "share_2013": "answer_share = 40.7  # the share not yet foundation trusts",
        "did_count": "answer_did = len(studies)  # every study",
        "ami_did_studies": "answer_ami = did  # every difference-in-differences study",
    },
    "05": {
        "structural_count": "answer_count = len(timeline)  # every event",
        "intervals": "answer_intervals = years.diff()  # with the leading gap",
        "mean_interval": "answer_mean = answer_mean + 1",
        "per_decade": "answer_decades = answer_decades.cumsum()",
        "without_c": "answer_without_c = answer_count  # none left out",
        "step_senior_pct": "answer_step_senior = 15.7  # the fall's size, not its sign",
        "step_managers_pct": "answer_step_managers = 16.25",
        "change_2009_2017_pct": "answer_change_2009_2017 = 13.54",
        "senior_back_above": "answer_back_above = senior.idxmax()  # the peak, not the return",
    },
    "06": {
        "trusts_2019": "answer_trusts = 128  # before dropping the rows with no SHMI",
        "correlation_2019": "answer_r = 0.267  # the sign lost",
        "correlation_by_year": "answer_by_year = -answer_by_year",
        "slope_2019": "answer_slope = 2.806  # the intercept",
        "region_gap": "answer_gap = -0.0781  # South minus North",
        "slope_within_regions": "answer_within = -0.458  # region left out",
    },
    "07": {
        "mean": "answer_mean = 13179.0",
        "mean_moving_range": "answer_mr = 643.7037037037037",
        "upper_limit": "answer_upper = 15163.495726495727",
        "months_outside": "answer_outside = 1  # one side only",
        "per_day_outside": "answer_per_day = 9",
    },
    "08": {
        "mean_before": "answer_mean_before = dtoc['delayed_beds_total'].mean()  # every month",
        "peak_rise_pct": "answer_peak_rise = total.max() - total.iloc[0]  # beds, not per cent",
        "social_care_share": "answer_share = answer_share / 100",
        "social_care_rise_pct": "answer_social_rise = answer_social_rise / 100",
        "readmissions_change": "answer_readmissions = -answer_readmissions  # first minus last",
        "gm_worse": "answer_worse = len(gm)  # every outcome",
    },
    "09": {
        "march_pct": "answer_pct = answer_pct / 100",
        "centre_line": "answer_centre = 80.01  # the mean of the departments' percentages",
        "outside_998": "answer_outside = 129",
        "phi": "answer_phi = 572.7",
        "outside_adjusted": "answer_adjusted = 15",
        "flagged_trust": "answer_trust = 'RAS'",
    },
    "10": {
        "definitely_change": "answer_change = -7.0  # the wrong way round",
        "lowest_year": "answer_year = 2015",
        "top_ratings_2015": "answer_top = 27",
        "mean_rating_2012": "answer_mean = 7.84",
        "choice_rise": "answer_choice = 10.0",
        "gp_change": "answer_gp = 3.1",
    },
    "11": {
        "people": "answer_people = 21  # spells, not people",
        "median_days": "answer_median = 712.4",
        "longest_days": "answer_longest = 1952",
        "under_a_year": "answer_short = 5",
        "text_values": "answer_text = 0",
        "gap_points": "answer_gap = 83.0",
    },
    "12": {
        "gap_year15": "answer_gap = -2.37  # real minus reported",
        "highest_engagement": 'answer_engaged = "The report\'s mix"',
        "band_width": "answer_width = 17.27",
        "reorganisation_loss": "answer_loss = -21.1",
        "my_programme": "my_programme = dict(my_programme, reorganisations=-1)  # below the range",
    },
}


def _wrong_notebook(source: Path):
    """The worked solution of an nbgrader source notebook with each autograded answer made wrong."""
    number = source.name[:2]
    notebook = nbformat.read(source, as_version=4)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and not meta.get("grade"):
            names = [m[0] for m in grading.CHECK_CALL.findall(cell.source)]
            mistakes = "\n".join(WRONG[number][name] for name in names)
            cell.source = cell.source.replace(assignments.END, assignments.END + "\n" + mistakes)
    return notebook


def test_every_check_has_a_plausible_wrong_answer():
    for path in EXERCISES:
        names = {name for task in grading.read_tasks(path) for name, _ in task.checks}
        assert set(WRONG[path.name[:2]]) == names, path.name


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem[:2])
def test_each_wrong_answer_loses_its_marks_with_the_books_feedback_in_both_tools(
    nbgrader_course, otter_course, path
):
    """nbgrader: each test cell scores nothing and says "Task N: " and the book's message, the
    message the answer cell's own check shows; Otter: the same message for each of its tests."""
    name = assignments.assignment_name(path)
    wrong = nbgrader_course / "wrong-answers" / path.name
    wrong.parent.mkdir(exist_ok=True)
    nbformat.write(_wrong_notebook(nbgrader_course / "source" / name / path.name), wrong)
    _submit(nbgrader_course, name, "mistaken", wrong)
    nbgrader(nbgrader_course, "autograde", name, "--create", "--student", "mistaken")
    scores = _scores(nbgrader_course, name, "mistaken")
    graded = nbformat.read(nbgrader_course / "autograded" / "mistaken" / name / path.name, as_version=4)
    messages = {}
    for cell in graded.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and not meta.get("grade"):
            shown = [
                o["data"]["text/plain"]
                for o in cell.outputs
                if o.get("data", {}).get("text/plain", "").startswith(("✘", "✔", "…"))
            ]
            for (check_name, _), text in zip(grading.CHECK_CALL.findall(cell.source), shown, strict=True):
                assert text.startswith("✘ Not yet. "), (check_name, text)
                messages[check_name] = text.removeprefix("✘ Not yet. ")
        if meta.get("grade") and not meta.get("solution"):
            check_name = meta["grade_id"].split("-", 2)[2]
            assert scores[meta["grade_id"]][0] == 0, (meta["grade_id"], scores[meta["grade_id"]])
            errors = [o.get("evalue", "") for o in cell.outputs if o.get("output_type") == "error"]
            task = meta["grade_id"].split("-")[1].removeprefix("task")
            assert errors == [f"Task {task}: {messages[check_name]}"], (meta["grade_id"], errors)
    assert set(messages) == set(WRONG[path.name[:2]])
    folder = otter_course / name
    otter_notebook = nbformat.read(folder / "dist" / "autograder" / path.name, as_version=4)
    for cell in otter_notebook.cells:
        names = [m[0] for m in grading.CHECK_CALL.findall(cell.source)]
        if names and "grader.check" not in cell.source:
            lines = cell.source.splitlines()
            at = next((k for k, ln in enumerate(lines) if CHECK_LINE.match(ln)), len(lines))
            cell.source = "\n".join(lines[:at] + [WRONG[path.name[:2]][n] for n in names] + lines[at:])
    wrong_otter = folder / "wrong-answers" / path.name
    wrong_otter.parent.mkdir(exist_ok=True)
    nbformat.write(otter_notebook, wrong_otter)
    results = _otter_run(folder, wrong_otter, "mistaken")
    assert sum(_otter_scores(results).values()) == 0, _otter_scores(results)
    outputs = "\n".join(t.get("output", "") for t in results["tests"])
    for task in grading.read_tasks(path):
        for check_name, _ in task.checks:
            assert f"AssertionError: Task {task.number}: {messages[check_name]}" in outputs, check_name


CHECK_LINE = re.compile(r"^\s*(display\()?check\(")
