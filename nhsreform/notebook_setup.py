"""The set-up cell at the top of every notebook: find the course package, or install it.

A notebook needs the ``nhsreform`` package (its quizzes, models, charts and datasets). Where the
notebook is opened decides how it gets it:

- **a clone of the repository, or a JupyterHub folder pulled with nbgitpuller**: the package sits
  beside the notebook's folder (``../nhsreform``) and is used from there, so the notebooks and the
  package always come from the same copy of the course;
- **a Python environment where the package is installed** (editable, from a wheel, Binder): used
  as installed;
- **neither, for example Colab**, which opens one notebook on its own: the cell installs the
  package with pip from the course repository (``NHSREFORM_PACKAGE`` overrides the source, for
  example a local wheel), and stops with a clear message if that fails.

Everywhere else it does nothing. The cell's text is written once, here (:func:`setup_cell_source`),
and stamped into every notebook by ``python -m nhsreform.notebook_setup``; a test checks that
every notebook carries the current text as its first code cell. The book removes the cell
(tag ``remove-cell``); JupyterLab shows it collapsed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TAG = "course-setup"
CELL_TEMPLATE = """\
# Course set-up: use the course package beside this folder (a copy of the course repository),
# else the installed one; where there is neither (for example on Colab), install it with pip.
import importlib.util
import os
import pathlib
import subprocess
import sys

course = pathlib.Path.cwd().parent
if (course / "nhsreform" / "__init__.py").is_file():
    sys.path.insert(0, str(course))
elif importlib.util.find_spec("nhsreform") is None:
    source = (
        os.environ.get("NHSREFORM_PACKAGE")
        or "git+{repository}"
    )
    print(f"Installing the course package from {{source}} (once per session) ...")
    if subprocess.run([sys.executable, "-m", "pip", "install", "-q", source]).returncode:
        raise ModuleNotFoundError(
            f"The course package nhsreform is not installed, and pip could not install it from "
            f"{{source}}. Open the notebook from a copy of the course repository, or install it: "
            f"pip install {{source}}"
        )
    importlib.invalidate_caches()"""


def repository_url(config: Path | None = None) -> str:
    """The course repository's URL, from ``_config.yml`` (``repository.url``), without a slash."""
    config = config or ROOT / "_config.yml"
    try:
        url = yaml.safe_load(config.read_text(encoding="utf-8"))["repository"]["url"]
    except (OSError, KeyError, TypeError, yaml.YAMLError) as err:
        raise ValueError(f"{config}: cannot read repository.url ({err})") from None
    if not isinstance(url, str) or not url.startswith("https://"):
        raise ValueError(f"{config}: repository.url must be an https:// address, not {url!r}")
    return url.rstrip("/")


def setup_cell_source(repository: str | None = None) -> str:
    """The set-up cell's code, installing from ``repository`` (default: ``_config.yml``'s)."""
    return CELL_TEMPLATE.format(repository=repository or repository_url())


def setup_cell(source: str) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": TAG,
        "metadata": {"jupyter": {"source_hidden": True}, "tags": ["remove-cell", TAG]},
        "outputs": [],
        "source": source.splitlines(keepends=True),
    }


def stamp(path: Path, source: str) -> bool:
    """Put the set-up cell first among ``path``'s code cells; True if the file changed."""
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    cells = [c for c in nb["cells"] if TAG not in c.get("metadata", {}).get("tags", [])]
    first_code = next((i for i, c in enumerate(cells) if c["cell_type"] == "code"), len(cells))
    cells.insert(first_code, setup_cell(source))
    nb["cells"] = cells
    new = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def notebooks() -> list[Path]:
    return sorted(p for d in ("chapters", "exercises", "templates") for p in (ROOT / d).glob("*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report notebooks that need it")
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: every notebook)")
    args = parser.parse_args(argv)
    source = setup_cell_source()
    stale = []
    for path in args.paths or notebooks():
        if args.check:
            cells = json.loads(path.read_text("utf-8"))["cells"]
            cell = next((c for c in cells if c["cell_type"] == "code"), {})
            if "".join(cell.get("source", [])) != source:
                stale.append(path)
        elif stamp(path, source):
            print(f"stamped {path}")
    for path in stale:
        print(f"{path}: its first code cell is not the current set-up cell; stamp it with:")
        print("  python -m nhsreform.notebook_setup")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
