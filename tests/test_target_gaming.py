"""The chapter 2 model: parameter validation, determinism, invariants over the allowed range,
agreement with its formula, the direction of its effects (the argument it illustrates), and the
explorer (moving a slider changes what the student sees)."""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from nhsreform.models import target_gaming as tg  # noqa: E402
from nhsreform.parameters import defaults, describe  # noqa: E402


@pytest.mark.parametrize(
    "name,bad",
    [
        ("target_pct", 79),
        ("target_pct", 100.5),
        ("target_pct", 97.5),
        ("target_pressure", -0.1),
        ("target_pressure", 1.1),
        ("audit_chance", 2),
        ("share_clinician_led", 0.5),
        ("share_knaves", 0.25),
        ("share_opportunists", -0.05),
        ("opportunist_misreport", float("nan")),
        ("knave_misreport", 1.5),
        ("median_hours", 0.5),
        ("spread", 0.1),
        ("reach_hours", 5),
        ("diversion", -1),
        ("trusts", 5),
        ("trusts", 20.5),
        ("patients_per_trust", 10),
        ("audit_chance", "0.5"),
        ("target_pressure", True),
    ],
)
def test_bad_parameter_names_itself_and_its_range(name, bad):
    p = next(p for p in tg.PARAMETERS if p.name == name)
    with pytest.raises(ValueError) as err:
        tg.simulate_target_gaming(**{name: bad})
    assert name in str(err.value) and p.range_text in str(err.value)


def test_unknown_parameter_and_bad_seed():
    with pytest.raises(ValueError, match="unknown parameter"):
        tg.simulate_target_gaming(audit=0.5)
    for seed in (-1, 1.5, "1", True):
        with pytest.raises(ValueError, match="seed"):
            tg.simulate_target_gaming(seed=seed)


def test_same_seed_same_result_other_seed_differs():
    a = tg.simulate_target_gaming(seed=7)
    assert a.equals(tg.simulate_target_gaming(seed=7))
    assert not a.equals(tg.simulate_target_gaming(seed=8))


def test_type_counts_add_up_and_follow_the_shares():
    for n in (10, 37, 60, 200):
        counts = tg.type_counts(n, 0.2, 0.2, 0.1)
        assert sum(counts.values()) == n and min(counts.values()) >= 0
    assert tg.type_counts(60, 0.2, 0.2, 0.1) == {
        "clinician-led": 12,
        "honest": 30,
        "opportunist": 12,
        "knave": 6,
    }
    assert tg.type_counts(10, 0.4, 0.4, 0.2)["honest"] == 0


@pytest.mark.parametrize(
    "values",
    [
        {},
        {p.name: p.minimum for p in tg.PARAMETERS},
        {p.name: p.maximum for p in tg.PARAMETERS},
        {"target_pressure": 1.0, "audit_chance": 0.0, "reach_hours": 4.0, "diversion": 2.0},
    ],
)
def test_invariants_across_the_allowed_range(values):
    values = {**values, "patients_per_trust": min(values.get("patients_per_trust", 400), 500)}
    df = tg.simulate_target_gaming(**values)
    p = {**defaults(tg.PARAMETERS), **values}
    assert len(df) == p["trusts"] * p["patients_per_trust"]
    assert (df["natural_hours"] > 0).all() and (df["real_hours"] > 0).all()
    assert (df["real_within_4h"] == (df["real_hours"] <= tg.THRESHOLD_HOURS)).all()
    hurried = df[df["hurried"]]
    window = tg.RESCUE_WINDOW_MINUTES / 60
    assert (hurried["real_hours"] > tg.THRESHOLD_HOURS - window - 1e-9).all()
    assert (hurried["real_hours"] < tg.THRESHOLD_HOURS).all()
    assert (hurried["natural_hours"] > tg.THRESHOLD_HOURS).all()
    assert (hurried["natural_hours"] <= tg.THRESHOLD_HOURS + p["reach_hours"]).all()
    # nobody is made faster except by being hurried; nobody hurried is made slower
    others = df[~df["hurried"]]
    assert (others["real_hours"] >= others["natural_hours"] - 1e-12).all()
    # clinician-led trusts never hurry; only opportunists and knaves misreport, and only real breaches
    clinician_led = df[df["trust_type"] == "clinician-led"]
    assert not clinician_led["hurried"].any()
    truthful = df[df["trust_type"].isin(["clinician-led", "honest"])]
    assert not truthful["misreported"].any() and not truthful["caught"].any()
    assert not (df["misreported"] & df["real_within_4h"]).any()
    assert (df["reported_within_4h"] == (df["real_within_4h"] | df["misreported"])).all()
    # audited trusts are corrected; unaudited ones are never "caught"
    assert not df.loc[df["audited"], "misreported"].any()
    assert not df.loc[~df["audited"], "caught"].any()
    # each trust has one type, and the counts follow the shares
    per_trust = df.groupby("trust")["trust_type"].nunique()
    assert (per_trust == 1).all()
    s = tg.summarise_target_gaming(df, p["target_pct"])
    assert s["reported % within 4 h"] >= s["real % within 4 h"]
    assert 0 <= s["trusts really meeting target"] <= s["trusts reporting target met"] <= p["trusts"]
    table = tg.by_type(df)
    assert table.loc["all trusts", "trusts"] == p["trusts"] == table["trusts"].iloc[:4].sum()


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"target_pressure": 1.0, "reach_hours": 4.0},
        {"median_hours": 3.0, "spread": 0.8},
        {"share_clinician_led": 0.4, "target_pressure": 0.3, "reach_hours": 1.0},
    ],
)
def test_simulation_matches_formula_without_diversion(values):
    values = {**values, "diversion": 0.0, "trusts": 200, "patients_per_trust": 1000}
    s = tg.summarise_target_gaming(tg.simulate_target_gaming(**values))
    assert abs(s["real % within 4 h"] - 100 * tg.expected_real_share(**values)) < 0.6


