"""The data figures in ``nhsreform.charts`` and the shared A&E facts in ``nhsreform.ae``.

Every chart function returns ``(Figure, alt)``, draws only in the course palette, leaves its input
unchanged, closes cleanly, and its alt text names the extreme values of what it plots (computed
here from the data, not copied from the chart). ``show_figure(..., datasets=...)`` shows each
card's attribution and refuses an unknown dataset. The quarterly A&E rules have one definition,
shared by chapter 2 and exercise 2's checks.
"""

from __future__ import annotations

import functools
import html
import importlib
import inspect
import json
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure as MplFigure  # noqa: E402

from nhsreform import ae, charts, spc  # noqa: E402
from nhsreform.charts import proposals  # noqa: E402
from nhsreform.charts import spc as spc_charts  # noqa: E402
from nhsreform.checks import ch02  # noqa: E402
from nhsreform.data import dataset, datasets, load_dataset  # noqa: E402
from nhsreform.figures import dataset_attributions, show_figure  # noqa: E402
from nhsreform.style import OKABE_ITO  # noqa: E402

from .conftest import ROOT  # noqa: E402


def _structural_gaps(timeline):
    years = sorted(
        timeline.loc[timeline["course_classification"] == "structural reorganisation", "year"].unique()
    )
    return np.diff(years)


def _ahc_and_cqc_percents(ratings):
    ahc = ratings[(ratings["regime"] == "Annual health check") & (ratings["domain"] == "Quality")]
    soc = ratings[ratings["scope"] == "NHS acute hospital core services"]
    return pd.concat([ahc["percent"], soc["percent"]]).astype(float)


def _expected_long_waits(d):
    return [
        f"{d['ordinary_admissions'].max():,}",
        f"{d['ordinary_admissions'].min():,}",
        f"{int(d['total'].max()):,}",
        f"{int(d['total'].min()):,}",
    ]


def _expected_against_target(d):
    return [
        f"{d['pct_within_4h_type1'].max():.1f}%",
        f"{d['pct_within_4h_type1'].min():.1f}%",
        f"{d['all_types'].max():.1f}%",
        f"{d['all_types'].min():.1f}%",
    ]


def _expected_infections(d):
    return [f"{int(d[c].max()):,}" for c in ("mrsa_total", "cdiff_total_2plus")] + [
        f"{int(d[c].min()):,}" for c in ("mrsa_total", "cdiff_total_2plus")
    ]


def _expected_ft_counts(d):
    counts = d.loc[d["measure"] == "foundation trusts", "value"]
    aim = d.loc[d["measure"].str.startswith("aspiration"), "value"]
    return [str(counts.min()), str(counts.max()), str(aim.iloc[0])]


# --- Part II (chapters 6-9): values computed here from the raw columns, not by the chart modules


def _expected_engagement_scatter(d, year=2019):
    rows = d.dropna(subset=["engagement_index_1_to_5", "shmi"])
    rows = rows[rows["year"] == year]
    x, y = rows["engagement_index_1_to_5"], rows["shmi"]
    north, south = (y[rows["north_or_south"] == r].mean() for r in ("North", "South"))
    return [
        f"{len(rows)} English acute trusts in {year}",
        f"from {x.min():.2f} to {x.max():.2f}",
        f"from {y.min():.2f} to {y.max():.2f}",
        f"correlation {x.corr(y):.2f}",
        f"({north:.3f})",
        f"{south:.3f})",
    ]


def _expected_correlation_by_year(d):
    rows = d.dropna(subset=["engagement_index_1_to_5", "shmi"])
    return [f"{year}: {g['engagement_index_1_to_5'].corr(g['shmi']):.2f}" for year, g in rows.groupby("year")]


def _expected_course_map(d):
    proposals_taught = d.loc[d["group"] == "proposal", "chapters"].str.split(", ")
    return [f"{len(d)} ideas", f"Chapter 12 covers {sum('12' in c for c in proposals_taught)} of the 11"]


def _expected_national_engagement(d):
    score = d.set_index("survey_year")["engagement_score_1_to_5"]
    missing = ", ".join(str(y) for y in score.index[score.isna()])
    return [f"{y}: {s:.2f}" for y, s in score.dropna().items()] + [f"No value was found for {missing}"]


def _expected_secretaries(d):
    days = d["days_in_office_derived"].dropna().astype(int).tolist()
    hunt = d.loc[d["holder"] == "Jeremy Hunt", "days_in_office_derived"].sum()
    return [f"{hunt:,} days", f"{min(days)} days", f"{len(days) - 1} completed spells", "Wes Streeting"]


def _when_week(ts):
    return f"{ts.day} {ts:%B %Y}"


def _expected_weekly_deaths(d):
    deaths = d.set_index("week_ending")["total_deaths_all_ages"]
    baseline = deaths[deaths.index <= "2019-12-31"]
    return [
        f"{_when_week(deaths.index[0])} to {_when_week(deaths.index[-1])} ({len(deaths)} points)",
        f"Mean {baseline.mean():,.0f}",
        f"the {len(baseline)} points to 31 December 2019",
        f"the highest point, {deaths.max():,}, in {_when_week(deaths.idxmax())}",
    ]


