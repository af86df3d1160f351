"""Make student copies of the exercise notebooks, without their worked solutions.

The exercises are written once, with solutions (scikit-learn-mooc style single source). A
solution is a code cell whose first line is ``# Solution``. This script writes copies with those
cells removed to ``_build/student/exercises/`` (or the folder given), ready to hand out; the
student copies still run top to bottom, each check saying "Not answered yet".

    .venv/bin/python scripts/make_student_notebooks.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def is_solution(cell) -> bool:
    return cell.cell_type == "code" and cell.source.lstrip().startswith("# Solution")


def student_version(nb):
    """A copy of ``nb`` without solution cells, and without outputs."""
    out = nbformat.from_dict(nb)
    out.cells = [c for c in out.cells if not is_solution(c)]
    for c in out.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    return out


def main(out_dir: str | None = None) -> int:
    target = Path(out_dir) if out_dir else ROOT / "_build" / "student" / "exercises"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        student = student_version(nb)
        nbformat.write(student, target / path.name)
        removed = len(nb.cells) - len(student.cells)
        print(f"{path.relative_to(ROOT)} -> {target / path.name} ({removed} solution cells removed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