def test_no_target_means_no_hurrying_and_no_gaming():
    df = tg.simulate_target_gaming(target_pressure=0.0, audit_chance=0.0)
    assert not df["hurried"].any() and not df["misreported"].any()
    assert np.allclose(df["real_hours"], df["natural_hours"])
    assert (df["reported_within_4h"] == df["real_within_4h"]).all()


def test_certain_audit_leaves_nothing_misreported():
    df = tg.simulate_target_gaming(audit_chance=1.0)
    assert not df["misreported"].any()
    assert (df["reported_within_4h"] == df["real_within_4h"]).all()


@pytest.mark.parametrize("target", [80, 90, 95, 100])
def test_opportunists_only_game_when_missing_the_target(target):
    df = tg.simulate_target_gaming(target_pct=target, share_knaves=0.0, audit_chance=0.0)
    gamers = df[df["trust_type"] == "opportunist"].groupby("trust")
    real = 100 * gamers["real_within_4h"].mean()
    gamed = gamers["misreported"].any()
    assert not gamed[real >= target].any()
    assert gamed[real < target].all()  # with these defaults every opportunist below target games
    if target == 100:
        assert gamed.all()


def test_the_model_shows_what_the_chapter_says_it_shows():
    table = tg.compare_scenarios()
    none, low, high = (table.loc[n] for n in ("No target", "Target, low audit", "Target, high audit"))
    free = table.loc["Target, low audit, no care diverted"]
    # targets really do cut long waits ...
    assert low["real % within 4 h"] > none["real % within 4 h"] + 2
    # ... bunch departures just before four hours ...
    assert low["% leaving in the 10 min before 4 h"] > 2 * none["% leaving in the 10 min before 4 h"]
    # ... cost other patients time ...
    assert low["extra minutes for everyone else"] > 0 == free["extra minutes for everyone else"]
    assert free["real % within 4 h"] > low["real % within 4 h"]
    # ... and, with little audit, reported performance runs ahead of real performance
    assert none["reported minus real (points)"] == 0
    assert low["reported minus real (points)"] > 2 * high["reported minus real (points)"] > 0
    assert low["trusts reporting target met"] > low["trusts really meeting target"]
    assert high["trusts caught misreporting"] > low["trusts caught misreporting"]


def test_more_knaves_widen_the_gap():
    few = tg.summarise_target_gaming(tg.simulate_target_gaming(share_knaves=0.0, audit_chance=0.0))
    many = tg.summarise_target_gaming(tg.simulate_target_gaming(share_knaves=0.2, audit_chance=0.0))
    assert many["reported minus real (points)"] > few["reported minus real (points)"]


