"""The course's command line: ``python -m nhsreform <command>`` (or the ``nhsreform`` script).

Commands:

- ``quiz-export``: the quizzes as files for a learning platform (Moodle XML, Canvas QTI 1.2),
  see :mod:`nhsreform.lms`.

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
