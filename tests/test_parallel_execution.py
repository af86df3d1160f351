"""The book build runs the notebooks it needs in parallel (``_ext/parallel_execution.py``).

What myst-nb needs from it: after the parallel run, the execution cache holds each notebook, so
myst-nb finds it there (matched as myst-nb matches it, by its code) and does not run it again;
a notebook that fails is not stored, so myst-nb runs it itself and reports the error.
"""

from __future__ import annotations

import nbformat
import pytest

from .conftest import load_extension


def _notebook(path, code: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A page"), nbformat.v4.new_code_cell(code)]
    nbformat.write(nb, str(path))
    return path


@pytest.mark.timeout(300)
def test_notebooks_run_in_parallel_are_found_in_the_cache(tmp_path):
    from jupyter_cache import get_cache

    ext = load_extension("parallel_execution")
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


def test_workers_store_without_trimming_and_the_run_trims_once(tmp_path):
    """jupyter-cache trims the cache after every store in two queries, and a record another worker
    stores between them is deleted (``CacheForWorkers``). The workers' cache does not trim; the
    parallel run trims once at the end, to the cache's limit."""
    from jupyter_cache.cache.main import JupyterCacheBase

    ext = load_extension("parallel_execution")
    cache = ext.CacheForWorkers(str(tmp_path / "cache"))
    cache.change_cache_limit(2)
    for i in range(3):
        page = _notebook(tmp_path / f"page{i}.ipynb", f"print({i})")
        cache.cache_notebook_file(str(page), check_validity=False)
    assert len(cache.list_cache_records()) == 3, "a worker's store must not delete records"
    JupyterCacheBase.truncate_caches(cache)
    assert len(cache.list_cache_records()) == 2, "the limit still holds once the run has trimmed"
    # The run itself: with a limit of one, only one of two notebooks run in parallel is kept.
    plain = JupyterCacheBase(str(tmp_path / "small"))
    plain.change_cache_limit(1)
    paths = [_notebook(tmp_path / f"run{i}.ipynb", f"print({i} + 1)") for i in range(2)]
    result = ext.run_in_parallel(str(tmp_path / "small"), paths, in_temp=True, timeout=60, allow_errors=False)
    assert sorted(result.succeeded) == sorted(str(p) for p in paths)
    assert len(plain.list_cache_records()) == 1
