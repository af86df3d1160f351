"""The course manifest (course.yml) against everything that must agree with it: the files, the
table of contents, the bibliography configuration, the notebooks' own code, the models and the
data index. A chapter's pieces share one stem (chNN); a new chapter starts with its entry."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, toc_documents

DATA_DIR = ROOT / "nhsreform" / "datasets"
MANIFEST = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))["chapters"]
STEMS = [c["stem"] for c in MANIFEST]
DATASETS = sorted(p.stem for p in DATA_DIR.glob("*.md") if p.name != "README.md")


def _code(notebook: str) -> str:
    cells = json.loads((ROOT / notebook).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def _datasets_used(notebook: str) -> set[str]:
    """Datasets a notebook loads: named in its code, or by a loader of nhsreform.data it calls."""
    code = _code(notebook)
    used = {name for name in DATASETS if re.search(rf"[\"']{name}[\"']", code)}
    data_source = (ROOT / "nhsreform" / "data.py").read_text(encoding="utf-8")
    for loader in re.findall(r"\b(load_\w+)\(", code):
        body = re.search(rf"def {loader}\(.*?(?=\ndef |\Z)", data_source, re.DOTALL)
        if body and loader != "load_dataset":
            used |= {name for name in DATASETS if name in body.group(0)}
    return used


def test_stems_are_unique_and_in_order():
    assert STEMS == [f"ch{n:02d}" for n in range(1, len(STEMS) + 1)]


@pytest.mark.parametrize("chapter", MANIFEST, ids=STEMS)
def test_every_piece_exists_under_the_chapters_stem(chapter):
    stem, number = chapter["stem"], chapter["stem"][2:]
    ex = chapter["exercise"]
    for path in (
        chapter["notebook"],
        ex["notebook"],
        f"nhsreform/banks/{stem}.yml",
        f"nhsreform/checks/{stem}.py",
        f"tests/test_{stem}_exercise.py",
        f"nhsreform/models/{chapter['model']}.py",
    ):
        assert (ROOT / path).exists(), f"{stem}: {path} is missing"
    assert Path(chapter["notebook"]).name.startswith(f"{number}-")
    assert Path(ex["notebook"]).name.startswith(f"{number}-")
    if chapter["references"]:
        assert chapter["references"] == f"references/{stem}.bib"
        assert (ROOT / chapter["references"]).exists()


@pytest.mark.parametrize("chapter", MANIFEST, ids=STEMS)
def test_notebooks_use_their_own_pieces(chapter):
    stem = chapter["stem"]
    code = _code(chapter["notebook"])
    assert f'show_quiz("{stem}")' in code, f"{chapter['notebook']} should show the quiz {stem}"
    assert f"from nhsreform.models import {chapter['model']}" in code
    assert re.search(
        rf"from nhsreform\.checks import {stem}\b|from nhsreform\.checks\.{stem} import",
        _code(chapter["exercise"]["notebook"]),
    ), "the exercise uses its own checks"
    if quiz := chapter["exercise"].get("quiz"):
        assert f'show_quiz("{quiz}")' in _code(chapter["exercise"]["notebook"])


@pytest.mark.parametrize("chapter", MANIFEST, ids=STEMS)
def test_datasets_match_what_the_notebooks_load(chapter):
    assert set(chapter["datasets"]) == _datasets_used(chapter["notebook"])
    assert set(chapter["exercise"]["datasets"]) == _datasets_used(chapter["exercise"]["notebook"])
    for name in chapter["datasets"] + chapter["exercise"]["datasets"]:
        assert name in DATASETS, f"{chapter['stem']}: no data card for {name}"


def test_nothing_is_left_out_of_the_manifest():
    exercise_banks = [c["exercise"]["quiz"] for c in MANIFEST if c["exercise"].get("quiz")]
    assert all(
        c["exercise"].get("quiz", f"{c['stem']}-exercise") == f"{c['stem']}-exercise" for c in MANIFEST
    )
    assert sorted(p.stem for p in (ROOT / "nhsreform/banks").glob("*.yml")) == sorted(STEMS + exercise_banks)
    assert sorted(p.stem for p in (ROOT / "nhsreform/checks").glob("ch*.py")) == STEMS
    assert not list((ROOT / "nhsreform/checks").glob("ex*.py")), "checks are named by chapter stem"
    models = sorted(
        p.stem for p in (ROOT / "nhsreform/models").glob("*.py") if p.stem not in ("__init__", "base")
    )
    assert models == sorted(c["model"] for c in MANIFEST)
    bibs = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "references").glob("*.bib"))
    assert bibs == sorted(c["references"] for c in MANIFEST if c["references"])


def test_toc_lists_the_manifests_notebooks_in_order():
    docs = toc_documents()
    chapters = [d for d in docs if d.startswith("chapters/")]
    exercises = [d for d in docs if d.startswith("exercises/")]
    assert chapters == [c["notebook"].removesuffix(".ipynb") for c in MANIFEST]
    assert exercises == [c["exercise"]["notebook"].removesuffix(".ipynb") for c in MANIFEST]


def test_config_lists_the_manifests_references():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["bibtex_bibfiles"] == ["references.bib"] + [
        c["references"] for c in MANIFEST if c["references"]
    ]


def used_in(name: str) -> str:
    """The data index's "used in" cell for a dataset, as the manifest says it should read."""
    places = []
    for c in MANIFEST:
        n = int(c["stem"][2:])
        if name in c["datasets"]:
            places.append(f"ch. {n}")
        if name in c["exercise"]["datasets"]:
            places.append(f"ex. {n}")
    return ", ".join(places)


def test_data_index_agrees_with_the_manifest():
    rows = {}
    for line in (DATA_DIR / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| \[`(\w+)`\]\(\w+\.md\) \| ([^|]*) \|", line)
        if m:
            rows[m.group(1)] = m.group(2).strip()
    assert sorted(rows) == DATASETS, "every card has one row in nhsreform/datasets/README.md"
    wrong = {name: (cell, used_in(name)) for name, cell in rows.items() if cell != used_in(name)}
    assert not wrong, f"'used in' cells that disagree with course.yml (shown, expected): {wrong}"


def test_preview_script_example_names_real_files():
    doc = (ROOT / "scripts" / "preview.py").read_text(encoding="utf-8").split('"""')[1]
    named = re.findall(r"(?:chapters|exercises)/[\w-]+\.ipynb", doc)
    assert named and all((ROOT / n).exists() for n in named), named


def test_models_declare_the_chapter_the_manifest_gives_them():
    from nhsreform.models import models

    declared = {name: m.chapter for name, m in models().items()}
    assert declared == {c["model"]: int(c["stem"][2:]) for c in MANIFEST}
