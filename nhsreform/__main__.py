"""The course's command line: ``python -m nhsreform <command>`` (or the ``nhsreform`` script).

Commands:

- ``quiz-export``: the quizzes as files for a learning platform (Moodle XML, Canvas QTI 1.2),
  see :mod:`nhsreform.lms`;
- ``student-copies``: the exercise notebooks without their worked solutions, to hand out, see
  :mod:`nhsreform.student_copies`.

Each command is one function taking the parsed arguments; add a command by writing its function
and registering it in :func:`build_parser`. A mistake in the request (an unknown chapter, an
output path that is a file) is reported on one line and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

USAGE_ERROR = 2


class UsageError(Exception):
    """A request the command cannot carry out; its message is shown on one line."""


def _quiz_export(args: argparse.Namespace) -> int:
    from .lms import FORMATS, ExportError, export_quizzes
    from .quiz_bank import QuizBankError

    formats = list(FORMATS) if args.format == "all" else [args.format]
    try:
        written = export_quizzes(args.out, formats, args.chapter)
    except (ExportError, QuizBankError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write to {exc.filename or args.out}: {exc.strerror}") from None
    for path in written:
        print(path)
    print(f"{len(written)} files written to {args.out}", file=sys.stderr)
    return 0


def _student_copies(args: argparse.Namespace) -> int:
    from .student_copies import StudentCopyError, write_student_copies

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        written = write_student_copies(args.course, args.out, args.chapter, progress=progress)
    except StudentCopyError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write to {exc.filename or args.out}: {exc.strerror}") from None
    for path in written:
        print(path)
    noun = "copy" if len(written) == 1 else "copies"
    print(f"{len(written)} student {noun} written to {args.out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nhsreform", description="Tools for the course 'Reforming the NHS from within'."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    export = commands.add_parser(
        "quiz-export",
        help="write the quizzes as Moodle XML and/or Canvas QTI 1.2 files",
        description=(
            "Write each chapter's quiz (and its exercise quiz) as a file a learning platform "
            "imports: <bank>.moodle.xml (Moodle: Question bank > Import > Moodle XML) and "
            "<bank>.qti.zip (Canvas: Import course content > QTI .zip file)."
        ),
    )
    export.add_argument(
        "--format", choices=["moodle", "qti", "all"], default="all", help="which files (default: all)"
    )
    export.add_argument(
        "--chapter",
        nargs="+",
        metavar="NAME",
        help="chapters (ch01 exports ch01 and ch01-exercise) or single banks (ch01-exercise); default: all",
    )
    export.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write into")
    export.set_defaults(run=_quiz_export)

    copies = commands.add_parser(
        "student-copies",
        help="write the exercise notebooks without their worked solutions",
        description=(
            "Write a copy of each exercise notebook with its worked-solution cells, its outputs and "
            "the sentences that point to a solution left out, ready to hand out. The copies run top "
            "to bottom; each check then says 'Not answered yet'."
        ),
    )
    copies.add_argument(
        "--chapter", nargs="+", metavar="NAME", help="chapters' exercises (ch01 or 01); default: all"
    )
    copies.add_argument(
        "--course",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the course's folder, holding exercises/ (default: the current folder)",
    )
    copies.add_argument(
        "--out", required=True, metavar="DIR", help="folder to write into (not the exercises' own)"
    )
    copies.set_defaults(run=_student_copies)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"{parser.prog} {args.command}: error: {exc}", file=sys.stderr)
        return USAGE_ERROR


if __name__ == "__main__":
    sys.exit(main())
