"""The course's command line: ``python -m nhsreform <command>`` (or the ``nhsreform`` script).

Commands:

- ``quiz-export``: the quizzes as files for a learning platform (Moodle XML, Canvas QTI 1.2),
  see :mod:`nhsreform.lms`;
- ``student-copies``: the exercise notebooks without their worked solutions, to hand out, see
  :mod:`nhsreform.student_copies`;
- ``quiz-sheets``: printable A4 PDFs of each quiz, questions only and with answers, see
  :mod:`nhsreform.printables`;
- ``book-pdf``: the whole built book as an A4 PDF, the student edition without worked solutions
  and the instructor's with them, see :mod:`nhsreform.book_pdf`;
- ``bundle``: one zip for a room with no network: the built book, the notebooks, the data, the
  quiz exports, the PDFs and a README, see :mod:`nhsreform.bundle`;
- ``assignments``: the exercises as nbgrader source assignments, with each task's marks, see
  :mod:`nhsreform.assignments`.

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


def _progress(line: str) -> None:
    """Progress of a slow command, on standard error so that standard output lists the files."""
    print(line, file=sys.stderr, flush=True)


def _cannot_write(exc: OSError, out: Path) -> UsageError:
    return UsageError(f"cannot write to {exc.filename or out}: {exc.strerror}")


def _written(make, errors: tuple[type[Exception], ...], out: Path, nouns: tuple[str, str]) -> int:
    """Run ``make``, which writes files into ``out`` and returns them: a mistake in the request
    (one of ``errors``) or a folder that cannot be written becomes a one-line error; the files are
    listed on standard output and counted on standard error (``nouns``: one, many)."""
    if Path(out).exists() and not Path(out).is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    try:
        written = make()
    except errors as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise _cannot_write(exc, out) from None
    for path in written:
        print(path)
    print(f"{len(written)} {nouns[len(written) != 1]} written to {out}", file=sys.stderr)
    return 0


def _quiz_export(args: argparse.Namespace) -> int:
    from .lms import FORMATS, ExportError, export_quizzes
    from .quiz_bank import QuizBankError

    formats = list(FORMATS) if args.format == "all" else [args.format]
    return _written(
        lambda: export_quizzes(args.out, formats, args.chapter),
        (ExportError, QuizBankError),
        args.out,
        ("file", "files"),
    )


def _student_copies(args: argparse.Namespace) -> int:
    from .student_copies import StudentCopyError, write_student_copies

    return _written(
        lambda: write_student_copies(
            args.course, args.out, args.chapter, progress=_progress, no_code_route=args.no_code_route
        ),
        (StudentCopyError,),
        Path(args.out),
        ("student copy", "student copies"),
    )


def _quiz_sheets(args: argparse.Namespace) -> int:
    from .lms import ExportError
    from .printables import PrintError, write_quiz_sheets
    from .quiz_bank import QuizBankError

    return _written(
        lambda: write_quiz_sheets(args.out, args.chapter, progress=_progress),
        (ExportError, PrintError, QuizBankError),
        args.out,
        ("PDF", "PDFs"),
    )


def _book_pdf(args: argparse.Namespace) -> int:
    from .book_pdf import EDITIONS, BookPdfError, write_book_pdfs
    from .printables import PrintError

    editions = list(EDITIONS) if args.edition == "both" else [args.edition]
    return _written(
        lambda: write_book_pdfs(args.course, args.site, args.out, editions, progress=_progress),
        (BookPdfError, PrintError),
        args.out,
        ("PDF", "PDFs"),
    )


def _assignments(args: argparse.Namespace) -> int:
    from .assignments import write_nbgrader_source, write_otter_masters
    from .grading import GradingError
    from .student_copies import StudentCopyError

    write = write_otter_masters if args.tool == "otter" else write_nbgrader_source
    return _written(
        lambda: write(args.course, args.out, args.chapter, progress=_progress),
        (GradingError, StudentCopyError),
        args.out,
        ("assignment", "assignments"),
    )


def _bundle(args: argparse.Namespace) -> int:
    from .book_pdf import BookPdfError
    from .bundle import BundleError, write_bundle
    from .lms import ExportError
    from .printables import PrintError
    from .student_copies import StudentCopyError

    try:
        written = write_bundle(args.course, args.site, args.out, args.instructor_site, progress=_progress)
    except (BundleError, BookPdfError, PrintError, ExportError, StudentCopyError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise _cannot_write(exc, args.out) from None
    print(written)
    print(f"bundle written: {written} ({written.stat().st_size / 1e6:.0f} MB)", file=sys.stderr)
    return 0


def _banks_option(command: argparse.ArgumentParser, verb: str) -> None:
    command.add_argument(
        "--chapter",
        nargs="+",
        metavar="NAME",
        help=f"chapters (ch01 {verb} ch01 and ch01-exercise) or single banks (ch01-exercise); default: all",
    )


def _folder_option(command: argparse.ArgumentParser, name: str, default: str, what: str) -> None:
    shown = "the current folder" if default == "." else default
    command.add_argument(
        name, type=Path, default=Path(default), metavar="DIR", help=f"{what} (default: {shown})"
    )


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
    _banks_option(export, "exports")
    export.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write into")
    export.set_defaults(run=_quiz_export)

    copies = commands.add_parser(
        "student-copies",
        help="write the exercise notebooks without their worked solutions",
        description=(
            "Write a copy of each exercise notebook with its worked-solution cells, its outputs, the "
            "discussion of each task's result and the sentences that point to a solution left out, "
            "ready to hand out. The copies run top to bottom; each check then says 'Not answered "
            "yet'. They keep the no-code route ('If you are not using Python'), whose charts, table "
            "of key numbers and spreadsheet steps state the results, unless you give "
            "--without-no-code-route."
        ),
    )
    copies.add_argument(
        "--chapter", nargs="+", metavar="NAME", help="chapters' exercises (ch01 or 01); default: all"
    )
    _folder_option(copies, "--course", ".", "the course's folder, holding exercises/")
    copies.add_argument(
        "--out", required=True, metavar="DIR", help="folder to write into (not the exercises' own)"
    )
    copies.add_argument(
        "--without-no-code-route",
        dest="no_code_route",
        action="store_false",
        help=(
            "leave out the no-code route too (the section 'If you are not using Python': its charts, "
            "its table of key numbers (key_numbers()), its quiz and its spreadsheet steps state the "
            "tasks' results), for students who do the tasks in Python; default: the route is kept"
        ),
    )
    copies.set_defaults(run=_student_copies)

    sheets = commands.add_parser(
        "quiz-sheets",
        help="print each quiz as A4 PDFs: a question sheet and an answer sheet",
        description=(
            "Print, offline with Chromium, two A4 PDFs per quiz bank: quiz-<bank>.pdf (the "
            "questions, options lettered as the book shows them, a box to tick) for students, and "
            "answers-<bank>.pdf (the right answers and every option's feedback) for the instructor. "
            "Chromium is found on the PATH or named by the CHROMIUM environment variable. About two "
            "seconds a sheet; progress is shown."
        ),
    )
    _banks_option(sheets, "prints")
    sheets.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write into")
    sheets.set_defaults(run=_quiz_sheets)

    book = commands.add_parser(
        "book-pdf",
        help="print the whole built book as an A4 PDF (student and instructor editions)",
        description=(
            "Print the built book (bash scripts/build_book.sh first) as one A4 PDF with a title "
            "page, contents with page numbers, page numbers and bookmarks, offline with Chromium: "
            "book-student.pdf leaves out the exercises' worked solutions, book-instructor.pdf "
            "shows them. Models are printed at their starting settings and quizzes without "
            "answers. About 40 seconds an edition; progress is shown."
        ),
    )
    book.add_argument(
        "--edition",
        choices=["student", "instructor", "both"],
        default="both",
        help="which edition (default: both)",
    )
    _folder_option(book, "--site", "_build/html", "the built book")
    _folder_option(book, "--course", ".", "the course's folder, holding _toc.yml and exercises/")
    book.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write into")
    book.set_defaults(run=_book_pdf)

    bundle = commands.add_parser(
        "bundle",
        help="write one zip for teaching with no network: book, notebooks, data, quizzes, PDFs",
        description=(
            "Write one zip for a room with no network: the built student book (opens from a USB "
            "stick), the chapter notebooks and student copies of the exercises with the course "
            "package, the data with their cards, the quizzes for Moodle and Canvas, the book and "
            "quiz sheets as PDFs, and, in instructor/, the book with worked solutions, the answer "
            "sheets, the exercises with solutions and the instructor's edition if built; with "
            "requirements.txt and a README. Build the book first (bash scripts/build_book.sh). "
            "About three minutes; progress is shown."
        ),
    )
    bundle.add_argument("--out", type=Path, required=True, metavar="FILE.zip", help="the zip to write")
    _folder_option(bundle, "--site", "_build/html", "the built book")
    _folder_option(
        bundle,
        "--instructor-site",
        "_build/instructor/_build/html",
        "the built instructor's edition, included if built",
    )
    _folder_option(bundle, "--course", ".", "the course's folder")
    bundle.set_defaults(run=_bundle)

    graded = commands.add_parser(
        "assignments",
        help="write the exercises as nbgrader or Otter-Grader assignments, with each task's marks",
        description=(
            "Write the exercises as gradable assignments, made from the exercises themselves. Each "
            "task's marks come from its heading ('(2 marks)', '(2 marks, marked by hand)'): a task "
            "marked automatically gets its worked solution as the solution and the book's checks as "
            "hidden tests; a task marked by hand is graded by hand. nbgrader: a course folder "
            "(nbgrader_config.py, source/exNN/<exercise>.ipynb); then, in it, nbgrader "
            "generate_assignment ex01. Otter: exNN/<exercise>.ipynb, a master notebook; then otter "
            "assign <exercise>.ipynb dist."
        ),
    )
    graded.add_argument(
        "--tool", choices=["nbgrader", "otter"], default="nbgrader", help="which tool (default: nbgrader)"
    )
    graded.add_argument(
        "--chapter", nargs="+", metavar="NAME", help="chapters' exercises (ch01 or 01); default: all"
    )
    _folder_option(graded, "--course", ".", "the course's folder, holding exercises/")
    graded.add_argument("--out", type=Path, required=True, metavar="DIR", help="the nbgrader course folder")
    graded.set_defaults(run=_assignments)
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
