"""The offline teaching bundle (issue: the instructor's kit, §4): written by the course's command,
unpacked in a temporary folder, its book opened offline in Chromium (no request may leave the
folder) and one student notebook run from it with the course's environment."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from nhsreform.bundle import FOLDER

from .conftest import CHROMIUM, ROOT, reach

#: A slow file (the whole bundle written): handed out early, see tests/conftest.py ...
SLOW = True
#: ... but after the other slow files: it copies the book PDFs that tests/test_book_pdf.py prints.
AFTER_THE_PDFS = True


@pytest.fixture(scope="module")
def bundle(built_site, tmp_path_factory):
    """The bundle written by ``python -m nhsreform bundle``, and what the command printed."""
    out = tmp_path_factory.mktemp("bundle") / "course.zip"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "nhsreform",
            "bundle",
            "--site",
            str(built_site),
            "--instructor-site",
            str(out.parent / "not-built"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**__import__("os").environ, "CHROMIUM": CHROMIUM},
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return out, run


@pytest.fixture(scope="module")
def unpacked(bundle, tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(bundle[0]) as archive:
        archive.extractall(where)
    return where / FOLDER


def test_the_command_shows_progress_and_one_folder_is_zipped(bundle):
    out, run = bundle
    assert [line[:5] for line in run.stderr.splitlines() if line.startswith("[")] == [
        f"[{k}/7]" for k in range(1, 8)
    ]
    assert run.stdout.strip() == str(out) and "bundle written:" in run.stderr
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
    assert names == sorted(names) and all(name.startswith(f"{FOLDER}/") for name in names)


def test_the_bundle_holds_every_part(unpacked):
    chapters = sorted(p.name for p in (ROOT / "chapters").glob("*.ipynb"))
    exercises = sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb"))
    assert sorted(p.name for p in (unpacked / "notebooks" / "chapters").glob("*.ipynb")) == chapters
    assert sorted(p.name for p in (unpacked / "notebooks" / "exercises").glob("*.ipynb")) == exercises
    assert sorted(p.name for p in (unpacked / "instructor" / "notebooks" / "exercises").glob("*.ipynb")) == (
        exercises
    )
    assert (unpacked / "notebooks" / "nhsreform" / "__init__.py").is_file()
    assert (unpacked / "book" / "index.html").is_file() and (unpacked / "book" / "intro.html").is_file()
    datasets = sorted(p.name for p in (ROOT / "nhsreform" / "datasets").glob("*.csv"))
    assert sorted(p.name for p in (unpacked / "data").glob("*.csv")) == datasets
    assert all((unpacked / "data" / name.replace(".csv", ".md")).is_file() for name in datasets)
    banks = sorted(p.stem for p in (ROOT / "nhsreform" / "banks").glob("*.yml"))
    assert sorted(p.name for p in (unpacked / "quizzes").iterdir()) == sorted(
        [f"{b}.moodle.xml" for b in banks] + [f"{b}.qti.zip" for b in banks]
    )
    assert sorted(p.name for p in (unpacked / "pdf" / "quiz-sheets").iterdir()) == sorted(
        f"quiz-{b}.pdf" for b in banks
    )
    assert sorted(p.name for p in (unpacked / "instructor" / "answer-sheets").iterdir()) == sorted(
        f"answers-{b}.pdf" for b in banks
    )
    assert (unpacked / "pdf" / "book-student.pdf").stat().st_size > 1_000_000
    assert (unpacked / "instructor" / "book-instructor.pdf").stat().st_size > 1_000_000
    assert (unpacked / "requirements.txt").read_text() == (ROOT / "requirements-student.txt").read_text()


def test_the_readme_says_how_to_open_run_and_import(unpacked):
    readme = (unpacked / "README.md").read_text(encoding="utf-8")
    for heading in (
        "## Open the book from a USB stick",
        "## Run the notebooks on a machine with Python",
        "## Import the quizzes",
    ):
        assert heading in readme
    assert "book/index.html" in readme and "pip install -r requirements.txt" in readme
    assert "have not yet been imported into a live Moodle or\nCanvas" in readme
    assert "do not copy it to students" in readme
    assert "was not built when this bundle was made" in readme  # said, since it was left out


def test_the_students_copies_hold_no_worked_solution(unpacked):
    for path in (unpacked / "notebooks" / "exercises").glob("*.ipynb"):
        cells = nbformat.read(path, as_version=4).cells
        assert not any(c.source.lstrip().startswith("# Solution") for c in cells), path.name
    solved = nbformat.read(unpacked / "instructor" / "notebooks" / "exercises" / path.name, as_version=4)
    assert any(c.source.lstrip().startswith("# Solution") for c in solved.cells)


def test_the_book_opens_offline_from_the_folder(unpacked, browser):
    folder = unpacked.resolve().as_uri()
    requested, blocked = [], []
    context = browser.new_context()
    context.route("http*://**/*", lambda route: (blocked.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"{folder}/book/index.html")
        page.wait_for_url("**/intro.html")
        assert "Reforming the NHS from within" in page.title()
        page.goto(f"{folder}/book/chapters/02-targets-and-performance-management.html")
        figure = page.locator(".nhs-book-explorer img").first
        reach(figure)
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=figure.element_handle())
        before = figure.get_attribute("alt")
        control = page.locator(".nhs-book-explorer input[type=range]").first
        control.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("([img, alt]) => img.alt !== alt", arg=[figure.element_handle(), before])
    finally:
        context.close()
    assert blocked == []
    assert len(requested) > 10  # the pages, their styles, scripts and figures: all from the folder
    assert [url for url in requested if not url.startswith((folder + "/", "data:"))] == []


def test_a_student_notebook_runs_from_the_bundle(unpacked):
    """Run with the course's environment (this interpreter's kernel), in its own folder, using the
    package beside it: the set-up cell finds ``notebooks/nhsreform``."""
    folder = unpacked / "notebooks" / "exercises"
    notebook = nbformat.read(folder / "09-funnel-plots.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import nhsreform\nprint(nhsreform.__file__)"))
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    printed = "".join(o.get("text", "") for o in notebook.cells[-1].outputs)
    assert Path(printed.strip()).resolve().is_relative_to(unpacked.resolve() / "notebooks" / "nhsreform")
    checks = [o for c in notebook.cells for o in c.get("outputs", []) if "Not answered yet" in str(o)]
    assert checks, "a student copy's checks should say 'Not answered yet'"
