"""Make student copies of the exercise notebooks, without their worked solutions.

The same as ``python -m nhsreform student-copies --out OUT_DIR`` (see :mod:`nhsreform.student_copies`):
writes copies without the solution cells and solution-only prose to ``_build/student/exercises/``
(or the folder given), ready to hand out; they still run top to bottom, each check saying "Not
answered yet".

    .venv/bin/python scripts/make_student_notebooks.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nhsreform.__main__ import main as course_command  # noqa: E402


def main(out_dir: str | None = None) -> int:
    target = Path(out_dir) if out_dir else ROOT / "_build" / "student" / "exercises"
    return course_command(["student-copies", "--course", str(ROOT), "--out", str(target)])


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
