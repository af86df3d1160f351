"""The notebook house-rules tool (nhsreform/authoring.py) on small fixture texts: it splits at
headings but never inside a fenced block, breaks prose at sentences without touching tables,
code, maths or roles, and running it twice changes nothing."""

from __future__ import annotations

import json

from nhsreform.authoring import MAX_LINE, problems, split_at_headings, tidy, wrap_prose

TEXT = """# Title

Intro sentence one. Intro sentence two.

```{admonition} Learning objectives
## Not a section heading, it is inside the admonition
- first objective. It has two sentences.
```

## Section

| a | b |
|---|---|
| A long table row. With two sentences. | kept |

```python
x = 1. + 2.  # Code. Untouched.
```

$$
a. B
$$

Text with a role {footcite:p}`ham2014reforming`. Then C. Ham and e.g. Another word stay joined.
"""


def test_split_at_headings_skips_fenced_blocks():
    parts = split_at_headings(TEXT)
    assert [p.splitlines()[0] for p in parts] == ["# Title", "## Section"]
    assert "## Not a section heading" in parts[0]


def test_wrap_breaks_sentences_only_in_prose():
    out = wrap_prose(TEXT)
    assert "Intro sentence one.\nIntro sentence two." in out
    assert "- first objective.\n  It has two sentences." in out  # continuation stays in the item
    assert "| A long table row. With two sentences. | kept |" in out
    assert "x = 1. + 2.  # Code. Untouched." in out
    assert "a. B" in out
    assert "{footcite:p}`ham2014reforming`.\nThen C. Ham and e.g. Another word stay joined." in out
    assert wrap_prose(out) == out


def test_long_sentences_wrap_without_splitting_roles():
    sentence = "word " * 40 + "{term}`Star ratings <star ratings>` " + "more " * 20 + "end."
    out = wrap_prose(sentence.strip())
    assert all(len(line) <= MAX_LINE for line in out.splitlines())
    assert "{term}`Star ratings <star ratings>`" in out


def test_tidy_and_problems_on_a_notebook(tmp_path):
    nb = {
        "cells": [{"cell_type": "markdown", "id": "c1", "metadata": {}, "source": [TEXT]}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "fixture.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    found = problems(path)
    # two headings in one cell; unbroken prose; a citation JupyterLab would show as its bare key,
    # and no JupyterLab cell of references (nhsreform.citations)
    assert len(found) == 4 and "bare keys in JupyterLab" in found[2], found
    assert tidy(path) is True
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert [c["id"] for c in cells] == ["c1", "c1-1", "jupyterlab-terms-and-references"]
    assert "[\\[Ham 2014c\\]](#ref-ham2014reforming)" in "".join(cells[1]["source"])
    assert problems(path) == [] and tidy(path) is False


def test_too_many_words_is_reported(tmp_path):
    words = " ".join(["Word."] * 701)
    nb = {
        "cells": [{"cell_type": "markdown", "id": "c1", "metadata": {}, "source": [words]}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "long.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert any("701 words" in p for p in problems(path))


def test_inline_maths_is_never_split():
    sentence = "lost momentum recovers only if the interval is at least " * 2 + "$h \\log_2(1 + 19r)$ months."
    out = wrap_prose(sentence)
    assert "$h \\log_2(1 + 19r)$" in out
    assert wrap_prose("The share is $p. Q$ here. Next one.") == "The share is $p. Q$ here.\nNext one."
