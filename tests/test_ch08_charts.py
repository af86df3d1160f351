"""Chapter 8's data figures (nhsreform.charts.integration): each returns a figure and alt text that
names its key values (computed here from the data), draws only in the course palette, leaves its
input unchanged, is readable at the column's width, and credits its dataset through show_figure."""

from __future__ import annotations

import html
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure as MplFigure  # noqa: E402

from nhsreform.charts import integration  # noqa: E402
from nhsreform.data import dataset, load_dataset  # noqa: E402
from nhsreform.figures import show_figure  # noqa: E402

from .test_charts import ALLOWED_COLOURS, _colours_drawn, check_readable  # noqa: E402


def _dtoc_expected(d):
    total = d.set_index("month")["delayed_beds_total"]
    return [
        f"{total.max():,.1f}",
        f"{total.idxmax():%B %Y}",
        f"{total.min():,.1f}",
        f"{total.idxmin():%B %Y}",
        f"{total.iloc[0]:,.1f}",
        f"{total.iloc[-1]:,.1f}",
        f"{d['delayed_beds_social_care_responsible'].iloc[-1]:,.1f}",
    ]


def _readmissions_expected(d):
    rate = d["emergency_readmissions_30day_pct_indirectly_standardised"]
    return [f"{rate.min():.1f}%", f"{rate.max():.1f}%", "2002/03", "2011/12"]


def _gm_expected(d):
    rows = d[d["unit"] == "%"]
    return [f"{v:+.1f}%" for v in rows["effect"]] + ["2 are changes for the worse"]


CASES = [
    ("plot_delayed_transfers", "delayed_transfers_of_care_monthly_2010_2017", _dtoc_expected),
    ("plot_readmissions", "emergency_readmissions_30day_2002_2012", _readmissions_expected),
    ("plot_devolution_effects", "greater_manchester_devolution_effects", _gm_expected),
]
IDS = [c[0] for c in CASES]


@pytest.fixture
def course_style():
    from nhsreform.style import use_course_style

    with matplotlib.rc_context():
        use_course_style()
        yield


def test_every_plot_function_is_tested():
    plots = {name for name in integration.__all__ if name.startswith("plot_")}
    assert plots == set(IDS)
    for name in integration.__all__:
        obj = getattr(integration, name)
        assert not callable(obj) or obj.__doc__, name


@pytest.mark.parametrize("func, name, expected", CASES, ids=IDS)
def test_chart_returns_figure_and_alt_naming_its_values(func, name, expected):
    data = load_dataset(name)
    before = data.copy()
    open_before = set(plt.get_fignums())
    fig, alt = getattr(integration, func)(data)
    try:
        assert isinstance(fig, MplFigure) and isinstance(alt, str) and len(alt.split()) >= 20
        for value in expected(data):
            assert value in alt, f"{func}: alt text does not name {value!r}:\n{alt}"
        pd.testing.assert_frame_equal(data, before)
        outside = _colours_drawn(fig) - ALLOWED_COLOURS
        assert not outside, f"{func} draws colours outside the course palette: {outside}"
    finally:
        plt.close(fig)
    assert set(plt.get_fignums()) == open_before


@pytest.mark.parametrize("func, name, expected", CASES, ids=IDS)
def test_chart_is_readable_and_has_one_layout(course_style, func, name, expected):
    data = load_dataset(name)
    fig, _ = getattr(integration, func)(data)
    try:
        check_readable(fig)
    finally:
        plt.close(fig)
    with pytest.raises(TypeError):
        getattr(integration, func)(data, layout="narrow")  # single-panel charts have one layout


@pytest.mark.parametrize("func, name, expected", CASES, ids=IDS)
def test_chart_through_show_figure_credits_its_dataset(func, name, expected):
    fig, alt = getattr(integration, func)(load_dataset(name))
    shown = show_figure(fig, alt=alt, caption="A caption.", datasets=(name,))
    assert shown.png.startswith(b"\x89PNG") and shown.alt == alt
    text = html.unescape(re.sub(r"<[^>]+>", "", shown._repr_mimebundle_()["text/html"]))
    assert " ".join(dataset(name).attribution.split()) in text and name in text


def test_alt_text_follows_the_data():
    dtoc = load_dataset("delayed_transfers_of_care_monthly_2010_2017")
    changed = dtoc.copy()
    changed.loc[changed["month"] == "2016-12-01", "delayed_beds_total"] = 7000.0
    fig, alt = integration.plot_delayed_transfers(changed)
    plt.close(fig)
    assert "7,000.0, in December 2016" in alt and "6,660.4" not in alt
    gm = load_dataset("greater_manchester_devolution_effects")
    gm.loc[gm["outcome"] == "adult_obesity", "note"] = "2016-2020"
    fig, alt = integration.plot_devolution_effects(gm)
    plt.close(fig)
    assert "1 are changes for the worse" in alt and "Adult obesity: +7.6%;" in alt
    readm = load_dataset("emergency_readmissions_30day_2002_2012")
    col = "emergency_readmissions_30day_pct_indirectly_standardised"
    readm.loc[3, col] = 9.0
    fig, alt = integration.plot_readmissions(readm)
    plt.close(fig)
    assert "rises and falls" in alt and "9.0%" in alt


def test_chapter_and_exercise_credit_the_datasets_they_draw():
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for path in (
        "chapters/08-complementary-approaches.ipynb",
        "exercises/08-integration-and-devolution.ipynb",
    ):
        nb = json.loads((root / path).read_text("utf-8"))
        for cell in nb["cells"]:
            src = "".join(cell["source"])
            if cell["cell_type"] == "code" and "integration.plot_" in src:
                assert "datasets=" in src and "alt=alt" in src, (path, src[:80])