def _expected_excess_deaths(d):
    weeks = d.set_index("week_ending")
    excess = (weeks["total_deaths_all_ages"] - weeks["average_same_week_over_5_years"]).loc["2019-01-01":]
    baseline = excess[excess.index <= "2019-12-31"]
    return [
        f"{_when_week(excess.index[0])} to {_when_week(excess.index[-1])} ({len(excess)} points)",
        f"Mean {baseline.mean():+,.0f}",
        f"the {len(baseline)} points to 31 December 2019",
        f"the highest point, {excess.max():+,.0f}, in {_when_week(excess.idxmax())}",
    ]


def _ed_window(d):
    """Monthly attendances in the exercise's window; a stored date is the day before its month."""
    month = (d["month_date"] + pd.Timedelta(days=1)).dt.to_period("M").dt.to_timestamp()
    first, last = spc_charts.ED_WINDOW
    return d.set_index(month)["attendances_all"].sort_index().loc[first:last]


def _expected_ed_xmr(d):
    s = _ed_window(d)
    return [
        f"{s.index[0]:%B %Y} to {s.index[-1]:%B %Y} ({len(s)} points)",
        f"Mean {s.mean():,.0f}",
        f"the highest point, {s.max():,}, in {s.idxmax():%B %Y}",
        f"the lowest point, {s.min():,}, in {s.idxmin():%B %Y}",
    ]


def _expected_ed_run_chart(d):
    s = _ed_window(d)
    median = s.median()
    return [
        f"({len(s)} points), with the median, {median:,.0f}",
        f"{int((s > median).sum())} points lie above the median and {int((s < median).sum())} below",
    ]


def _expected_xmr_table(chart):
    first, high = chart.iloc[0], chart["signal"] & (chart["direction"] > 0)
    return [
        f"{chart.index[0]:%B %Y} to {chart.index[-1]:%B %Y} ({len(chart)} points)",
        f"Mean {first['mean']:,.0f}, process limits {first['lower']:,.0f} and {first['upper']:,.0f}",
        f"({int(high.sum())} high, {int((chart['signal'] & ~high).sum())} low)",
    ]


def _expected_run_table(run):
    above, below = int((run["side"] > 0).sum()), int((run["side"] < 0).sum())
    return [
        f"({len(run)} points), with the median, {run['median'].iloc[0]:,.0f}",
        f"{above} points lie above the median and {below} below",
        f"{int(run['shift'].sum())} points are part of a shift",
        f"{int(run['trend'].sum())} part of a trend",
    ]


def _expected_delayed_transfers(d):
    total = d.set_index("month")["delayed_beds_total"]
    return [
        f"{total.iloc[0]:,.1f} in {total.index[0]:%B %Y}",
        f"lowest at {total.min():,.1f} in {total.idxmin():%B %Y}",
        f"highest, {total.max():,.1f}, in {total.idxmax():%B %Y}",
        f"is {total.iloc[-1]:,.1f} in {total.index[-1]:%B %Y}",
        f"{d['delayed_beds_social_care_responsible'].iloc[-1]:,.1f}",
    ]


def _expected_readmissions(d):
    rate = d.set_index("financial_year")["emergency_readmissions_30day_pct_indirectly_standardised"]
    return [
        f"{rate.iloc[0]:.1f}% in {rate.index[0]}",
        f"lowest {rate.min():.1f}% in {rate.idxmin()}",
        f"highest {rate.max():.1f}% in {rate.idxmax()}",
        f"{rate.iloc[-1]:.1f}% in {rate.index[-1]}",
    ]


def _expected_devolution(d):
    rows = d[d["unit"] == "%"]
    worse = rows["note"].fillna("").str.contains("(worse)", regex=False)
    return [f"{v:+.1f}%" for v in rows["effect"]] + [
        f"{len(rows)} estimated effects",
        f"{int((~worse).sum())} are improvements and {int(worse.sum())} are changes for the worse",
    ]


def _expected_ae_funnel(d):
    month = d["period"].max()  # the chart's default month is the dataset's last
    rows = d[(d["type"] == "1") & (d["period"] == month) & (d["attendances"] > 0)]
    per = rows.groupby("org_code", observed=True)[["attendances", "breaches"]].sum()
    within = per["attendances"] - per["breaches"]
    share = within / per["attendances"]
    return [
        f"{len(per)} major (type 1) A&E departments in {month:%B %Y}",
        f"from {per['attendances'].min():,} to {per['attendances'].max():,}",
        f"around {100 * within.sum() / per['attendances'].sum():.1f}%",
        f"from {100 * share.min():.1f}%",
        f"to {100 * share.max():.1f}%",
    ]


