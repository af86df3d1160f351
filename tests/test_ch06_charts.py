"""Chapter 6's data figures (``nhsreform.charts.engagement``): each returns ``(Figure, alt)``,
draws only in the course palette, leaves its input unchanged, closes cleanly, names key values
computed here from the data in its alt text, and credits its dataset through ``show_figure``."""

from __future__ import annotations

import html
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure as MplFigure  # noqa: E402

from nhsreform.charts import engagement  # noqa: E402
from nhsreform.data import dataset, load_dataset  # noqa: E402
from nhsreform.figures import show_figure  # noqa: E402
from nhsreform.style import OKABE_ITO  # noqa: E402

TRUSTS = "staff_engagement_shmi_trusts_2012_2019"
NATIONAL = "staff_engagement_national_2011_2017"
ALLOWED_COLOURS = {to_hex(c) for c in OKABE_ITO.values()} | {"#ffffff"}


def _colours(fig) -> set[str]:
    found = set()
    for ax in fig.axes:
        for line in ax.lines:
            found.add(to_hex(line.get_color(), keep_alpha=False))
        for coll in ax.collections:
            for rgba in (*coll.get_facecolors(), *coll.get_edgecolors()):
                if rgba[3] > 0:
                    found.add(to_hex(rgba, keep_alpha=False))
        for patch in ax.patches:
            found.add(to_hex(patch.get_facecolor(), keep_alpha=False))
    return found


def _scatter_expected(df):
    rows = df.dropna(subset=["engagement_index_1_to_5", "shmi"])
    rows = rows[rows["year"] == 2019]
    r = np.corrcoef(rows["engagement_index_1_to_5"], rows["shmi"])[0, 1]
    return [f"{len(rows)} English acute trusts", f"{r:.2f}", f"{rows['shmi'].max():.2f}", "Northern"]


def _by_year_expected(df):
    rows = df.dropna(subset=["engagement_index_1_to_5", "shmi"])
    out = []
    for year, g in rows.groupby("year"):
        out.append(f"{year}: {g['engagement_index_1_to_5'].corr(g['shmi']):.2f}")
    return out


CASES = [
    ("plot_engagement_vs_shmi", TRUSTS, _scatter_expected),
    ("plot_correlation_by_year", TRUSTS, _by_year_expected),
    (
        "plot_national_engagement",
        NATIONAL,
        lambda d: ["2011: 3.61", "2017: 3.78", "No value was found for 2013"],
    ),
]


@pytest.mark.parametrize("func, name, expected", CASES, ids=[c[0] for c in CASES])
def test_chart_returns_figure_and_alt_naming_its_values(func, name, expected):
    df = load_dataset(name)
    before = df.copy()
    open_before = set(plt.get_fignums())
    fig, alt = getattr(engagement, func)(df)
    try:
        assert isinstance(fig, MplFigure) and len(alt.split()) >= 20
        for value in expected(df):
            assert value in alt, f"{func}: alt text does not name {value!r}:\n{alt}"
        pd.testing.assert_frame_equal(df, before)
        assert not _colours(fig) - ALLOWED_COLOURS, _colours(fig) - ALLOWED_COLOURS
    finally:
        plt.close(fig)
    assert set(plt.get_fignums()) == open_before


@pytest.mark.parametrize("func, name, expected", CASES, ids=[c[0] for c in CASES])
def test_chart_through_show_figure_credits_its_dataset(func, name, expected):
    fig, alt = getattr(engagement, func)(load_dataset(name))
    shown = show_figure(fig, alt=alt, caption="A caption.", datasets=(name,))
    text = html.unescape(re.sub(r"<[^>]+>", "", shown._repr_mimebundle_()["text/html"]))
    assert " ".join(dataset(name).attribution.split()) in text
    assert "Open Government Licence" in text
    if name == TRUSTS:
        assert "AGPL-3.0" in text


def test_the_scatter_marks_regions_by_shape_not_colour_alone():
    fig, _ = engagement.plot_engagement_vs_shmi(load_dataset(TRUSTS))
    try:
        markers = {c.get_paths()[0].vertices.shape for c in fig.axes[0].collections}
        assert len(markers) >= 2, "North and South differ in marker shape"
        labels = [t.get_text() for t in fig.legends[0].get_texts()]
        assert any(label.startswith("North") for label in labels)
        assert any(label.startswith("South") for label in labels)
        assert "fitted line" in labels
    finally:
        plt.close(fig)


def test_association_and_its_refusals():
    df = load_dataset(TRUSTS)
    stats = engagement.association(df, 2019)
    assert stats["trusts"] == 126 and stats["r"] == pytest.approx(-0.2675, abs=1e-4)
    assert stats["slope"] == pytest.approx(-0.458, abs=1e-3)
    table = engagement.correlation_by_year(df)
    assert table["year"].tolist() == list(range(2012, 2020)) and (table["r"] < 0).all()
    with pytest.raises(ValueError, match="2030"):
        engagement.association(df, 2030)
    with pytest.raises(ValueError, match="staff_engagement_shmi_trusts_2012_2019"):
        engagement.association(df.drop(columns="shmi"))
    with pytest.raises(TypeError, match="DataFrame"):
        engagement.plot_national_engagement([1, 2, 3])


def test_alt_text_follows_the_data():
    df = load_dataset(NATIONAL)
    changed = df.copy()
    changed.loc[changed["survey_year"] == 2017, "engagement_score_1_to_5"] = 3.5
    _, alt = engagement.plot_national_engagement(df)
    fig, alt2 = engagement.plot_national_engagement(changed)
    plt.close("all")
    assert "2017: 3.78" in alt and "2017: 3.50" in alt2
