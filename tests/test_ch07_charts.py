"""Chapter 7's data figures (nhsreform.charts.spc): each returns a figure and alt text built from
the data, with its key numbers, and refuses tables it cannot draw."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from nhsreform import spc  # noqa: E402
from nhsreform.charts import spc as spc_charts  # noqa: E402
from nhsreform.data import load_dataset  # noqa: E402
from nhsreform.style import use_course_style  # noqa: E402


@pytest.fixture(autouse=True)
def course_style():
    """The course style for these tests only: a module-level call would change matplotlib's
    settings and date converters for every test collected after it."""
    import matplotlib.units as munits

    converters = dict(munits.registry)
    with matplotlib.rc_context():
        use_course_style()
        yield
    munits.registry.clear()
    munits.registry.update(converters)


@pytest.fixture(scope="module")
def deaths():
    return load_dataset("ons_weekly_deaths_2010_2020")


@pytest.fixture(scope="module")
def ed():
    return load_dataset("ed_attendances_one_hospital_2015_2024")


def _legend(fig):
    return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_weekly_deaths_chart(deaths):
    fig, alt = spc_charts.plot_weekly_deaths_xmr(deaths)
    assert "535 points" in alt and "521 points to 31 December 2019" in alt
    assert "Mean 9,863, process limits 8,578 and 11,149" in alt
    assert "the highest point, 16,387, in 3 April 2020" in alt
    assert "high signals fall in December to March" in alt
    assert {"mean", "process limits", "special cause, high", "special cause, low"} <= set(_legend(fig))


def test_excess_deaths_chart(deaths):
    excess = spc_charts.excess_deaths(deaths)
    assert excess.loc["2020-04-03"] == 16387 - 10305 and excess.loc["2020-03-27"] == 11141 - 10130
    fig, alt = spc_charts.plot_excess_deaths_xmr(deaths)
    assert "66 points" in alt and "computed from the 52 points to 31 December 2019" in alt
    assert "process limits -644 and +720" in alt
    assert "the highest point, +6,082, in 3 April 2020" in alt


def test_ed_charts(ed):
    fig, alt = spc_charts.plot_ed_attendances_xmr(ed)
    assert "April 2022 to June 2024 (27 points)" in alt
    assert "2 points show special-cause variation (1 high, 1 low)" in alt
    assert "15,152, in May 2024" in alt and "11,259, in February 2023" in alt
    fig, alt = spc_charts.plot_ed_attendances_run_chart(ed)
    assert "median, 13,179" in alt and "13 points lie above the median and 13 below" in alt
    assert "median" in _legend(fig)


def test_alt_text_follows_the_data():
    values = pd.Series([0.0, 1.0] * 10 + [9.0], index=pd.date_range("2020-01-01", periods=21, freq="MS"))
    fig, alt = spc_charts.plot_xmr(spc.xmr(values, baseline=20), "t", "y", "a test series", number="{:.1f}")
    assert "1 point shows special-cause variation (1 high, 0 low): 1 by the rule 'outside limits'" in alt
    assert "the highest point, 9.0, in September 2021" in alt


def test_bad_input_is_refused(ed):
    with pytest.raises(TypeError, match="spc.xmr"):
        spc_charts.plot_xmr(pd.DataFrame({"value": [1, 2]}), "t", "y", "w")
    with pytest.raises(TypeError, match="run_chart"):
        spc_charts.plot_run_chart(pd.DataFrame({"value": [1, 2]}), "t", "y", "w")
    with pytest.raises(ValueError, match="freq"):
        spc_charts.plot_xmr(spc.xmr([1, 2, 3]), "t", "y", "w", freq="day")
    twice = pd.concat([ed, ed.iloc[:1]])
    with pytest.raises(ValueError, match="same month"):
        spc_charts.ed_monthly(twice)
