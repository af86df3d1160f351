"""Build a few pages on their own, strictly, to check them quickly while writing.

    .venv/bin/python scripts/preview.py chapters/02-targets-and-performance-management.ipynb \
        exercises/02-targets-in-the-data.ipynb

Makes a small book in a temporary folder with the given pages plus the introduction, glossary and
bibliography, using the course's own configuration (warnings are errors, nitpicky references,
notebooks executed), and prints where the HTML is. Every ``*.bib`` file in the repository
(``references.bib`` and ``references/*.bib``) is used.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ALWAYS = ["intro.md", "students.md", "instructors.md", "glossary.md", "bibliography.md"]
BOOK = ["chapters/*.ipynb", "exercises/*.ipynb"]


def main(pages: list[str]) -> int:
    if not pages:
        print(__doc__)
        return 2
    out = Path(tempfile.mkdtemp(prefix="preview-"))
    for name in ("_static", "_ext", "nhsreform/datasets"):  # the exercises offer the CSV files as downloads
        shutil.copytree(ROOT / name, out / name)
    (out / "_vendor").symlink_to(ROOT / "_vendor")
    bibs = sorted(
        p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("*.bib"), *ROOT.glob("references/*.bib")]
    )
    for rel in [*ALWAYS, *pages, *bibs]:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, out / rel)
    book = {p.relative_to(ROOT).as_posix() for pattern in BOOK for p in ROOT.glob(pattern)}
    if not book <= set(pages):
        # The home page links every chapter and exercise: a preview of some of them gets a stub.
        stub = "# Preview\n\nThe home page is built with the whole book.\n"
        (out / "intro.md").write_text(stub, encoding="utf-8")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["bibtex_bibfiles"] = bibs
    config["execute"]["execute_notebooks"] = "force"
    (out / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    chapters = [{"file": Path(p).with_suffix("").as_posix()} for p in [*ALWAYS[1:], *pages]]
    toc = {"format": "jb-book", "root": "intro", "chapters": chapters}
    (out / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    jb = Path(sys.executable).parent / "jupyter-book"
    run = subprocess.run([str(jb), "build", str(out), "--warningiserror", "--nitpick", "--keep-going"])
    print(f"\nPreview HTML: {out / '_build' / 'html'} (exit code {run.returncode})")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
