"""Datasets: the loader checks the checksum its provenance card records, and the figures the
course quotes come out of the data as the card says."""

from __future__ import annotations

import shutil

import pytest

from nhsreform import ae, data


@pytest.mark.parametrize("name", sorted(data.DATASETS))
def test_file_matches_card(name):
    ds = data.DATASETS[name]
    path = data.verify(name)
    card = (data.data_dir() / ds.card).read_text(encoding="utf-8")
    assert ds.sha256 in card, "the card must record the checksum the loader enforces"
    for column in ds.columns:
        assert f"`{column}`" in card, f"the card must describe column {column}"
    for word in ("Source", "Publisher", "Licence", "Retrieved"):
        assert word in card
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(ds.columns)


def test_tampered_copy_is_refused(tmp_path, monkeypatch):
    ds = data.DATASETS["ae_attendances"]
    copy = tmp_path / ds.file
    shutil.copy(data.dataset_path("ae_attendances"), copy)
    with copy.open("a", encoding="utf-8") as f:
        f.write("2019-03-01,XXX,1,1,0,0\n")
    monkeypatch.setenv("NHSREFORM_DATA", str(tmp_path))
    with pytest.raises(data.DataChecksumError, match="SHA-256"):
        data.verify("ae_attendances")


def test_ae_loader_types_and_size():
    df = data.load_ae_attendances()
    assert list(df.columns) == list(data.DATASETS["ae_attendances"].columns)
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
