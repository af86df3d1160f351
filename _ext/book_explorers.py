"""Sphinx extension: the models' explorers move in the built book, with no kernel and no network.

Each model explorer's book view (:meth:`nhsreform.explorer.ModelExplorer._repr_mimebundle_`)
is its figure at the starting settings, marked ``<div class="nhs-book-explorer" data-model=...>``.
This extension:

1. when the HTML build starts, draws every model's states (:mod:`nhsreform.book_states`: the
   model's ``book_controls``, every combination, the live explorer's own ``render``), in parallel
   on every core, into ``_build/.book_states/<digest>/``. The digest covers the package's code
   and the controls, so a build with no model change reuses the drawings;
2. on each page with an explorer, puts range inputs where the notebook output left its marker,
   replaces the "needs a running kernel" note with one saying what moves here and what only the
   notebook moves, and adds ``book-explorers.js`` to that page only (it lives here, in ``_ext/``,
   because Jupyter Book puts every script under ``_static/`` on every page);
3. when the build ends, copies the drawings to ``_static/explorers/<model>-<digest>/`` (a new
   folder name whenever they change, so no browser shows stale images).
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util import logging

logger = logging.getLogger(__name__)

CACHE = ".book_states"  # beside the HTML output, in _build/
SCRIPT = "book-explorers.js"


class BookExplorerError(SphinxError):
    category = "Book explorer error"


def _package():
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from nhsreform import book_states
    from nhsreform.models import models

    return book_states, models


def _draw_states(app) -> None:
    app.nhs_book_states = None
    if app.builder.format != "html":
        return
    book_states, _ = _package()
    digest = book_states.states_digest()
    cache_root = Path(app.outdir).parent / CACHE
    folder = cache_root / digest
    if not (folder / "done").exists():
        for old in cache_root.glob("*") if cache_root.exists() else ():
            shutil.rmtree(old, ignore_errors=True)
        start = time.perf_counter()
        logger.info("drawing the models' states for the book explorers (%s)", folder)
        tmp = cache_root / f"{digest}.partial"
        shutil.rmtree(tmp, ignore_errors=True)
        book_states.render_all(tmp)
        (tmp / "done").write_text(f"{time.perf_counter() - start:.1f} s\n")
        tmp.rename(folder)
        logger.info("drew the book explorers' states in %.1f s", time.perf_counter() - start)
    app.nhs_book_states = (folder, digest[:12])
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copy2(Path(__file__).with_name(SCRIPT), static / SCRIPT)


def _manifest(app, model: str) -> dict:
    import json

    folder, _ = app.nhs_book_states
    path = folder / model / "states.json"
    if not path.exists():
        raise BookExplorerError(f"no drawn states for model {model!r} in {folder}")
    return json.loads(path.read_text(encoding="utf-8"))


def _add_controls(app, doctree, docname: str) -> None:
    if not getattr(app, "nhs_book_states", None):
        return
    book_states, models = _package()
    _, short = app.nhs_book_states
    count = 0
    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", "").split():
            continue
        text = node.astext()
        match = book_states.EXPLORER_PATTERN.search(text)
        if not match:
            continue
        name, shown, state = match.group(1), tuple(match.group(2).split()), int(match.group(3))
        model = models().get(name)
        if model is None:
            raise BookExplorerError(f"{docname}: an explorer names model {name!r}, which the package lacks")
        data = _manifest(app, name)
        if not 0 <= state < len(data["alts"]):
            raise BookExplorerError(f"{docname}: explorer of {name!r} starts at state {state}, not drawn")
        count += 1
        from nhsreform.explorer import LIVE_NOTE

        controls = book_states.controls_html(
            data, f"{book_states.STATIC_FOLDER}/{name}-{short}/", uid=f"nhs-bx-{name}-{count}"
        )
        text = text.replace(LIVE_NOTE, book_states.book_note(model, shown), 1).replace(
            book_states.CONTROLS_MARKER, controls, 1
        )
        node.replace_self(nodes.raw("", text, format="html"))
    if count:
        app.nhs_book_explorer_pages = getattr(app, "nhs_book_explorer_pages", set()) | {docname}


def _add_script(app, pagename, templatename, context, doctree) -> None:
    if pagename in getattr(app, "nhs_book_explorer_pages", ()):
        app.add_js_file(SCRIPT, defer="defer")


def _copy_states(app, exception) -> None:
    if exception is not None or not getattr(app, "nhs_book_states", None):
        return
    book_states, _ = _package()
    folder, short = app.nhs_book_states
    target = Path(app.outdir) / "_static" / book_states.STATIC_FOLDER
    shutil.rmtree(target, ignore_errors=True)
    for model_folder in sorted(p for p in folder.iterdir() if p.is_dir()):
        shutil.copytree(
            model_folder,
            target / f"{model_folder.name}-{short}",
            ignore=shutil.ignore_patterns("states.json"),
        )


def setup(app):
    app.connect("builder-inited", _draw_states)
    app.connect("doctree-resolved", _add_controls)
    app.connect("html-page-context", _add_script)
    app.connect("build-finished", _copy_states)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
