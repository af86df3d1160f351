"""The book build runs the notebooks it needs in parallel (``_ext/parallel_execution.py``).

What myst-nb needs from it: after the parallel run, the execution cache holds each notebook, so
myst-nb finds it there (matched as myst-nb matches it, by its code) and does not run it again;
a notebook that fails is not stored, so myst-nb runs it itself and reports the error.
"""

from __future__ import annotations

import importlib
import os

import nbformat
import pytest

from .conftest import ROOT


@pytest.fixture
def ext(monkeypatch):
    """The extension, imported by the name a build gives it (``_ext`` on ``sys.path``): the pool
    sends its workers ``CacheForWorkers`` by that name, and each worker imports it."""
    monkeypatch.syspath_prepend(str(ROOT / "_ext"))
    return importlib.import_module("parallel_execution")


def _notebook(path, code: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A page"), nbformat.v4.new_code_cell(code)]
    nbformat.write(nb, str(path))
    return path


@pytest.mark.timeout(300)
def test_notebooks_run_in_parallel_are_found_in_the_cache(ext, tmp_path):
    from jupyter_cache import get_cache

    cache = get_cache(str(tmp_path / "cache"))
    good = [_notebook(tmp_path / f"page{i}.ipynb", f"print({i} * 7)") for i in range(3)]
    bad = _notebook(tmp_path / "broken.ipynb", "1 / 0")
    paths = [*good, bad]
    assert ext.stale_notebooks(cache, paths) == paths
    result = ext.run_in_parallel(str(tmp_path / "cache"), paths, in_temp=True, timeout=60, allow_errors=False)
    assert sorted(result.succeeded) == sorted(str(p) for p in good)
    # myst-nb's lookup: the notebook as read from its file matches the executed copy ...
    assert ext.stale_notebooks(cache, paths) == [bad], "only the failed notebook is left to myst-nb"
    record = cache.match_cache_notebook(nbformat.read(str(good[2]), as_version=4))
    _, merged = cache.merge_match_into_notebook(nbformat.read(str(good[2]), as_version=4))
    assert record is not None and merged.cells[1].outputs[0]["text"] == "14\n"
    # ... and a change to a notebook's code makes it stale again.
    _notebook(good[0], "print('changed')")
    assert ext.stale_notebooks(cache, paths) == [good[0], bad]


@pytest.mark.timeout(300)
def test_workers_do_not_trim_the_cache_and_the_run_trims_it_once(ext, tmp_path, monkeypatch):
    """jupyter-cache trims the cache after every store in two queries, and a record another worker
    stores between them is deleted (``CacheForWorkers``). So no worker may trim; the run trims
    once, in the parent, at the end, and the cache's limit still holds."""
    from jupyter_cache.cache.main import JupyterCacheBase

    parent, trim = os.getpid(), JupyterCacheBase.truncate_caches

    def trim_in_the_parent_only(cache):  # the pool's workers are forked with this in place
        if os.getpid() != parent:
            raise RuntimeError("a worker trimmed the cache")
        trim(cache)

    monkeypatch.setattr(JupyterCacheBase, "truncate_caches", trim_in_the_parent_only)
    JupyterCacheBase(str(tmp_path / "cache")).change_cache_limit(2)
    paths = [_notebook(tmp_path / f"page{i}.ipynb", f"print({i} + 1)") for i in range(3)]
    result = ext.run_in_parallel(str(tmp_path / "cache"), paths, in_temp=True, timeout=60, allow_errors=False)
    # A worker that trimmed would have raised, and its notebook would be counted as not stored.
    assert sorted(result.succeeded) == sorted(str(p) for p in paths), result
    assert len(JupyterCacheBase(str(tmp_path / "cache")).list_cache_records()) == 2
