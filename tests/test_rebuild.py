"""A rebuild is true to its sources (_ext/course_inputs.py, scripts/build_book.sh).

The README's build command, ``bash scripts/build_book.sh``, runs in a copy of the repository with a
small table of contents (a page that shows quiz ``ch01``, and a page of prose) and the course's
own configuration and extensions. Editing only a quiz bank and building again must put the new
text in the page; an unchanged rebuild must not run the notebooks again; a malformed bank must
fail the build with the bank's file name and its problem printed last. The unit tests check what
the inputs' hash covers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, load_extension

#: Run after the repository's book has drawn its explorers' states, which these small builds reuse
#: (tests/conftest.py orders the files).
AFTER_THE_BOOK = True

COPIED = [
    "_config.yml",
    "_ext",
    "_static",
    "scripts",
    "jupyterlab",
    "nhsreform",
    "course.yml",
    "references.bib",
    "references",
    "requirements.txt",
    "pyproject.toml",
    "package.json",
    "package-lock.json",
]
LINKED = [".venv", "node_modules", "_vendor"]  # the repository's own, already set up: shared, never written
# The copy's set-up does nothing: the real one could reinstall the package from the copy into the
# shared .venv/ (requirements.txt installs `-e .`). The repository's set-up has run before the tests.
NO_SETUP = "#!/usr/bin/env bash\n# set-up is shared with the repository (tests/test_rebuild.py)\n"
QUIZ_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "id": "title", "metadata": {}, "source": ["# Quiz page"]},
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "quiz",
            "metadata": {},
            "outputs": [],
            "source": ["from nhsreform.quiz import show_quiz\n", "\n", 'show_quiz("ch01")'],
        },
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


course_inputs = load_extension("course_inputs")


def _make_copy(dest: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy2(src, dest / name)
    if (ROOT / "data").is_dir():  # the datasets' old home, if it is still there
        shutil.copytree(ROOT / "data", dest / "data", ignore=ignore)
    for name in LINKED:
        (dest / name).symlink_to(ROOT / name)
    (dest / "scripts" / "setup.sh").write_text(NO_SETUP, encoding="utf-8")
    (dest / "intro.md").write_text("# Rebuild test\n\nA small book.\n", encoding="utf-8")
    (dest / "prose.md").write_text("# Prose\n\nA page that runs no code.\n", encoding="utf-8")
    (dest / "quiz.ipynb").write_text(json.dumps(QUIZ_NOTEBOOK, indent=1) + "\n", encoding="utf-8")
    toc = {"format": "jb-book", "root": "intro", "chapters": [{"file": "quiz"}, {"file": "prose"}]}
    (dest / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    _reuse_drawn_states(dest)
    return dest


def _reuse_drawn_states(dest: Path) -> None:
    """Give the copy the explorers' states the repository's own build has finished drawing (hard
    links: nothing is drawn or copied twice). The build reuses them only if their digest is the
    copy's own (same code, same controls); otherwise it draws its own, as with no states at all.
    Saves each small build the ~35 s of drawing every model's states."""
    cache = ROOT / "_build" / ".book_states"
    for drawn in cache.glob("*/done") if cache.is_dir() else ():
        target = dest / "_build" / ".book_states" / drawn.parent.name
        try:
            shutil.copytree(drawn.parent, target, copy_function=os.link)
        except (OSError, shutil.Error):  # being replaced by a new build, or another file system
            shutil.rmtree(target, ignore_errors=True)


def _env() -> dict:
    env = dict(os.environ)
    for name in ("PYTHONPATH", course_inputs.DATA_ENV):
        env.pop(name, None)
    return env


def _build(book: Path) -> subprocess.CompletedProcess:
    """The README's build command in the copy (output and errors in one stream, in order)."""
    return subprocess.run(
        ["bash", "scripts/build_book.sh"],
        cwd=book,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=900,
    )


def _last_lines(run: subprocess.CompletedProcess, n: int = 3) -> str:
    return "\n".join([line for line in run.stdout.splitlines() if line.strip()][-n:])


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    book = _make_copy(tmp_path_factory.mktemp("rebuild"))
    first = _build(book)
    assert first.returncode == 0, first.stdout[-5000:]
    return book


def _bank(book: Path) -> Path:
    return book / "nhsreform" / "banks" / "ch01.yml"


