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

from jupyter_cache.cache.main import JupyterCacheBase
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


class CacheForWorkers(JupyterCacheBase):
    """jupyter-cache's cache as the pool's workers use it: each stores its notebook without
    trimming the cache to its size limit; ``run_in_parallel`` trims once, after the pool.

    ``JupyterCacheBase.truncate_caches``, called after every store, lists the records to keep in
    one query and deletes every record not in that list in a second. A record that another worker
    commits between the two queries is missing from the list but found by the second, so it is
    deleted just after it is stored, however far the cache is under its limit (jupyter-cache
    1.0.1: in a stress run, 2 runs in 65 of seven notebooks on two workers lost one).

    Defined at module level, so that the pool can pickle it by name: a worker (forked, or spawned
    with the parent's ``sys.path``, which has ``_ext`` on it in a build) imports this module."""

    def truncate_caches(self) -> None:
        pass


def run_in_parallel(cache_path: str, paths: list[Path], *, in_temp: bool, timeout: int, allow_errors: bool):
    """Run ``paths`` over a pool of one process per core and store each notebook that runs
    without error in the cache at ``cache_path``; returns jupyter-cache's ``ExecutorRunResult``."""
    from jupyter_cache.executors import load_executor

    cache = CacheForWorkers(cache_path)  # pickled into each worker
    records = [cache.add_nb_to_project(str(path)) for path in paths]
    kind = "temp-parallel" if in_temp else "local-parallel"
    result = load_executor(kind, cache).run_and_cache(
        filter_pks=[r.pk for r in records], timeout=timeout, allow_errors=allow_errors
    )
    JupyterCacheBase.truncate_caches(cache)  # once, with every worker's record in place
    return result


def _run_stale(app) -> None:
    if app.builder.format != "html":
        return
    config = app.env.mystnb_config
    if config.execution_mode != "cache":
        return
    from jupyter_cache import get_cache

    stale = stale_notebooks(get_cache(config.execution_cache_path), book_notebooks(app))
    if len(stale) < 2:
        return
    start = time.perf_counter()
    logger.info(
        "running %d notebooks in parallel (%s)",
        len(stale),
        "in temporary folders" if config.execution_in_temp else "in place",
    )
    result = run_in_parallel(
        config.execution_cache_path,
        stale,
        in_temp=config.execution_in_temp,
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
