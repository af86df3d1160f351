"""Datasets: each loads only if it matches the checksum and columns its provenance card records;
each card says where the data come from and under which licence; and the figures the course
quotes come out of the data as the cards say."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nhsreform import ae, data

from .conftest import ROOT

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


# ------------------------------------------------------------------------------------------
# Bad data gets a clear answer: the file, the problem and how to put it right


@pytest.fixture
def copy_of_data(tmp_path, monkeypatch):
    """A copy of the data folder, used through NHSREFORM_DATA."""
    for path in data.data_dir().iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    monkeypatch.setenv("NHSREFORM_DATA", str(tmp_path))
    return tmp_path


def test_every_card_is_sound():
    assert data.card_problems() == {}


@pytest.mark.parametrize(
    "damage,problem",
    [
        (lambda text: text.replace("\nsha256:", "\nchecksum:", 1), "lacks sha256"),
        (lambda text: text.replace(".csv\n", ".csv: x\n", 1), "not valid YAML at line 2, column 30"),
        (lambda text: text.replace("---\n", "", 1), "no YAML front matter"),
        (lambda text: text.replace("\nsha256: ", "\nsha256: x", 1), "'sha256' must be 64"),
        (lambda text: text.replace("\ncolumns: [", "\ncolumns: 3 #", 1), "'columns' must be a list"),
    ],
    ids=["missing sha256", "invalid YAML", "no front matter", "bad sha256", "columns not a list"],
)
def test_a_damaged_card_stops_only_its_own_dataset(copy_of_data, damage, problem):
    card = copy_of_data / "competition_studies.md"
    card.write_text(damage(card.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(data.DataCardError) as err:
        data.load_dataset("competition_studies")
    assert "competition_studies.md" in str(err.value) and problem in str(err.value)
    assert len(data.load_dataset("foundation_trusts_count")) > 0, "the other datasets still load"
    assert "competition_studies" not in data.datasets() and len(data.datasets()) == len(NAMES) - 1
    assert problem in data.card_problems()["competition_studies"]
    with pytest.raises(KeyError, match="damaged cards: \\['competition_studies'\\]"):
        data.load_dataset("no_such_dataset")


def test_missing_data_folder_names_the_folder_and_the_variable(tmp_path, monkeypatch):
    missing = tmp_path / "not-here"
    monkeypatch.setenv("NHSREFORM_DATA", str(missing))
    with pytest.raises(data.DataFolderError) as err:
        data.load_dataset("competition_studies")
    message = str(err.value)
    assert str(missing) in message and "NHSREFORM_DATA" in message and "unset it" in message
    assert "known: []" not in message


def test_a_package_installed_without_its_data_says_how_to_reinstall(tmp_path, monkeypatch):
    """Issue 8: a `pip install` that left the datasets behind used to answer `known: []`."""
    monkeypatch.delenv("NHSREFORM_DATA", raising=False)
    monkeypatch.setattr(data, "PACKAGE_DATA", tmp_path / "datasets")
    (tmp_path / "datasets").mkdir()  # present but empty, as a package built without its data
    with pytest.raises(data.DataFolderError) as err:
        data.load_dataset("competition_studies")
    message = str(err.value)
    assert "installed without its datasets" in message and "pip install ." in message
    assert "NHSREFORM_DATA" in message and "known: []" not in message


def test_the_datasets_are_package_data():
    """The datasets live inside the package and are declared as package data (wheel test:
    tests/test_environments.py)."""
    assert data.PACKAGE_DATA == Path(data.__file__).resolve().parent / "datasets"
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert {"datasets/*.csv", "datasets/*.md", "banks/*.yml"} <= set(declared["nhsreform"])


def test_missing_file_says_how_to_restore_it(copy_of_data, monkeypatch):
    (copy_of_data / "foundation_trusts_count.csv").unlink()
    with pytest.raises(data.DataFileMissingError) as err:
        data.load_dataset("foundation_trusts_count")
    assert "foundation_trusts_count.csv is missing" in str(err.value)
    assert "NHSREFORM_DATA" in str(err.value) and "Copy the original" in str(err.value)
    # in the repository's own folder, the answer is git
    monkeypatch.delenv("NHSREFORM_DATA")
    monkeypatch.setattr(data, "PACKAGE_DATA", copy_of_data.resolve())
    with pytest.raises(
        FileNotFoundError, match=r"git checkout -- nhsreform/datasets/foundation_trusts_count\.csv"
    ):
        data.load_dataset("foundation_trusts_count")


@pytest.mark.parametrize(
    "change",
    [
        lambda raw: raw + b"1,2,3\n",  # a row added (the size changes)
        lambda raw: raw.replace(b"1", b"2", 1),  # one digit changed (same size)
    ],
    ids=["row added", "digit changed"],
)
def test_a_file_changed_after_a_first_load_is_refused(copy_of_data, change):
    name = "foundation_trusts_count"
    first = data.load_dataset(name)
    assert len(first) > 0
    path = copy_of_data / data.dataset(name).file
    path.write_bytes(change(path.read_bytes()))
    with pytest.raises(data.DataChecksumError, match="SHA-256"):
        data.load_dataset(name)


def test_windows_line_endings_are_named_as_the_cause(copy_of_data):
    path = copy_of_data / "hcai_mrsa_cdiff_2007_2016.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    with pytest.raises(data.DataChecksumError) as err:
        data.load_dataset("hcai_mrsa_cdiff_2007_2016")
    assert "hcai_mrsa_cdiff_2007_2016.csv" in str(err.value) and "line endings (CRLF)" in str(err.value)
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n") + b"\n")  # another change: no such hint
    with pytest.raises(data.DataChecksumError) as err:
        data.load_dataset("hcai_mrsa_cdiff_2007_2016")
    assert "CRLF" not in str(err.value) and "changed or damaged" in str(err.value)


def test_gitattributes_keep_data_files_byte_for_byte():
    """A Windows clone must not convert line endings in the data files (checked with git)."""
    import subprocess

    root = data.PACKAGE_DATA.parent.parent
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git clone")
    csvs = sorted(p.relative_to(root).as_posix() for p in data.PACKAGE_DATA.glob("*.csv"))
    cards = sorted(p.relative_to(root).as_posix() for p in data.PACKAGE_DATA.glob("*.md"))
    out = subprocess.run(
        ["git", "check-attr", "text", "eol", "--", *csvs, *cards],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    attrs = {}
    for line in out.splitlines():
        path, attr, value = line.rsplit(": ", 2)
        attrs.setdefault(path, {})[attr] = value
    for csv in csvs:
        assert attrs[csv]["text"] == "unset" or attrs[csv]["eol"] == "lf", f"{csv}: add it to .gitattributes"
    for card in cards:
        assert attrs[card]["eol"] == "lf", f"{card}: cards must keep LF line endings"
