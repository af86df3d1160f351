"""One zip for teaching in a room with no network (``python -m nhsreform bundle``).

It holds, in one folder ``nhsreform-course/``:

- ``book/``: the built student book, which opens from the file system (``book/index.html``);
- ``notebooks/``: the chapter notebooks and the student copies of the exercises (no worked
  solutions), beside the course package they need (``notebooks/nhsreform``, with the datasets and
  quiz banks), and ``notebooks/pyproject.toml`` to install that package;
- ``data/``: the datasets with their provenance cards;
- ``quizzes/``: every quiz for Moodle (XML) and Canvas (QTI);
- ``pdf/``: the student book as a PDF and each quiz's question sheet;
- ``instructor/``: what students must not have: the book with worked solutions as a PDF, the
  answer sheets, the exercise notebooks with their solutions (beside their own copy of the
  package), and the instructor's edition (guide and answer keys) if it has been built;
- ``requirements.txt`` (the students' pinned packages) and ``README.md``, which says how to open
  the book from a USB stick, run the notebooks and import the quizzes.

Everything is made from the same sources as the book, by the course's own commands; the zip's
entries are written in a fixed order. :func:`write_bundle` writes it.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from .book_pdf import BookPdfError, reading_order, waiting_line, write_book_pdf
from .lms import FORMATS, export_quizzes
from .printables import chromium, write_quiz_sheets
from .student_copies import write_student_copies

FOLDER = "nhsreform-course"
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")

README = """\
# Reforming the NHS from within: the course for a room with no network

This folder holds the whole course, made on {built} from the same sources as the online book.
Nothing in it needs the internet.

## What is here

- `book/`: the course book. Open `book/index.html` in a web browser (double-click it, or drag
  it onto the browser). It works from a USB stick or a shared drive: the model explorers move,
  the quizzes answer and every figure is inside the folder. The search box works too.
- `notebooks/`: the notebooks, to run with Python: `chapters/` (the chapters, with their live
  models and quizzes) and `exercises/` (the exercises *without* worked solutions). The folder
  `nhsreform/` beside them is the course package the notebooks use (with the datasets and
  quizzes): keep it next to `chapters/` and `exercises/`.
- `data/`: the datasets (CSV) with a provenance card each (`.md`: source, licence, checks).
- `quizzes/`: every chapter's quiz and exercise quiz for a learning platform: `*.moodle.xml`
  for Moodle, `*.qti.zip` for Canvas.
