"""Loaders for the course's datasets in ``data/``, each checked against its provenance card.

Every dataset is registered in :data:`DATASETS` with its file, SHA-256 checksum and columns. A
loader refuses a file whose checksum differs (an edited or truncated copy) rather than teach from
it. The folder is the repository's ``data/``; set ``NHSREFORM_DATA`` to use another copy.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Dataset:
    file: str
    sha256: str
    columns: tuple[str, ...]
    card: str  # the provenance card, beside the file
    attribution: str


DATASETS = {
    "ae_attendances": Dataset(
        file="ae_attendances_2016_2019.csv",
        sha256="fd4707312acce8ca75c9075262caaf96b9b71545abfc9d423d2d967331bf575c",
        columns=("period", "org_code", "type", "attendances", "breaches", "admissions"),
        card="ae_attendances_2016_2019.md",
        attribution=(
            "NHS England, A&E Attendances and Emergency Admissions, April 2016 – March 2019, "
            "via the NHSRdatasets R package (NHS-R Community). Contains public sector "
            "information licensed under the Open Government Licence v3.0."
        ),
    ),
}


class DataChecksumError(RuntimeError):
    """The file on disk is not the one described by its provenance card."""


def data_dir() -> Path:
    env = os.environ.get("NHSREFORM_DATA")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "data"


def dataset_path(name: str) -> Path:
    return data_dir() / DATASETS[name].file


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify(name: str) -> Path:
    """The dataset's path, after checking its checksum and header against the registry."""
    ds = DATASETS[name]
    path = dataset_path(name)
    if not path.exists():
        raise FileNotFoundError(f"{name}: expected {path} (see data/{ds.card})")
    digest = sha256_of(path)
    if digest != ds.sha256:
        raise DataChecksumError(
            f"{path}: SHA-256 is {digest}, but its card (data/{ds.card}) records {ds.sha256}"
        )
    return path


@lru_cache(maxsize=None)
def _load_ae() -> pd.DataFrame:
    df = pd.read_csv(
        verify("ae_attendances"),
        dtype={"org_code": "string", "type": "category",
               "attendances": "int64", "breaches": "int64", "admissions": "int64"},
        parse_dates=["period"],
    )
    if tuple(df.columns) != DATASETS["ae_attendances"].columns:
        raise DataChecksumError(f"ae_attendances: unexpected columns {list(df.columns)}")
    return df


def load_ae_attendances() -> pd.DataFrame:
    """Monthly A&E attendances and four-hour breaches by provider and department type, England,
    April 2016 – March 2019 (a fresh copy each call, so students can change it freely).

    ``type``: ``1`` major consultant-led A&E; ``2`` single-specialty; ``other`` minor injury
    units and walk-in centres. ``breaches``: patients who spent more than four hours from arrival
    to admission, transfer or discharge.
    """
    return _load_ae().copy()