#: (module, function, dataset names, how to build the argument, the values the alt text must name)
CASES = [
    ("waiting_lists", "plot_long_waits", ("inpatient_over12m_1978_1998",), None, _expected_long_waits),
    (
        "waiting_lists",
        "plot_rtt_waiting_list",
        ("rtt_waiting_list_2007_2018",),
        None,
        lambda d: [
            f"{d['reported_waiting_list_m'].max():.2f} million",
            f"{d['reported_waiting_list_m'].min():.2f} million",
        ],
    ),
    (
        "ae_performance",
        "plot_against_target",
        ("ae_4hr_quarterly_2004_2015", "ae_4hr_quarterly_2008_2018"),
        lambda old, new: ae.combined_four_hour_series(old, new),
        _expected_against_target,
    ),
    (
        "ae_performance",
        "plot_official_vs_survey",
        ("ae_official_vs_survey_2002_2005",),
        None,
        lambda d: [
            f"{d['survey_pct_within_4h'].max():.0f}%",
            f"{d['survey_pct_within_4h'].min():.0f}%",
            f"{d['official_pct_within_4h'].max():.0f}%",
        ],
    ),
    (
        "ratings",
        "plot_star_ratings",
        ("star_ratings_acute_2001_2005",),
        None,
        lambda d: [
            f"{d['zero_stars'].max():.0f} in",
            f"{d['zero_stars'].min():.0f} in",
            f"{d['acute_trusts_rated'].max():.0f} acute trusts",
        ],
    ),
    (
        "ratings",
        "plot_rating_regimes",
        ("trust_ratings_2007_2018",),
        None,
        lambda d: [f"{_ahc_and_cqc_percents(d).max():.0f}%", f"{_ahc_and_cqc_percents(d).min():.0f}%"],
    ),
    ("infections", "plot_infections", ("hcai_mrsa_cdiff_2007_2016",), None, _expected_infections),
    ("foundation_trusts", "plot_counts", ("foundation_trusts_count",), None, _expected_ft_counts),
    (
        "reorganisations",
        "plot_timeline",
        ("nhs_reorganisations_1974_2022",),
        None,
        lambda d: [
            f"{len(d)} changes",
            f"from {_structural_gaps(d).min()} to {_structural_gaps(d).max()} years",
            str(d["year"].min()),
            str(d["year"].max()),
        ],
    ),
    (
        "managers",
        "plot_managers",
        ("nhs_managers_monthly_2009_2017",),
        None,
        lambda d: (
            [f"{d[c].max():,.0f}" for c in ("managers_fte", "senior_managers_fte")]
            + [f"{d[c].min():,.0f}" for c in ("managers_fte", "senior_managers_fte")]
        ),
    ),
    (
        "ae_monthly",
        "plot_england_monthly",
        ("ae_attendances_2016_2019",),
        None,
        lambda d: [
            f"{v:.1f}%"
            for v in (lambda p: (p.iloc[0], p.min(), p.max(), p.iloc[-1]))(
                ae.england_monthly_performance(d)["pct_within_4h"]
            )
        ],
    ),
    (
        "ae_monthly",
        "plot_provider_spread",
        ("ae_attendances_2016_2019",),
        None,
        lambda d: [
            f"{ae.spread_between_providers(d)['median'].min():.1f}%",
            f"{ae.spread_between_providers(d)['median'].iloc[-1]:.1f}%",
            f"in {int((ae.spread_between_providers(d)['p90'] >= 95).sum())} of 36 months",
        ],
    ),
    (
        "engagement",
        "plot_engagement_vs_shmi",
        ("staff_engagement_shmi_trusts_2012_2019",),
        None,
        _expected_engagement_scatter,
    ),
    (
        "engagement",
        "plot_correlation_by_year",
        ("staff_engagement_shmi_trusts_2012_2019",),
        None,
        _expected_correlation_by_year,
    ),
    (
        "engagement",
        "plot_national_engagement",
        ("staff_engagement_national_2011_2017",),
        None,
        _expected_national_engagement,
    ),
    (
        "spc",
        "plot_xmr",
        ("ed_attendances_one_hospital_2015_2024",),
        lambda ed: spc.xmr(_ed_window(ed)),
        _expected_xmr_table,
    ),
    (
        "spc",
        "plot_run_chart",
        ("ed_attendances_one_hospital_2015_2024",),
        lambda ed: spc.run_chart(_ed_window(ed)),
        _expected_run_table,
    ),
    ("spc", "plot_weekly_deaths_xmr", ("ons_weekly_deaths_2010_2020",), None, _expected_weekly_deaths),
    ("spc", "plot_excess_deaths_xmr", ("ons_weekly_deaths_2010_2020",), None, _expected_excess_deaths),
    ("spc", "plot_ed_attendances_xmr", ("ed_attendances_one_hospital_2015_2024",), None, _expected_ed_xmr),
    (
        "spc",
        "plot_ed_attendances_run_chart",
        ("ed_attendances_one_hospital_2015_2024",),
        None,
        _expected_ed_run_chart,
    ),
    (
        "integration",
        "plot_delayed_transfers",
        ("delayed_transfers_of_care_monthly_2010_2017",),
        None,
        _expected_delayed_transfers,
    ),
    (
        "integration",
        "plot_readmissions",
        ("emergency_readmissions_30day_2002_2012",),
        None,
        _expected_readmissions,
    ),
    (
        "integration",
        "plot_devolution_effects",
        ("greater_manchester_devolution_effects",),
        None,
        _expected_devolution,
    ),
    ("funnel", "plot_ae_funnel", ("ae_attendances_2016_2019",), None, _expected_ae_funnel),
    ("leadership", "plot_health_secretaries", ("health_secretaries_1987_2024",), None, _expected_secretaries),
    (
        "leadership",
        "plot_ceo_turnover_vs_rating",
        ("trust_leadership_churn_vs_cqc_rating",),
        None,
        lambda d: ["43%", "100%", "115 trusts", "8 trusts"],
    ),
    (
        "leadership",
        "plot_executive_churn_by_rating",
        ("trust_leadership_churn_vs_cqc_rating",),
        None,
        lambda d: ["145 trusts", "3%", "14%", "20%", "72%"],
    ),
    (
        "patients",
        "plot_involvement",
        ("patient_experience_national_2003_2016",),
        None,
        lambda d: [
            f"{v:.0f}%"
            for r in ("Yes, definitely", "No")
            for v in (lambda x: (x.min(), x.max()))(
                d.loc[(d["indicator"] == "inpatient_involved_in_decisions") & (d["response"] == r), "value"]
            )
        ],
    ),
    (
        "patients",
        "plot_overall_rating",
        ("inpatient_overall_rating_2012_2015",),
        None,
        lambda d: [
            f"{d.loc[(d['survey_year'] == y) & (d['rating_0_to_10'] >= 9), 'pct_of_inpatients'].sum()}%"
            " gave 9 or 10"
            for y in (2012, 2015)
        ],
    ),
    (
        "patients",
        "plot_choice_offered",
        ("patient_choice_offered_2006_2015",),
        None,
        lambda d: [f"{v:.0f}%" for v in d["pct_recall_offered_choice"].iloc[[0, -2, -1]]],
    ),
    (
        "patients",
        "plot_gp_experience",
        ("patient_experience_national_2003_2016",),
        None,
        lambda d: (
            [
                f"{v:.1f}%"
                for i in ("gp_overall_experience_good", "gp_would_recommend_surgery")
                for v in (lambda x: (x.iloc[0], x.min(), x.iloc[-1]))(d.loc[d["indicator"] == i, "value"])
            ]
            # The alt text names the year of each low point and bounds the error bars' width.
            + [
                f"{r['value']:.1f}% at the lowest ({r['period']})"
                for i in ("gp_overall_experience_good", "gp_would_recommend_surgery")
                for r in [d.loc[d.loc[d["indicator"] == i, "value"].idxmin()]]
            ]
            + ["error bars at most 0.3 points wide"]
        ),
    ),
    ("proposals", "plot_course_map", (), proposals.course_map, _expected_course_map),
]
IDS = [f"{m}.{f}" for m, f, *_ in CASES]

