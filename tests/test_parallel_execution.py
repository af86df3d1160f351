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
    from jupyter_cache.executors import load_executor

    ext = load_extension("parallel_execution")
    cache = get_cache(str(tmp_path / "cache"))
    good = [_notebook(tmp_path / f"page{i}.ipynb", f"print({i} * 7)") for i in range(3)]
    bad = _notebook(tmp_path / "broken.ipynb", "1 / 0")
    paths = [*good, bad]
    assert ext.stale_notebooks(cache, paths) == paths
    records = [cache.add_nb_to_project(str(p)) for p in paths]
    result = load_executor("temp-parallel", cache).run_and_cache(
        filter_pks=[r.pk for r in records], timeout=60
    )
    assert sorted(result.succeeded) == sorted(str(p) for p in good)
    # myst-nb's lookup: the notebook as read from its file matches the executed copy ...
    assert ext.stale_notebooks(cache, paths) == [bad], "only the failed notebook is left to myst-nb"
    record = cache.match_cache_notebook(nbformat.read(str(good[2]), as_version=4))
    _, merged = cache.merge_match_into_notebook(nbformat.read(str(good[2]), as_version=4))
    assert record is not None and merged.cells[1].outputs[0]["text"] == "14\n"
    # ... and a change to a notebook's code makes it stale again.
    _notebook(good[0], "print('changed')")
    assert ext.stale_notebooks(cache, paths) == [good[0], bad]