def test_plots_have_alt_text_from_the_results():
    df = tg.simulate_target_gaming()
    s = tg.summarise_target_gaming(df)
    fig, alt = tg.plot_target_gaming(df, 98)
    assert f"{len(df):,} simulated patients" in alt
    assert f"real {s['real % within 4 h']:.1f}%" in alt
    assert f"reported {s['reported % within 4 h']:.1f}%" in alt
    fig2, alt2 = tg.plot_scenarios(tg.compare_scenarios())
    assert all(name in alt2 for name in tg.SCENARIOS)
    assert describe(tg.PARAMETERS).shape[0] == len(tg.PARAMETERS)
    # a type with no trusts is drawn as empty, not as an error
    fig3, alt3 = tg.plot_target_gaming(tg.simulate_target_gaming(share_knaves=0.0), 98)
    assert "knaves: no trusts" in alt3


def test_redraw_reuses_the_figure():
    fig, alt = tg.render_target_gaming()
    axes = list(fig.axes)
    fig2, alt2 = tg.render_target_gaming(fig=fig, audit_chance=1.0)
    assert fig2 is fig and list(fig2.axes) == axes and alt2 != alt


def test_explorer_slider_changes_what_the_student_sees():
    explorer = tg.target_gaming_explorer()
    before_png, before_alt = explorer.png, explorer.description.value
    explorer.sliders["audit_chance"].value = 1.0
    assert explorer.png != before_png  # the whole figure (audits change the right-hand panel)
    assert explorer.description.value != before_alt
    assert explorer.values["audit_chance"] == 1.0
    labels = [s.description for s in explorer.sliders.values()]
    assert "Chance of audit (probability)" in labels
    bundle = explorer._repr_mimebundle_()
    assert "needs a running Python kernel" in bundle["text/html"]
    assert 'alt="First panel: histogram of time in A&amp;E' in bundle["text/html"]


def test_numbers_quoted_in_the_chapter():
    """Chapter 2 quotes these scenario results in its text: update the text if they change."""
    t = tg.compare_scenarios().round(1)
    none, low, high = (t.loc[n] for n in ("No target", "Target, low audit", "Target, high audit"))
    assert 3.5 <= low["real % within 4 h"] - none["real % within 4 h"] <= 4.5  # "about four points"
    assert (
        none["% leaving in the 10 min before 4 h"] == 1.4 and low["% leaving in the 10 min before 4 h"] == 4.4
    )
    assert 1.5 <= low["extra minutes for everyone else"] <= 3  # "a couple of minutes"
    assert 0 < low["reported minus real (points)"] < 1  # "under one percentage point"
    assert (low["trusts reporting target met"], low["trusts really meeting target"]) == (21, 15)
    assert high["trusts caught misreporting"] == 8
    counts = tg.type_counts(60, 0.2, 0.2, 0.1)
    assert counts == {"clinician-led": 12, "honest": 30, "opportunist": 12, "knave": 6}


def test_audit_deters_as_well_as_detects():
    """Unaudited trusts also misreport less when audit is likely (deterrence), by (1 - audit)."""
    never = tg.simulate_target_gaming(audit_chance=0.0, share_knaves=0.2, trusts=200)
    often = tg.simulate_target_gaming(audit_chance=0.5, share_knaves=0.2, trusts=200)
    unaudited = ~often["audited"]
    knaves = unaudited & (often["trust_type"] == "knave")
    breaches = (~never.loc[knaves, "real_within_4h"]).sum()
    rate_never = never.loc[knaves, "misreported"].sum() / breaches
    rate_often = often.loc[knaves, "misreported"].sum() / breaches
    pressure, knave_rate = 0.7, 1.0  # defaults
    assert rate_never == pytest.approx(pressure * knave_rate, abs=0.05)
    assert rate_often == pytest.approx(pressure * knave_rate * 0.5, abs=0.05)


def test_explorer_figure_has_legends_and_titles_in_plain_words():
    import matplotlib.pyplot as plt

    from nhsreform.models.target_gaming import render_target_gaming

    fig, alt = render_target_gaming()
    try:
        left, right = fig.axes
        assert [t.get_text() for t in left.get_legend().get_texts()] == [
            "with the target",
            "no target",
            "four hours",
        ]
        assert [t.get_text() for t in right.get_legend().get_texts()] == ["target", "real", "reported"]
        titles = [" ".join(t.get_text().split()) for t in (*left.texts, *right.texts)]
        assert any(
            re.fullmatch(r"\d+\.\d% leave in the 10 minutes before 4 hours \(\d+\.\d% with no target\)", t)
            for t in titles
        ), titles
        assert not any("Last 10 min" in t for t in titles)
    finally:
        plt.close(fig)