_ED_LABELS = dict(
    title="A&E attendances each month, one English hospital",
    ylabel="attendances in the month",
    what="monthly A&E attendances at one English hospital",
    label="attendances",
)
#: Arguments besides the data, for the functions that draw a prepared table (plot_xmr and
#: plot_run_chart take titles and labels as well): bound by :func:`plot_function`.
PLOT_OPTIONS = {"spc.plot_xmr": _ED_LABELS, "spc.plot_run_chart": _ED_LABELS}

#: Colours a chart may use besides the palette: white (hollow markers, hatching, label boxes).
ALLOWED_COLOURS = {to_hex(c) for c in OKABE_ITO.values()} | {"#ffffff"}


def _argument(names, build):
    frames = [load_dataset(n) for n in names]
    arg = build(*frames) if build else frames[0]
    return arg, frames


def plot_function(module, func):
    """A case's chart function, with its :data:`PLOT_OPTIONS` bound: call it with the argument."""
    plot = getattr(importlib.import_module(f"nhsreform.charts.{module}"), func)
    options = PLOT_OPTIONS.get(f"{module}.{func}")
    return functools.partial(plot, **options) if options else plot


def _colours_drawn(fig):
    """Hex colours of the data artists (lines, bars, markers, bands), not of axes or text."""
    found = set()
    for ax in fig.axes:
        for line in ax.lines:
            found.add(to_hex(line.get_color()))
        for patch in ax.patches:
            if patch.get_fill() and patch.get_facecolor()[3] > 0:
                found.add(to_hex(patch.get_facecolor(), keep_alpha=False))
        for coll in ax.collections:
            for rgba in (*coll.get_facecolors(), *coll.get_edgecolors()):
                if rgba[3] > 0:
                    found.add(to_hex(rgba, keep_alpha=False))
    return found


def test_every_chart_module_and_function_is_tested():
    tested = set(IDS)
    for name in charts.MODULES:
        module = importlib.import_module(f"nhsreform.charts.{name}")
        assert module.__doc__ and module.__doc__.strip(), f"{name} has a docstring"
        for attr in module.__all__:
            obj = getattr(module, attr)
            if attr.startswith("plot_"):
                assert f"{name}.{attr}" in tested, f"charts.{name}.{attr} has no test case"
            if inspect.isfunction(obj):
                assert obj.__doc__, f"charts.{name}.{attr} has a docstring"
    modules = {p.stem for p in (ROOT / "nhsreform" / "charts").glob("*.py")} - {"__init__"}
    assert modules == set(charts.MODULES), "charts.MODULES lists every module in the folder"
    for path in (ROOT / "nhsreform" / "charts").glob("*.py"):
        assert "import *" not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("module, func, names, build, expected", CASES, ids=IDS)
