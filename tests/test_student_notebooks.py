"""Student copies of the exercises: no solution code left, and they still run, every check
saying the task is not answered yet."""

from __future__ import annotations

import importlib.util

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("make_student", ROOT / "scripts" / "make_student_notebooks.py")
make_student = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_student)

EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_student_copy_has_no_solutions_and_runs(path, tmp_path):
    make_student.main(str(tmp_path))
    student = nbformat.read(tmp_path / path.name, as_version=4)
    original = nbformat.read(path, as_version=4)
    solutions = [c for c in original.cells if make_student.is_solution(c)]
    assert solutions, "the exercise has worked solutions to remove"
    for c in solutions:
        assert all(c.source != s.source for s in student.cells)
    NotebookClient(
        student, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    checks = [
        o
        for c in student.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if "text/plain" in o.get("data", {}) and "answered" in o["data"]["text/plain"]
    ]
    assert checks and all("Not answered yet" in o["data"]["text/plain"] for o in checks)