def _page(book: Path, name: str) -> str:
    return (book / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8")


def test_rebuild_without_changes_runs_no_notebook(book):
    page = book / "_build" / "html" / "quiz.html"
    before = page.stat().st_mtime_ns
    run = _build(book)
    assert run.returncode == 0, run.stdout[-5000:]
    assert "Executing notebook" not in run.stdout, run.stdout[-3000:]
    assert page.stat().st_mtime_ns == before


def test_edited_bank_is_in_the_rebuilt_page(book):
    bank = _bank(book)
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    old = " ".join(data["questions"][0]["prompt"].split()[-6:])  # plain words at its end
    new = "Which three approaches does the edited bank name as external pressure?"
    assert old in _page(book, "quiz")
    data["questions"][0]["prompt"] = new
    bank.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    prose = book / "_build" / "html" / "prose.html"
    before = prose.stat().st_mtime_ns
    time.sleep(0.01)

    run = _build(book)  # incremental: no --all, the notebook itself unchanged
    assert run.returncode == 0, run.stdout[-5000:]
    html = _page(book, "quiz")
    assert new in html
    assert old not in html
    assert prose.stat().st_mtime_ns != before  # every page is written again, not only the notebooks


def test_malformed_bank_fails_the_build_naming_the_bank(book):
    bank = _bank(book)
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    qid = data["questions"][0]["id"]
    del data["questions"][0]["prompt"]
    bank.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    run = _build(book)
    assert run.returncode != 0
    last = _last_lines(run)
    assert "ch01.yml" in last and f"question '{qid}'" in last and "prompt: field required" in last, last
    assert "building the book" not in run.stdout  # stopped before Sphinx started

    bank.write_text("title: Broken\nquestions:\n  - id: [unclosed\n", encoding="utf-8")
    run = _build(book)
    assert run.returncode != 0
    last = _last_lines(run)
    assert "ch01.yml" in last and "not valid YAML" in last, last


def test_sphinx_alone_refuses_a_malformed_bank(book):
    """`jupyter-book build` without the script: the extension stops the build, naming the bank."""
    bank = _bank(book)
    bank.write_text("title: Broken\nquestions: not a list\n", encoding="utf-8")
    jb = str(ROOT / ".venv" / "bin" / "jupyter-book")
    env = _env() | {"PYTHONPATH": str(book)}
    run = subprocess.run(
        [jb, "build", ".", "--warningiserror", "--nitpick", "--keep-going"],
        cwd=book,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )
    assert run.returncode != 0
    assert "Quiz bank error" in run.stdout
    assert "ch01.yml: 'questions' must be a list of questions" in run.stdout


# --- what the inputs' hash covers (no build) ---------------------------------------------------


@pytest.fixture
def sources(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "nhsreform"
    (package / "banks").mkdir(parents=True)
    (package / "datasets").mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "banks" / "ch01.yml").write_text("title: A\n", encoding="utf-8")
    (package / "datasets" / "a.csv").write_text("x\n1\n", encoding="utf-8")
    book = tmp_path / "book"
    (book / "references").mkdir(parents=True)
    (book / "course.yml").write_text("chapters: []\n", encoding="utf-8")
    (book / "references.bib").write_text("", encoding="utf-8")
    (book / "references" / "ch02.bib").write_text("", encoding="utf-8")
    (book / "intro.md").write_text("# Intro\n", encoding="utf-8")
    monkeypatch.setattr(course_inputs, "package_dir", lambda: package)
    monkeypatch.delenv(course_inputs.DATA_ENV, raising=False)
    return package, book


@pytest.mark.parametrize(
    "changed",
    [
        "package/banks/ch01.yml",
        "package/datasets/a.csv",
        "package/__init__.py",
        "package/models/new.py",
        "book/course.yml",
        "book/references/ch02.bib",
        "book/references.bib",
        "book/data/old-home.csv",
    ],
)
def test_inputs_hash_follows_the_sources(sources, changed):
    package, book = sources
    before = course_inputs.inputs_digest(book)
    root, rel = changed.split("/", 1)
    path = (package if root == "package" else book) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write("# changed\n")
    assert course_inputs.inputs_digest(book) != before


def test_inputs_hash_ignores_bytecode_and_pages(sources):
    package, book = sources
    before = course_inputs.inputs_digest(book)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (book / "intro.md").write_text("# Intro, edited\n", encoding="utf-8")  # Sphinx's own business
    assert course_inputs.inputs_digest(book) == before


def test_inputs_hash_follows_a_data_folder_set_by_environment(sources, tmp_path, monkeypatch):
    _, book = sources
    data = tmp_path / "other-data"
    data.mkdir()
    (data / "a.csv").write_text("x\n1\n", encoding="utf-8")
    monkeypatch.setenv(course_inputs.DATA_ENV, str(data))
    before = course_inputs.inputs_digest(book)
    (data / "a.csv").write_text("x\n2\n", encoding="utf-8")
    assert course_inputs.inputs_digest(book) != before


def test_bank_check_names_the_file_and_problem(monkeypatch, tmp_path, capsys):
    import nhsreform.quiz_bank as quiz_bank

    shutil.copy2(quiz_bank.BANK_DIR / "ch01.yml", tmp_path / "ch01.yml")
    (tmp_path / "broken.yml").write_text("title: x\nquestions: {}\n", encoding="utf-8")
    monkeypatch.setattr(quiz_bank, "BANK_DIR", tmp_path)
    assert course_inputs.main() == 1
    err = capsys.readouterr().err
    assert "broken.yml: 'questions' must be a list of questions" in err
    assert "ch01.yml" not in err
    (tmp_path / "broken.yml").unlink()
    assert course_inputs.main() == 0