def test_chart_returns_figure_and_alt_naming_its_extremes(module, func, names, build, expected):
    plot = plot_function(module, func)
    arg, _ = _argument(names, build)
    before = arg.copy()
    open_before = set(plt.get_fignums())
    fig, alt = plot(arg)
    try:
        assert isinstance(fig, MplFigure)
        assert isinstance(alt, str) and len(alt.split()) >= 20, alt
        for value in expected(arg):
            assert value in alt, f"{module}.{func}: alt text does not name {value!r}:\n{alt}"
        pd.testing.assert_frame_equal(arg, before)  # the caller's frame is unchanged
        outside = _colours_drawn(fig) - ALLOWED_COLOURS
        assert not outside, f"{module}.{func} draws colours outside the course palette: {outside}"
    finally:
        plt.close(fig)
    assert set(plt.get_fignums()) == open_before, "closing the figure leaves no figure open"


@pytest.mark.parametrize("module, func, names, build, expected", CASES, ids=IDS)
def test_chart_through_show_figure_credits_its_datasets(module, func, names, build, expected):
    plot = plot_function(module, func)
    arg, _ = _argument(names, build)
    open_before = set(plt.get_fignums())
    fig, alt = plot(arg)
    shown = show_figure(fig, alt=alt, caption="A caption.", datasets=names)
    assert set(plt.get_fignums()) == open_before
    assert shown.png.startswith(b"\x89PNG") and shown.alt == alt
    text = html.unescape(re.sub(r"<[^>]+>", "", shown._repr_mimebundle_()["text/html"]))
    for name in names:
        assert " ".join(dataset(name).attribution.split()) in text
        assert name in text


def test_alt_text_follows_the_data():
    """The alt text is composed from the frame it is given: change a value, the text changes."""
    from nhsreform.charts import infections

    hcai = load_dataset("hcai_mrsa_cdiff_2007_2016")
    hcai.loc[hcai.index[3], "mrsa_total"] = 123
    fig, alt = infections.plot_infections(hcai)
    plt.close(fig)
    assert "lowest value, 123, in" in alt


# --- show_figure(datasets=...) ------------------------------------------------------------------


def _caption_text(shown) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", shown._repr_mimebundle_()["text/html"]))


@pytest.mark.parametrize("name", sorted(datasets()))
def test_show_figure_shows_each_cards_attribution(name):
    fig, _ = plt.subplots()
    shown = show_figure(fig, alt="A test figure.", caption="Caption.", datasets=(name,))
    attribution = " ".join(dataset(name).attribution.split())
    assert attribution, f"nhsreform/datasets/{name}.md has an attribution"
    text = " ".join(_caption_text(shown).split())
    assert f"Source: {attribution}" in text and f"Course dataset {name}." in text
    assert fig.number not in plt.get_fignums()


def test_show_figure_with_two_datasets_and_extra_source():
    names = ("ae_4hr_quarterly_2004_2015", "ae_4hr_quarterly_2008_2018")
    fig, _ = plt.subplots()
    shown = show_figure(fig, alt="A test figure.", datasets=names, source="Extra detail, p 3.")
    page = shown._repr_mimebundle_()["text/html"]
    assert page.count("Source: ") == 3 and page.index(names[0]) < page.index(names[1])
    assert page.rindex("Extra detail, p 3.") > page.index(names[1])  # extra text comes last
    assert shown.sources[:2] == dataset_attributions(names)


def test_show_figure_accepts_one_name_as_a_string():
    fig, _ = plt.subplots()
    shown = show_figure(fig, alt="A test figure.", datasets="rtt_waiting_list_2007_2018")
    assert "chart QIAAN80-2" in _caption_text(shown)


def test_show_figure_without_datasets_is_unchanged():
    fig, _ = plt.subplots()
    shown = show_figure(fig, alt="A test figure.", caption="Cap.", source="Stylised model.")
    page = shown._repr_mimebundle_()["text/html"]
    assert page.count("Source: ") == 1 and "Stylised model." in page and "Course dataset" not in page
    assert shown.source == "Stylised model."


def test_show_figure_rejects_an_unknown_dataset_and_closes_the_figure():
    fig, _ = plt.subplots()
    with pytest.raises(
        ValueError,
        match=r"show_figure\(datasets=\.\.\.\): no dataset "
        r"'ae_4hr_quartely'.*known.*ae_4hr_quarterly_2004_2015",
    ):
        show_figure(fig, alt="A test figure.", datasets=("ae_4hr_quartely",))
    assert fig.number not in plt.get_fignums()


