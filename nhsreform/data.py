"""Loaders for the course's datasets in ``data/``, each checked against its provenance card.

Every dataset has a card ``data/<name>.md`` whose YAML front matter records the file, its SHA-256
checksum, its columns and how to read them; the rest of the card is for people (source, publisher,
licence, confidence, known disagreements). A loader refuses a file whose checksum or columns differ
from its card rather than teach from an edited or truncated copy. The folder is the repository's
``data/``; set ``NHSREFORM_DATA`` to use another copy.

Front matter keys: ``file``, ``sha256``, ``columns`` (in order), optional ``dtypes`` (column ->
pandas dtype), ``parse_dates`` (list of columns) and ``attribution`` (text to show with figures).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml


@dataclass(frozen=True)
class Dataset:
    name: str
    file: str
    sha256: str
    columns: tuple[str, ...]
    attribution: str
    dtypes: dict = field(default_factory=dict)
    parse_dates: tuple[str, ...] = ()

    @property
    def card(self) -> str:
        return f"{self.name}.md"


class DataChecksumError(RuntimeError):
    """The file on disk is not the one described by its provenance card."""


def data_dir() -> Path:
    env = os.environ.get("NHSREFORM_DATA")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "data"


def _front_matter(card: Path) -> dict | None:
    text = card.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return None
    head, _, _ = text[4:].partition("\n---\n")
    return yaml.safe_load(head)


def datasets() -> dict[str, Dataset]:
    """Every dataset with a card in the data folder, by name."""
    found = {}
    for card in sorted(data_dir().glob("*.md")):
        meta = _front_matter(card)
        if not meta:
            continue  # e.g. README.md
        found[card.stem] = Dataset(
            name=card.stem, file=meta["file"], sha256=meta["sha256"],
            columns=tuple(meta["columns"]), attribution=meta.get("attribution", ""),
            dtypes=meta.get("dtypes") or {}, parse_dates=tuple(meta.get("parse_dates") or ()),
        )
    return found


def dataset(name: str) -> Dataset:
    try:
        return datasets()[name]
    except KeyError:
        raise KeyError(f"no dataset {name!r}; known: {sorted(datasets())}") from None


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify(name: str) -> Path:
    """The dataset's path, after checking its checksum against its card."""
    ds = dataset(name)
    path = data_dir() / ds.file
    if not path.exists():
        raise FileNotFoundError(f"{name}: expected {path} (see data/{ds.card})")
    digest = sha256_of(path)
    if digest != ds.sha256:
        raise DataChecksumError(
            f"{path}: SHA-256 is {digest}, but its card (data/{ds.card}) records {ds.sha256}"
        )
    return path


@lru_cache(maxsize=None)
def _load(name: str, directory: str) -> pd.DataFrame:
    ds = dataset(name)
    df = pd.read_csv(verify(name), dtype=ds.dtypes or None, parse_dates=list(ds.parse_dates) or False)
    if tuple(df.columns) != ds.columns:
        raise DataChecksumError(f"{name}: columns {list(df.columns)} differ from its card {list(ds.columns)}")
    return df


def load_dataset(name: str) -> pd.DataFrame:
    """A dataset as a DataFrame (a fresh copy each call, so students can change it freely)."""
    return _load(name, str(data_dir())).copy()


def load_ae_attendances() -> pd.DataFrame:
    """Monthly A&E attendances and four-hour breaches by provider and department type, England,
    April 2016 – March 2019.

    ``type``: ``1`` major consultant-led A&E; ``2`` single-specialty; ``other`` minor injury
    units and walk-in centres. ``breaches``: patients who spent more than four hours from arrival
    to admission, transfer or discharge.
    """
    return load_dataset("ae_attendances_2016_2019")
