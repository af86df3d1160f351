"""The course's Sphinx extension (_ext/offline_assets.py): its string patches of upstream HTML
(page bodies and the theme's templates) apply to the pinned upstream versions, and a patch whose
upstream text has gone is a warning, which fails the strict build.

Small books are built with sphinx-build in a subprocess (a clean Sphinx each time), with the
course's theme and the extension, in a temporary folder.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
import offline_assets  # noqa: E402

INDEX = """\
A page
======

The report [Ham2014]_.

.. [Ham2014] Ham C. Reforming the NHS from within. The King's Fund, 2014.
"""


def _build(tmp_path, conf_extra: str = "") -> subprocess.CompletedProcess:
    src = tmp_path / "src"
    src.mkdir()
    (src / "_vendor").symlink_to(ROOT / "_vendor")
    (src / "index.rst").write_text(INDEX, encoding="utf-8")
    (src / "conf.py").write_text(
        textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(ROOT / "_ext")!r})
        import offline_assets
        extensions = ["offline_assets"]
        html_theme = "sphinx_book_theme"
        exclude_patterns = ["_vendor", "_build"]
        """)
        + textwrap.dedent(conf_extra),
        encoding="utf-8",
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(src),
            str(src / "_build" / "html"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_patches_apply_to_the_pinned_upstream(tmp_path):
    run = _build(tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    page = (tmp_path / "src" / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    # docutils' citation list is no longer a list without list items
    assert '<div class="citation-list">' in page and 'role="list" class="citation-list"' not in page
    # the search field is named by what it shows ("Search Ctrl+K"), not by a shorter aria-label
    fields = re.findall(r'<button class="btn search-button-field[^>]*>', page)
    assert fields and not any("aria-label" in b for b in fields)
    # the colour-mode button's icons carry no title (Font Awesome would make it visible text)
    switch = re.search(r"<button [^>]*theme-switch-button.*?</button>", page, re.S).group(0)
    assert 'aria-label="Color mode"' in switch and switch.count('class="theme-switch ') == 3
    assert not re.search(r"<i [^>]*title=", switch)


def test_a_patch_whose_upstream_text_has_gone_fails_the_strict_build(tmp_path):
    run = _build(
        tmp_path,
        """\
        # As if docutils and the theme had changed their markup since the patches were written:
        offline_assets._HTML_FIXES = (('<div role="list" class="citation-list" data-new>', "",
                                       'class="citation-list"'),)
        offline_assets._TEMPLATE_FIXES = (("theme-switcher.html", "<i class='old-markup'>", ""),)
        """,
    )
    assert run.returncode != 0
    assert "upstream HTML has changed: 'class=\"citation-list\"' is on the page" in run.stderr
    assert "theme template theme-switcher.html has changed" in run.stderr


def test_body_patch_warns_only_where_its_construct_is(monkeypatch):
    warned = []
    monkeypatch.setattr(
        offline_assets,
        "logger",
        type("L", (), {"warning": staticmethod(lambda msg, **kw: warned.append(msg))}),
    )
    toggle = '<details class="admonition hide above-input">\n<summary aria-label="Toggle hidden content">\n'
    context = {"body": f"<p>text</p>{toggle}"}
    offline_assets._mend_body(context, "chapters/x")
    assert "aria-label" not in context["body"] and warned == []
    # a page without the construct: nothing to mend, nothing to say
    offline_assets._mend_body({"body": "<p>no toggles</p>"}, "intro")
    assert warned == []
    # the construct in new upstream markup: a warning naming it
    offline_assets._mend_body(
        {"body": '<details class="admonition hide above-input"><summary>'}, "chapters/y"
    )
    assert len(warned) == 1 and '<details class="admonition hide ' in warned[0]