def test_show_figure_refuses_a_card_without_attribution(tmp_path, monkeypatch):
    name = "rtt_waiting_list_2007_2018"
    card = (ROOT / "nhsreform" / "datasets" / f"{name}.md").read_text(encoding="utf-8")
    stripped = re.sub(r"attribution: >-\n(?:  .*\n)+", "", card)
    assert stripped != card
    (tmp_path / f"{name}.md").write_text(stripped, encoding="utf-8")
    (tmp_path / f"{name}.csv").write_bytes((ROOT / "nhsreform" / "datasets" / f"{name}.csv").read_bytes())
    monkeypatch.setenv("NHSREFORM_DATA", str(tmp_path))
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match=rf"datasets/{name}\.md has no attribution"):
        show_figure(fig, alt="A test figure.", datasets=(name,))
    assert fig.number not in plt.get_fignums()


# --- the shared A&E facts -----------------------------------------------------------------------


def test_exercise_2_checks_use_the_one_definition():
    for name in (
        "quarter_start",
        "target_on",
        "targets_for",
        "all_types_pct",
        "DATES_BEVAN_HOOD_DH",
        "DATES_QUALITYWATCH",
    ):
        assert getattr(ch02, name) is getattr(ae, name), name
    source = inspect.getsource(ch02)
    assert "def quarter_start" not in source and "def all_types_pct" not in source


def test_all_types_from_either_version():
    old, new = (load_dataset(n) for n in ae.QUARTERLY_DATASETS)
    expected_new = (
        new["type1_attendances_m"] * new["pct_within_4h_type1"]
        + new["types23_attendances_m"] * new["pct_within_4h_types23"]
    ) / (new["type1_attendances_m"] + new["types23_attendances_m"])
    pd.testing.assert_series_equal(ae.all_types_pct(new), expected_new.rename("all_types"))
    both = old.merge(new, on="quarter", suffixes=("_o", "_n"))["quarter"]
    a = ae.all_types_pct(old).set_axis(old["quarter"]).loc[both]
    b = ae.all_types_pct(new).set_axis(new["quarter"]).loc[both]
    assert (a - b).abs().max() < 0.3  # the versions agree within rounding where they overlap
    with pytest.raises(KeyError, match="total_attendances_m or types23_attendances_m"):
        ae.all_types_pct(old.drop(columns="total_attendances_m"))


def test_combined_series_joins_the_versions_without_gaps():
    old, new = (load_dataset(n) for n in ae.QUARTERLY_DATASETS)
    series = ae.combined_four_hour_series()
    assert series["quarter"].is_unique
    assert series["quarter"].iloc[0] == old["quarter"].iloc[0]
    assert series["quarter"].iloc[-1] == new["quarter"].iloc[-1]
    steps = series["start"].diff().dropna().dt.days
    assert steps.between(89, 92).all(), "one row per quarter, none missing"
    assert (series["version"] == 2015).sum() == len(old)
    assert set(series.loc[series["version"] == 2018, "quarter"]).isdisjoint(old["quarter"])
    in_2015 = series[series["version"] == 2015]
    pd.testing.assert_series_equal(
        in_2015["all_types"].reset_index(drop=True), ae.all_types_pct(old).reset_index(drop=True)
    )
    expected = series["start"].map(ae.target_on)
    assert (series["target"] == expected).all()
    qw = ae.combined_four_hour_series(dates=ae.DATES_QUALITYWATCH).set_index("quarter")["target"]
    assert qw["2004/05 Q1"] == 98 and series.set_index("quarter")["target"]["2004/05 Q1"] == 90


def test_target_step_line_and_its_description():
    from nhsreform.charts.ae_performance import describe_dates, target_steps

    left, right = pd.Timestamp("2004-01-01"), pd.Timestamp("2018-07-01")
    steps = target_steps(ae.DATES_BEVAN_HOOD_DH, left, right)
    assert steps["start"].tolist() == [left, pd.Timestamp("2005-01-01"), pd.Timestamp("2010-06-01"), right]
    assert steps["target"].tolist() == [90, 98, 95, 95]
    assert (
        describe_dates(ae.DATES_BEVAN_HOOD_DH, left)
        == "90% until December 2004, 98% from January 2005, 95% from June 2010"
    )
    assert describe_dates(ae.DATES_QUALITYWATCH, left) == "98% until May 2010, 95% from June 2010"


def test_chapter_figure_cells_credit_their_datasets():
    """Every chapter cell that loads data and shows a figure names the datasets it plots."""
    for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            src = "".join(cell["source"])
            if cell["cell_type"] != "code" or "show_figure(" not in src:
                continue
            for name in re.findall(r'load_dataset\("(\w+)"\)', src):
                assert f'"{name}"' in src[src.index("show_figure(") :], (nb.name, name)
            if "charts" in src or re.search(
                r"\b(waiting_lists|ae_performance|ratings|infections|"
                r"foundation_trusts|reorganisations|managers)\.plot_",
                src,
            ):
                assert "datasets=" in src, f"{nb.name}: {src[:80]}"


def _tick_labels(ax):
    ax.figure.canvas.draw()
    return [t.get_text() for t in ax.get_xticklabels() if t.get_text()]


