"""Formulas are MathML written into the page (``_ext/mathml.py``): no page loads MathJax."""

from __future__ import annotations

import pytest

from .conftest import load_extension


def test_a_formula_becomes_mathml_inline_or_on_its_own_line():
    ext = load_extension("mathml")
    inline = ext.to_mathml(r"P(R \le r) \ge q", block=False)
    assert inline.startswith('<math alttext="P(R \\le r) \\ge q" xmlns="http://www.w3.org/1998/Math/MathML"')
    assert 'display="inline"' in inline
    assert "<mi>R</mi><mo>&#x02264;</mo>" in inline, "≤ is an operator between identifiers"
    block = ext.to_mathml(r"\frac{1-s}{T}", block=True)
    assert 'display="block"' in block and "<mfrac>" in block
    assert 'alttext="\\frac{1-s}{T}"' in block, "the LaTeX is the formula's text alternative"


@pytest.mark.parametrize("bad", [r"a^", r"\left( a", r"\begin{matrix} a"])
def test_a_formula_it_cannot_read_stops_the_build_naming_page_and_formula(bad):
    ext = load_extension("mathml")
    message = r"chapters/01-x\.ipynb:12: cannot turn the formula .+ into MathML: \w+"
    with pytest.raises(ext.FormulaError, match=message):
        ext.to_mathml(bad, block=False, where="chapters/01-x.ipynb:12")


def test_the_books_formulas_are_mathml(built_site):
    chapter = (built_site / "chapters" / "01-why-how-we-reform-matters.html").read_text(encoding="utf-8")
    assert chapter.count("<math ") >= 10
    assert r"\(" not in chapter and "$P/T$" not in chapter, "no formula is left as LaTeX"