- `pdf/`: `book-student.pdf` (the book, A4, without the exercises' worked solutions) and
  `quiz-sheets/` (each quiz's questions, to print).
- `instructor/`: **for the instructor only; do not copy it to students.** `book-instructor.pdf`
  (the book with worked solutions), `answer-sheets/` (each quiz's answers and feedback),
  `notebooks/exercises/` (the exercises with their worked solutions){instructor_book}.
- `requirements.txt`: the Python packages the notebooks need, with exact versions.

## Open the book from a USB stick

Copy the whole `{folder}` folder (or the stick) to the computer if you can: it is faster. Open
`book/index.html` in Chrome, Edge, Firefox or Safari. If the browser asks, allow it to open local
files. Each page's download button gives its notebook.

## Run the notebooks on a machine with Python

You need Python 3.11 and the packages in `requirements.txt`. Install them while you still have
a network, or on a machine that has one:

```
python3.11 -m venv course-env
course-env/bin/pip install -r requirements.txt       # Windows: course-env\\Scripts\\pip
```

To install later without a network, download the packages once while online and carry them
with the course: `pip download -r requirements.txt -d wheels`, then, offline,
`pip install --no-index --find-links wheels -r requirements.txt`.

Then start JupyterLab in the `notebooks` folder and open a chapter or an exercise:

```
cd notebooks
../course-env/bin/jupyter lab
```

Use *Run ▸ Restart Kernel and Run All Cells*. Each notebook's first cell finds the course package
in `notebooks/nhsreform`. (`pip install ./notebooks` installs that package too, so that
notebooks run from any folder.)

## Import the quizzes

- **Moodle**: *Question bank ▸ Import*, format *Moodle XML*, and choose `quizzes/chNN.moodle.xml`.
  Importing a file twice makes a second copy of each question.
- **Canvas**: *Settings ▸ Import course content*, type *QTI .zip file*, and choose
  `quizzes/chNN.qti.zip`.

The files pass the course's own checks, but have not yet been imported into a live Moodle or
Canvas; try one chapter's quiz first. The platforms grade some questions differently from the
book: multiple-answer questions earn partial credit (Moodle: a share per right tick, nothing if
any tick is wrong; Canvas: its own rule), and Canvas gives a wrong typed number one general
comment, not the book's feedback on a predictable slip. The course's README has the details.

## What this bundle holds

{contents}
"""


class BundleError(ValueError):
    """The bundle cannot be made as asked; the message says why."""


def _copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=IGNORED)


def write_bundle(
    course: Path,
    site: Path,
    out: Path,
    instructor_site: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write the teaching bundle ``out`` (a ``.zip``) from the ``course`` folder and its built
    book ``site``; include the built instructor's edition ``instructor_site`` if given and
    built. Return the zip's path."""
    course, site, out = Path(course), Path(site), Path(out)
    say = progress or (lambda line: None)
    if out.suffix != ".zip":
        raise BundleError(f"{out}: the bundle is a zip file; give a name ending in .zip")
    if out.is_dir():
        raise BundleError(f"{out}: is a folder; give the zip file's name")
    missing = [p.doc for p in reading_order(course) if not (site / f"{p.doc}.html").is_file()]
    if missing:
        raise BookPdfError(f"{site}: no built book here; build the book first (bash scripts/build_book.sh)")
    with_instructor_book = instructor_site is not None and (Path(instructor_site) / "index.html").is_file()
    browser = chromium()  # before the slow steps: no Chromium stops it at once
    steps = 7
    with tempfile.TemporaryDirectory(prefix="nhsreform-bundle-") as tmp:
        root = Path(tmp) / FOLDER
        say(f"[1/{steps}] the book")
        _copy_tree(site, root / "book")
        say(f"[2/{steps}] the notebooks: chapters, student copies of the exercises, the package")
        notebooks = root / "notebooks"
        notebooks.mkdir(parents=True)
        _copy_tree(course / "chapters", notebooks / "chapters")
        write_student_copies(course, notebooks / "exercises")
        _copy_tree(course / "nhsreform", notebooks / "nhsreform")
        shutil.copy2(course / "pyproject.toml", notebooks / "pyproject.toml")
        shutil.copy2(course / "requirements-student.txt", root / "requirements.txt")
        say(f"[3/{steps}] the data and their cards")
        (root / "data").mkdir()
        for path in sorted((course / "nhsreform" / "datasets").iterdir()):
            if path.suffix in {".csv", ".md"}:
                shutil.copy2(path, root / "data" / path.name)
        say(f"[4/{steps}] the quizzes for Moodle and Canvas")
        export_quizzes(root / "quizzes", list(FORMATS))
        say(f"[5/{steps}] the quiz sheets and answer sheets (about a minute)")
        sheets = Path(tmp) / "sheets"
        write_quiz_sheets(sheets, None)
        (root / "pdf" / "quiz-sheets").mkdir(parents=True)
        (root / "instructor" / "answer-sheets").mkdir(parents=True)
        for pdf in sorted(sheets.glob("*.pdf")):
            folder = "pdf/quiz-sheets" if pdf.name.startswith("quiz-") else "instructor/answer-sheets"
            shutil.move(pdf, root / folder / pdf.name)
        say(f"[6/{steps}] the book as PDFs, student and instructor (about a minute and a half)")
        for edition, where in (("student", "pdf"), ("instructor", "instructor")):
            write_book_pdf(
                course,
                site,
                root / where / f"book-{edition}.pdf",
                edition,
                browser,
                waiting=lambda edition=edition: say(f"      {waiting_line(edition)}"),
            )
        _copy_tree(course / "exercises", root / "instructor" / "notebooks" / "exercises")
        _copy_tree(course / "nhsreform", root / "instructor" / "notebooks" / "nhsreform")
        if with_instructor_book:
            _copy_tree(Path(instructor_site), root / "instructor" / "book")
        say(f"[7/{steps}] the README and the zip")
        _write_readme(root, with_instructor_book)
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as bundle:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    bundle.write(path, path.relative_to(root.parent).as_posix())
        partial.replace(out)
    return out


def _write_readme(root: Path, with_instructor_book: bool) -> None:
    import datetime

    lines = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        files = [p for p in folder.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files) / 1e6
        lines.append(f"- `{folder.name}/`: {len(files)} files, {size:.1f} MB")
    instructor_book = (
        ", and `book/` (the instructor's edition: session guides and answer keys; open `book/index.html`)"
        if with_instructor_book
        else " (the instructor's edition, with session guides and answer keys, was not built when this "
        "bundle was made: `bash scripts/build_book.sh --instructor` in the course repository)"
    )
    (root / "README.md").write_text(
        README.format(
            built=datetime.date.today().strftime("%d %B %Y"),
            folder=FOLDER,
            instructor_book=instructor_book,
            contents="\n".join(lines),
        ),
        encoding="utf-8",
    )


__all__ = ["FOLDER", "BundleError", "write_bundle"]