@pytest.mark.parametrize(
    "first, last, step, labels",
    [
        (
            "2016-04-01",
            "2019-03-01",
            6,
            ["Apr 2016", "Oct 2016", "Apr 2017", "Oct 2017", "Apr 2018", "Oct 2018"],
        ),
        (
            "2004-04-01",
            "2015-04-01",
            24,
            ["Apr 2004", "Apr 2006", "Apr 2008", "Apr 2010", "Apr 2012", "Apr 2014"],
        ),
        ("2004-01-01", "2016-02-01", 24, ["2004", "2006", "2008", "2010", "2012", "2014", "2016"]),
        (
            "2013-01-01",
            "2013-06-01",
            1,
            ["Jan 2013", "Feb 2013", "Mar 2013", "Apr 2013", "May 2013", "Jun 2013"],
        ),
    ],
)
def test_month_axis_gives_few_readable_ticks(first, last, step, labels):
    from nhsreform.charts.dates import month_axis

    months = pd.date_range(first, last, freq="MS")
    fig, ax = plt.subplots()
    try:
        ax.plot(months, range(len(months)))
        assert month_axis(ax, months) == step
        shown = _tick_labels(ax)
        assert shown[: len(labels)] == labels and len(shown) <= 7
        # the labels do not run together: each tick label's box is clear of the next one
        boxes = [t.get_window_extent() for t in ax.get_xticklabels() if t.get_text()]
        assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:], strict=False))
    finally:
        plt.close(fig)


def test_exercise_1_ticks_were_crowded_and_are_now_monthly_labels():
    """The review saw "2016-052016-09…": matplotlib's default ticks for the exercise 1 series."""
    months = pd.date_range("2016-04-01", "2019-03-01", freq="MS")
    fig, ax = plt.subplots(figsize=(4, 3))
    try:
        ax.plot(months, range(36))
        default = _tick_labels(ax)
        assert any(re.fullmatch(r"\d{4}-\d{2}", t) for t in default), default
        fig2, alt = charts_ae_monthly().plot_england_monthly(load_dataset("ae_attendances_2016_2019"))
        try:
            labels = _tick_labels(fig2.axes[0])
            assert labels and all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", t) for t in labels), labels
        finally:
            plt.close(fig2)
    finally:
        plt.close(fig)


def charts_ae_monthly():
    return importlib.import_module("nhsreform.charts.ae_monthly")


def test_month_axis_refuses_bad_input():
    from nhsreform.charts.dates import month_axis

    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match="month_axis: no dates given"):
            month_axis(ax, [])
        with pytest.raises(ValueError, match="max_ticks must be at least 2, got 1"):
            month_axis(ax, ["2016-04-01", "2017-04-01"], max_ticks=1)
    finally:
        plt.close(fig)


# --- figures that can be read (sizes, fonts, legends, narrow layouts, dates) --------------------

from nhsreform.figures import figure_png, png_size  # noqa: E402
from nhsreform.style import (  # noqa: E402
    COLUMN_WIDTH_PX,
    FIGURE_WIDTH_IN,
    MAX_DATE_TICKS,
    MIN_FONT_PT,
    NARROW_WIDTH_IN,
    use_course_style,
)

#: Chart functions with side-by-side panels, which also draw a stacked (narrow) version.
MULTI_PANEL = {"ratings.plot_star_ratings", "ratings.plot_rating_regimes", "infections.plot_infections"}
#: Chart functions with a date axis.
DATE_CHARTS = {
    "waiting_lists.plot_long_waits",
    "waiting_lists.plot_rtt_waiting_list",
    "ae_performance.plot_against_target",
    "foundation_trusts.plot_counts",
    "managers.plot_managers",
    "spc.plot_xmr",
    "spc.plot_run_chart",
    "spc.plot_weekly_deaths_xmr",
    "spc.plot_excess_deaths_xmr",
    "spc.plot_ed_attendances_xmr",
    "spc.plot_ed_attendances_run_chart",
    "integration.plot_delayed_transfers",
}


@pytest.fixture(autouse=False)
def course_style():
    with matplotlib.rc_context():
        use_course_style()
        yield


