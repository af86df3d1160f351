"""Chapter 9's data figures (``nhsreform.charts.funnel``): the same contract as every course chart
(tests/test_charts.py): a Figure and alt text naming the key numbers, computed from the data; the
caller's frame unchanged; only the course palette; readable at the column width with a legend; the
dataset credited through ``show_figure``; bad input refused with a clear message."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from nhsreform.charts import funnel as funnel_charts  # noqa: E402
from nhsreform.data import load_ae_attendances  # noqa: E402
from nhsreform.style import use_course_style  # noqa: E402

from .test_charts import ALLOWED_COLOURS, _colours_drawn  # noqa: E402

NAME = "ae_attendances_2016_2019"


@pytest.fixture(scope="module")
def ae():
    return load_ae_attendances()


@pytest.fixture
def course_style():
    with matplotlib.rc_context():
        use_course_style()
        yield


@pytest.mark.parametrize("adjust", [None, "additive", "multiplicative"])
def test_funnel_returns_figure_and_alt_naming_its_numbers(ae, adjust):
    before = ae.copy()
    open_before = set(plt.get_fignums())
    table, dispersion = funnel_charts.provider_funnel_table(ae, adjust=adjust)
    fig, alt = funnel_charts.plot_ae_funnel(ae, adjust=adjust)
    try:
        counts = table["signal"].value_counts()
        for value in (
            f"{len(table)} major (type 1) A&E departments",
            f"{100 * dispersion.p0:.1f}%",
            f"{table['n'].min():,}",
            f"{table['n'].max():,}",
            f"{100 * table['proportion'].min():.1f}%",
            f"{100 * table['proportion'].max():.1f}%",
            f"{int(counts.get('within 95% limits', 0))} departments lie within the 95% limits",
            f"{dispersion.phi:.0f} times",
            "March 2019",
        ):
            assert value in alt, f"alt text does not name {value!r}:\n{alt}"
        pd.testing.assert_frame_equal(ae, before)
        outside = _colours_drawn(fig) - ALLOWED_COLOURS
        assert not outside, f"colours outside the course palette: {outside}"
    finally:
        plt.close(fig)
    assert set(plt.get_fignums()) == open_before


def test_adjustment_changes_what_the_alt_text_reports(ae):
    _, plain = funnel_charts.plot_ae_funnel(ae)
    _, adjusted = funnel_charts.plot_ae_funnel(ae, adjust="additive")
    plt.close("all")
    assert "5 departments lie within the 95% limits; 67 lie above and 56 below" in plain
    assert "120 departments lie within the 95% limits; 0 lie above and 1 below" in adjusted
    assert "no allowance for real differences" in plain and "additive allowance" in adjusted


def test_another_month_gives_other_numbers(ae):
    _, march = funnel_charts.plot_ae_funnel(ae)
    _, april = funnel_charts.plot_ae_funnel(ae, month="2016-04-01")
    plt.close("all")
    assert "April 2016" in april and april != march


def test_highlight_labels_one_provider(ae):
    fig, alt = funnel_charts.plot_ae_funnel(ae, adjust="additive", highlight="RXN")
    try:
        assert "Provider RXN is labelled: 49.0%, below 99.8% limit." in alt
        assert any(t.get_text() == "RXN" for t in fig.axes[0].texts)
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="no type 1 provider 'XYZ' in March 2019"):
        funnel_charts.plot_ae_funnel(ae, highlight="XYZ")


def test_bad_input_is_refused(ae):
    with pytest.raises(ValueError, match="give the first day of a month"):
        funnel_charts.plot_ae_funnel(ae, month="2019-03-15")
    with pytest.raises(ValueError, match="adjust must be one of"):
        funnel_charts.plot_ae_funnel(ae, adjust="both")


def test_the_legend_names_both_limits_and_the_standard(course_style, ae):
    for adjust in (None, "additive"):
        fig, _ = funnel_charts.plot_ae_funnel(ae, adjust=adjust, highlight="RXN")
        try:
            labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
            assert {"99.8% limits", "95% limits", "95% standard"} <= set(labels)
        finally:
            plt.close(fig)


def test_limit_lines_are_the_funnels_own(ae):
    table, dispersion = funnel_charts.provider_funnel_table(ae)
    fig, _ = funnel_charts.plot_ae_funnel(ae)
    try:
        upper = fig.axes[0].lines[0]  # the upper 99.8% limit, in percent
        x, y = upper.get_data()
        from nhsreform import funnel

        expected = funnel.funnel_limits([x[5]], dispersion.p0)["upper_99.8"].iloc[0]
        assert y[5] == pytest.approx(100 * expected)
    finally:
        plt.close(fig)
