"""Sphinx extension: a rebuild is always true to the course's sources.

- **Every page again when the course's inputs change.** Sphinx re-reads a page only when the
  page's own file changed, and myst-nb's execution cache knows only each notebook's own code.
  But the notebooks also depend on the course package (its code, quiz banks and datasets, found
  where Python imports ``nhsreform`` from), on ``course.yml`` and on the bibliography files. This
  extension hashes those inputs (:func:`inputs_digest`). When the hash differs from the one the
  execution cache was filled with, the cache is dropped, so every notebook runs again; when it
  differs from the one stored in Sphinx's environment at the last build, every page is read and
  written again.
- **Quiz banks checked before anything is built.** Every bank in the package's ``banks/`` folder
  is loaded when the build starts; a malformed bank stops the build with the bank's file name
  and the problem (:class:`QuizBankInvalid`). Run alone, ``python _ext/course_inputs.py`` makes
  the same check and prints only the problems; ``scripts/build_book.sh`` runs it first, so the
  bank's error is the last thing it prints.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
from pathlib import Path

from sphinx.errors import SphinxError
from sphinx.util import logging

logger = logging.getLogger(__name__)

PACKAGE = "nhsreform"
# Beside the package: the manifest and the bibliography files the pages cite from. ``data`` is the
# datasets' old home (they now live in the package); hashed if it is there.
BOOK_INPUTS = ("course.yml", "references.bib", "references", "data")
DATA_ENV = "NHSREFORM_DATA"  # another copy of the datasets (nhsreform.data)
HASH_FILE = "course-inputs.sha256"  # kept inside the execution cache: what it was filled with
_SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints"}
_SKIP_SUFFIXES = (".pyc", ".pyo", "~")


class QuizBankInvalid(SphinxError):
    category = "Quiz bank error"


def package_dir() -> Path:
    """The folder Python imports the course package from (what the notebooks' kernels use)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.origin:
        raise SphinxError(f"the course package {PACKAGE!r} is not installed: run scripts/setup.sh")
    return Path(spec.origin).resolve().parent


def _files(root: Path):
    if root.is_file():
        yield root
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(files):
            if not name.endswith(_SKIP_SUFFIXES):
                yield Path(folder) / name


def inputs_digest(srcdir: str | Path) -> str:
    """SHA-256 over every file the notebooks depend on besides themselves, with its path."""
    srcdir = Path(srcdir)
    roots = [("package", package_dir())]
    roots += [(name, srcdir / name) for name in BOOK_INPUTS if (srcdir / name).exists()]
    if os.environ.get(DATA_ENV):
        roots.append((DATA_ENV, Path(os.environ[DATA_ENV]).expanduser()))
    digest = hashlib.sha256()
    for label, root in roots:
        for path in _files(root):
            rel = path.relative_to(root).as_posix() if root.is_dir() else ""
            digest.update(f"{label}/{rel}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def bank_problems() -> list[str]:
    """One message per malformed quiz bank in the package (file name and problem); [] if none."""
    from nhsreform.quiz_bank import BANK_DIR, QuizBankError, load_bank

    problems = []
    for path in sorted(BANK_DIR.glob("*.yml")):
        try:
            load_bank(path)
        except QuizBankError as exc:
            problems.append(str(exc))
    return problems


def _check_banks(app) -> None:
    problems = bank_problems()
    if problems:
        raise QuizBankInvalid("\n".join(problems))


def _drop_stale_cache(app) -> None:
    """Drop the execution cache if it was filled with other inputs (after myst-nb has set it up)."""
    app.course_inputs_sha256 = digest = inputs_digest(app.srcdir)
    cache = Path(app.env.mystnb_config.execution_cache_path)
    stamp = cache / HASH_FILE
    if cache.exists() and (not stamp.exists() or stamp.read_text().strip() != digest):
        logger.info("course inputs changed: dropping the execution cache %s", cache)
        shutil.rmtree(cache)
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest + "\n")


def _outdated(app, env, added, changed, removed) -> list[str]:
    digest = app.course_inputs_sha256
    if getattr(env, "course_inputs_sha256", None) == digest:
        return []
    # Stored with the environment only once the pages have been read, so a build that fails
    # part-way reads every page again next time.
    env.course_inputs_sha256 = digest
    stale = sorted(set(env.found_docs) - set(added) - set(changed))
    if stale:
        logger.info("[course inputs changed: every page] ", nonl=True)
    return stale


def setup(app):
    app.connect("builder-inited", _check_banks)
    app.connect("builder-inited", _drop_stale_cache, priority=900)
    app.connect("env-get-outdated", _outdated)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}


def main() -> int:
    """Check every quiz bank; print the problems (file and problem) and return 1 if there are any."""
    problems = bank_problems()
    for problem in problems:
        print(f"Quiz bank error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