def readable_texts(fig):
    """The texts a reader must read: tick labels, axis labels, titles, legends, figure labels."""
    fig.canvas.draw()
    texts = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            texts += [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
            texts.append(axis.label)
        texts += [ax.title, ax._left_title, ax._right_title]
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    for legend in filter(None, legends):
        texts += [*legend.get_texts(), legend.get_title()]
    for name in ("_suptitle", "_supxlabel", "_supylabel"):
        if getattr(fig, name, None) is not None:
            texts.append(getattr(fig, name))
    return [t for t in texts if t.get_text().strip() and t.get_visible()]


def check_readable(fig, narrow: bool = False):
    """Shared by the chart and model tests: width, fonts and a legend."""
    width_in = NARROW_WIDTH_IN if narrow else FIGURE_WIDTH_IN
    assert fig.get_figwidth() == pytest.approx(width_in), "drawn at the column's width"
    if not narrow:
        assert png_size(figure_png(fig))[0] == COLUMN_WIDTH_PX, "the PNG is exactly the column's width"
    small = [(t.get_text(), t.get_fontsize()) for t in readable_texts(fig) if t.get_fontsize() < MIN_FONT_PT]
    assert not small, f"text smaller than {MIN_FONT_PT} pt: {small}"
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + list(fig.legends)
    assert legends, "the figure has a legend"
    for legend in legends:
        assert all(t.get_text().strip() for t in legend.get_texts()), "every legend entry is labelled"


@pytest.mark.parametrize("module, func, names, build, expected", CASES, ids=IDS)
def test_chart_is_readable_at_the_column_width(course_style, module, func, names, build, expected):
    plot = plot_function(module, func)
    arg, _ = _argument(names, build)
    fig, alt = plot(arg)
    try:
        check_readable(fig)
    finally:
        plt.close(fig)
    key = f"{module}.{func}"
    if key in MULTI_PANEL:
        assert len(fig.axes) >= 2 and {ax.get_subplotspec().get_gridspec().ncols for ax in fig.axes} == {2}
        narrow, narrow_alt = plot(arg, layout="narrow")
        try:
            check_readable(narrow, narrow=True)
            grids = {ax.get_subplotspec().get_gridspec().get_geometry() for ax in narrow.axes}
            assert grids == {(len(narrow.axes), 1)}, "the narrow version stacks its panels in one column"
            assert narrow_alt == alt, "both versions have the same alt text"
        finally:
            plt.close(narrow)
        with pytest.raises(ValueError, match="layout must be 'wide'.*'narrow'.*got 'tall'"):
            plot(arg, layout="tall")
    else:
        with pytest.raises(TypeError):
            plot(arg, layout="narrow")  # single-panel charts have one layout


@pytest.mark.parametrize("key", sorted(DATE_CHARTS))
def test_date_ticks_are_few_distinct_and_formatted(course_style, key):
    module, func = key.split(".")
    case = next(c for c in CASES if c[0] == module and c[1] == func)
    arg, _ = _argument(case[2], case[3])
    fig, _ = plot_function(module, func)(arg)
    try:
        fig.canvas.draw()
        ax = fig.axes[0]
        lo, hi = ax.get_xlim()
        ticks = [(x, t.get_text()) for x, t in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True)]
        labels = [text for x, text in ticks if lo <= x <= hi]
        assert 3 <= len(labels) <= MAX_DATE_TICKS, labels
        assert len(set(labels)) == len(labels), f"date tick labels repeat: {labels}"
        assert all(re.fullmatch(r"(?:[A-Z][a-z]{2} )?\d{4}", t) for t in labels), labels
    finally:
        plt.close(fig)


def test_every_date_axis_after_use_course_style_reads_month_year(course_style):
    """Exercises draw their own date axes: 36 months get a few ticks ("2017" or "Apr 2017"),
    not matplotlib's default run of "2016-05", "2016-09", ..."""
    months = pd.date_range("2016-04-01", "2019-03-01", freq="MS")
    fig, ax = plt.subplots()
    ax.plot(months, np.arange(len(months)))
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    plt.close(fig)
    assert 3 <= len(labels) <= MAX_DATE_TICKS + 1 and len(set(labels)) == len(labels), labels
    assert all(re.fullmatch(r"(?:[A-Z][a-z]{2} )?\d{4}", t) for t in labels), labels


def test_long_waits_marks_march_filled_and_september_hollow(course_style):
    from nhsreform.charts import waiting_lists

    waits = load_dataset("inpatient_over12m_1978_1998")
    fig, alt = waiting_lists.plot_long_waits(waits)
    try:
        filled, hollow = set(), set()
        for line in fig.axes[0].lines:
            if line.get_linestyle() != "None" or not len(line.get_xdata()):
                continue
            months = {pd.Timestamp(x).month for x in line.get_xdata()}
            (hollow if line.get_markerfacecolor() in ("white", "#ffffff", (1, 1, 1, 1)) else filled).update(
                months
            )
        assert filled == {3} and hollow == {9}, (filled, hollow)
        legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert any("March" in t and "filled" in t for t in legend) and any("September" in t for t in legend)
        assert "Filled markers are March counts, hollow ones September counts" in alt
    finally:
        plt.close(fig)


def test_show_figure_gives_natural_size_and_a_stacked_version_for_phones(course_style):
    from nhsreform.charts import infections

    hcai = load_dataset("hcai_mrsa_cdiff_2007_2016")
    fig, alt = infections.plot_infections(hcai)
    narrow, _ = infections.plot_infections(hcai, layout="narrow")
    page = show_figure(fig, alt=alt, narrow=narrow)._repr_mimebundle_()["text/html"]
    assert fig.number not in plt.get_fignums() and narrow.number not in plt.get_fignums()
    img = re.search(r"<img [^>]*>", page).group(0)
    assert f'width="{COLUMN_WIDTH_PX}"' in img and re.search(r'height="\d+"', img)
    assert "max-width:100%" in img and "height:auto" in img
    source = re.search(r"<picture><source ([^>]*)>", page).group(1)
    assert 'media="(max-width: 600px)"' in source and " 2x" in source and 'width="360"' in source
    assert page.count('alt="') == 1, "one alt text, shared by both versions"
    plain = show_figure(plt.subplots()[0], alt="A test figure.")._repr_mimebundle_()["text/html"]
    assert "<picture>" not in plain and 'width="740"' in plain
