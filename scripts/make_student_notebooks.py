"""Make student copies of the exercise notebooks, without their worked solutions.

The same as ``python -m nhsreform student-copies --out OUT_DIR`` (see :mod:`nhsreform.student_copies`):
writes copies without the solution cells and solution-only prose to ``_build/student/exercises/``
(or the folder given), ready to hand out; they still run top to bottom, each check saying "Not
answered yet". ``--without-no-code-route`` leaves out the "If you are not using Python" section
too, whose charts and key numbers state most results (for marked work).

    .venv/bin/python scripts/make_student_notebooks.py [OUT_DIR] [--without-no-code-route]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nhsreform.__main__ import main as course_command  # noqa: E402

ROUTE_FLAG = "--without-no-code-route"


def main(*args: str) -> int:
    flags = [a for a in args if a.startswith("-")]
    folders = [a for a in args if not a.startswith("-")]
    unknown = [f for f in flags if f != ROUTE_FLAG]
    if unknown or len(folders) > 1:
        print(f"usage: make_student_notebooks.py [OUT_DIR] [{ROUTE_FLAG}]", file=sys.stderr)
        return 2
    target = Path(folders[0]) if folders else ROOT / "_build" / "student" / "exercises"
    return course_command(["student-copies", "--course", str(ROOT), "--out", str(target), *flags])


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
