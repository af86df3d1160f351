"""Datasets: each loads only if it matches the checksum and columns its provenance card records;
each card says where the data come from and under which licence; and the figures the course
quotes come out of the data as the cards say."""

from __future__ import annotations

import shutil

import pytest

from nhsreform import ae, data

NAMES = sorted(data.datasets())


def test_every_csv_has_a_card():
    files = {ds.file for ds in data.datasets().values()}
    assert {p.name for p in data.data_dir().glob("*.csv")} == files


@pytest.mark.parametrize("name", NAMES)
def test_file_matches_card(name):
    ds = data.dataset(name)
    path = data.verify(name)
    card = (data.data_dir() / ds.card).read_text(encoding="utf-8")
    for column in ds.columns:
        assert f"`{column}`" in card, f"the card must describe column {column}"
    for word in ("Source", "Publisher", "Licence", "Confidence"):
        assert word in card, f"the card must state the {word.lower()}"
    assert ds.attribution, "text to show with every figure drawn from the data"
    df = data.load_dataset(name)
    assert tuple(df.columns) == ds.columns and len(df) > 0
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(ds.columns)


@pytest.mark.parametrize("name", NAMES)
def test_tampered_copy_is_refused(name, tmp_path, monkeypatch):
    ds = data.dataset(name)
    shutil.copy(data.data_dir() / ds.card, tmp_path / ds.card)
    copy = tmp_path / ds.file
    shutil.copy(data.data_dir() / ds.file, copy)
    with copy.open("a", encoding="utf-8") as f:
        f.write(",".join(["0"] * len(ds.columns)) + "\n")
    monkeypatch.setenv("NHSREFORM_DATA", str(tmp_path))
    with pytest.raises(data.DataChecksumError, match="SHA-256"):
        data.verify(name)


def test_ae_loader_types_and_size():
    df = data.load_ae_attendances()
    assert len(df) == 12765
    assert df["period"].min().strftime("%Y-%m") == "2016-04"
    assert df["period"].max().strftime("%Y-%m") == "2019-03"
    assert set(df["type"].cat.categories) == {"1", "2", "other"}
    assert (df["breaches"] <= df["attendances"]).all()
    df.loc[0, "attendances"] = -1  # a student's change does not leak into the next load
    assert data.load_ae_attendances().loc[0, "attendances"] != -1


def test_england_figures_match_the_card():
    monthly = ae.england_monthly_performance(data.load_ae_attendances())
    april = monthly.loc["2016-04-01"]
    assert april["attendances"] == 1867781 and april["breaches"] == 186122
    assert round(april["pct_within_4h"], 1) == 90.0
    assert round(monthly.loc["2019-03-01", "pct_within_4h"], 1) == 86.6
    assert (monthly["pct_within_4h"] < ae.FOUR_HOUR_STANDARD).all()


def test_spread_between_providers():
    spread = ae.spread_between_providers(data.load_ae_attendances())
    assert len(spread) == 36
    assert (spread["p10"] <= spread["median"]).all() and (spread["median"] <= spread["p90"]).all()
    assert (spread["meeting_standard"] <= spread["providers"]).all()
