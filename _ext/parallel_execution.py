"""Sphinx extension: the book's notebooks that need running run in parallel, one per core.

myst-nb's cache mode runs each notebook when Sphinx reads its page, one after another. Before
reading starts, this extension finds the book's notebooks (those in ``_toc.yml``) whose code the
execution cache does not hold, and runs them with jupyter-cache's parallel executor (a pool of
one process per core; in a temporary folder when ``execute.run_in_temp`` is set), storing the
results in the same cache. myst-nb then finds every one of them cached. A notebook that fails
here is not stored, so myst-nb runs it again itself and reports its error as it always has.

Runs after ``_ext/course_inputs.py`` (which drops the cache when the course package changed),
and only for a cache-mode HTML build with two or more notebooks to run.
"""

from __future__ import annotations

import time
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)


def book_notebooks(app) -> list[Path]:
    """The notebooks in the book's table of contents, in its order."""
    site_map = getattr(app.config, "external_site_map", None)
    docnames = list(site_map) if site_map is not None else sorted(app.env.found_docs)
    srcdir = Path(app.srcdir)
    return [srcdir / f"{d}.ipynb" for d in docnames if (srcdir / f"{d}.ipynb").is_file()]


def stale_notebooks(cache, paths: list[Path]) -> list[Path]:
    """The notebooks whose code (as jupyter-cache hashes it) has no executed copy in ``cache``."""
    import nbformat

    stale = []
    for path in paths:
        try:
            cache.match_cache_notebook(nbformat.read(str(path), as_version=4))
        except KeyError:
            stale.append(path)
    return stale


def _run_stale(app) -> None:
    if app.builder.format != "html":
        return
    config = app.env.mystnb_config
    if config.execution_mode != "cache":
        return
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(config.execution_cache_path)
    stale = stale_notebooks(cache, book_notebooks(app))
    if len(stale) < 2:
        return
    records = [cache.add_nb_to_project(str(path)) for path in stale]
    kind = "temp-parallel" if config.execution_in_temp else "local-parallel"
    start = time.perf_counter()
    logger.info("running %d notebooks in parallel (%s)", len(stale), kind)
    result = load_executor(kind, cache).run_and_cache(
        filter_pks=[r.pk for r in records],
        timeout=config.execution_timeout,
        allow_errors=config.execution_allow_errors,
    )
    failed = [*result.excepted, *result.errored]
    logger.info(
        "ran %d notebooks in %.1f s; %d to be run again by myst-nb (failed here)",
        len(stale),
        time.perf_counter() - start,
        len(failed),
    )


def setup(app):
    app.connect("builder-inited", _run_stale, priority=950)  # after course_inputs (900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
