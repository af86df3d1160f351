"""Loaders for the course's datasets, each checked against its provenance card.

The datasets are package data: they live in ``nhsreform/datasets/`` and are installed with the
package (editable, from a wheel, or found beside the notebooks), so a notebook needs nothing but
the package. Every dataset has a card ``datasets/<name>.md`` whose YAML front matter records the
file, its SHA-256 checksum, its columns and how to read them; the rest of the card is for people
(source, publisher, licence, confidence, known disagreements). A loader refuses a file whose
checksum or columns differ from its card rather than teach from an edited or truncated copy. The
checksum is computed again on every load (it takes about a millisecond), so a file changed after
a first load is refused too; only the parsed table is cached, keyed on the file's path and
checksum.

The folder is the package's ``datasets/``; set ``NHSREFORM_DATA`` to use another copy. Every ``.md``
file in the folder except ``README.md`` is a card.

Front matter keys: ``file``, ``sha256``, ``columns`` (in order), optional ``dtypes`` (column ->
pandas dtype), ``parse_dates`` (list of columns) and ``attribution`` (text to show with figures).

Every failure names the file and the problem, and says how to put it right: a damaged card
(:class:`DataCardError`, which affects only its own dataset), a missing folder
(:class:`DataFolderError`) or file (:class:`DataFileMissingError`), and a file that differs from
its card (:class:`DataChecksumError`, which says when the only difference is Windows line endings).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

ENV = "NHSREFORM_DATA"
PACKAGE_DATA = Path(__file__).resolve().parent / "datasets"
INSTALL_HINT = (
    "Reinstall the course package with its data: from the course repository, "
    "`pip install .` (or `pip install -e .` to edit it), or `pip install -r binder/requirements.txt`"
)
NOT_CARDS = ("README.md",)
REQUIRED = {
    "file": "the data file's name",
    "sha256": "the file's SHA-256 checksum",
    "columns": "the file's columns, in order",
}


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


class DataError(Exception):
    """A dataset cannot be used as it stands; the message names the file and the problem."""


class DataChecksumError(DataError, RuntimeError):
    """The file on disk is not the one described by its provenance card."""


class DataCardError(DataError, ValueError):
    """A provenance card is damaged (no front matter, invalid YAML, a missing or wrong key)."""


class DataFolderError(DataError, FileNotFoundError):
    """The data folder does not exist."""


class DataFileMissingError(DataError, FileNotFoundError):
    """A card's data file is missing."""


class UnknownDatasetError(DataError, KeyError):
    """No card of that name in the data folder."""

    def __str__(self) -> str:  # a KeyError would show its message in quotes
        return str(self.args[0]) if self.args else ""


def data_dir() -> Path:
    """The data folder: ``NHSREFORM_DATA`` if set, else the package's ``datasets/``."""
    env = os.environ.get(ENV)
    if env:
        folder = Path(env).expanduser()
        if not folder.is_dir():
            raise DataFolderError(
                f"{ENV} is set to {env!r}, but there is no such folder. Point {ENV} at a folder "
                f"holding the course's data files and their cards (a copy of the package's "
                f"nhsreform/datasets/ folder), or unset it to use {PACKAGE_DATA}."
            )
        return folder
    if not PACKAGE_DATA.is_dir() or not any(PACKAGE_DATA.glob("*.md")):
        raise DataFolderError(
            f"the course's data folder {PACKAGE_DATA} is missing or empty: this copy of the "
            f"nhsreform package was installed without its datasets. {INSTALL_HINT}; or set {ENV} "
            f"to a folder holding a copy of the repository's nhsreform/datasets/."
        )
    return PACKAGE_DATA


def _where(path: Path) -> str:
    """``nhsreform/datasets/<file>`` for the package's folder, else the full path."""
    try:
        return f"nhsreform/datasets/{path.relative_to(PACKAGE_DATA).as_posix()}"
    except ValueError:
        return str(path)


def _restore_hint(path: Path) -> str:
    if path.parent.resolve() == PACKAGE_DATA:
        return (
            f"Restore the original: `git checkout -- {_where(path)}` in a clone of the course "
            f"repository; for an installed package, {INSTALL_HINT[0].lower()}{INSTALL_HINT[1:]}."
        )
    return (
        f"Copy the original nhsreform/datasets/{path.name} from the course repository into "
        f"{path.parent} (the folder {ENV} points at), or unset {ENV} to use the package's own data."
    )


def _card_error(card: Path, problem: str) -> DataCardError:
    return DataCardError(f"{_where(card)}: {problem} (see nhsreform/datasets/README.md for the card format)")


def read_card(card: Path) -> Dataset:
    """The :class:`Dataset` a card describes; :class:`DataCardError` naming the card and the
    problem if its front matter is missing, not valid YAML, or lacks or misstates a key."""
    try:
        text = card.read_text(encoding="utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as err:
        raise _card_error(card, f"not UTF-8 text ({err.reason} at byte {err.start})") from None
    if not text.startswith("---\n"):
        raise _card_error(card, "no YAML front matter: a card must start with a line '---'")
    head, closed, _ = text[4:].partition("\n---\n")
    if not closed:
        raise _card_error(card, "the front matter is not closed by a line '---'")
    try:
        meta = yaml.safe_load(head)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 2}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise _card_error(card, f"the front matter is not valid YAML{where}: {problem}") from None
    if not isinstance(meta, dict):
        raise _card_error(
            card, f"the front matter must be a mapping of keys to values; got {type(meta).__name__}"
        )
    missing = [f"{key} ({meaning})" for key, meaning in REQUIRED.items() if key not in meta]
    if missing:
        raise _card_error(card, f"the front matter lacks {', '.join(missing)}")
    file, sha256, columns = meta["file"], meta["sha256"], meta["columns"]
    if not isinstance(file, str) or not file or Path(file).name != file:
        raise _card_error(card, f"'file' must be a file name in the data folder; got {file!r}")
    if not isinstance(sha256, str) or not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise _card_error(card, f"'sha256' must be 64 lower-case hexadecimal digits; got {sha256!r}")
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
        raise _card_error(card, f"'columns' must be a list of column names; got {columns!r}")
    dtypes = meta.get("dtypes") or {}
    if (
        not isinstance(dtypes, dict)
        or not set(dtypes) <= set(columns)
        or not all(isinstance(v, str) for v in dtypes.values())
    ):
        raise _card_error(card, f"'dtypes' must map some of the columns to pandas dtypes; got {dtypes!r}")
    parse_dates = meta.get("parse_dates") or []
    if (
        not isinstance(parse_dates, list)
        or not all(isinstance(c, str) for c in parse_dates)
        or not set(parse_dates) <= set(columns)
    ):
        raise _card_error(card, f"'parse_dates' must list some of the columns; got {parse_dates!r}")
    attribution = meta.get("attribution", "")
    if not isinstance(attribution, str):
        raise _card_error(card, f"'attribution' must be text; got {attribution!r}")
    return Dataset(
        name=card.stem,
        file=file,
        sha256=sha256,
        columns=tuple(columns),
        attribution=attribution,
        dtypes=dtypes,
        parse_dates=tuple(parse_dates),
    )


def _cards() -> list[Path]:
    return [card for card in sorted(data_dir().glob("*.md")) if card.name not in NOT_CARDS]


def datasets() -> dict[str, Dataset]:
    """Every dataset with a sound card in the data folder, by name.

    A damaged card leaves out only its own dataset; :func:`card_problems` says what is wrong.
    """
    found = {}
    for card in _cards():
        try:
            found[card.stem] = read_card(card)
        except DataCardError:
            continue
    return found


def card_problems() -> dict[str, str]:
    """Each damaged card in the data folder, by name, with what is wrong with it."""
    problems = {}
    for card in _cards():
        try:
            read_card(card)
        except DataCardError as err:
            problems[card.stem] = str(err)
    return problems


def dataset(name: str) -> Dataset:
    """The dataset described by the card ``<name>.md`` (only that card is read)."""
    if not isinstance(name, str) or not name:
        raise UnknownDatasetError(
            f"a dataset name must be text, such as 'ae_attendances_2016_2019'; got {name!r}"
        )
    folder = data_dir()
    card = folder / f"{name}.md"
    if Path(name).name != name or card.name in NOT_CARDS or not card.is_file():
        damaged = sorted(card_problems())
        note = f"; damaged cards: {damaged}" if damaged else ""
        where = f"{folder} (from {ENV})" if os.environ.get(ENV) else _where(folder)
        raise UnknownDatasetError(
            f"no dataset {name!r}: there is no card {name}.md in {where}; known: {sorted(datasets())}{note}"
        )
    return read_card(card)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _verified(name: str) -> tuple[Dataset, Path, str]:
    ds = dataset(name)
    path = data_dir() / ds.file
    card = _where(path.parent / ds.card)
    if not path.is_file():
        raise DataFileMissingError(
            f"{name}: the data file {_where(path)} is missing (its card is {card}). {_restore_hint(path)}"
        )
    content = path.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    if digest != ds.sha256:
        message = f"{_where(path)}: SHA-256 is {digest}, but its card ({card}) records {ds.sha256}. "
        as_lf = content.replace(b"\r\n", b"\n")
        if as_lf != content and hashlib.sha256(as_lf).hexdigest() == ds.sha256:
            message += (
                "The only difference is the line endings: the file has Windows line endings "
                "(CRLF) where the original has LF, most likely converted by git on checkout "
                "(core.autocrlf). The repository's .gitattributes keeps data files byte for byte. "
                + (
                    f"Delete the file and restore it with `git checkout -- {_where(path)}`."
                    if path.parent.resolve() == PACKAGE_DATA
                    else f"Copy the original, with LF line endings, into {path.parent}."
                )
            )
        else:
            message += f"The file has been changed or damaged. {_restore_hint(path)}"
        raise DataChecksumError(message)
    return ds, path, digest


def verify(name: str) -> Path:
    """The dataset's path, after checking its checksum against its card."""
    return _verified(name)[1]


@lru_cache(maxsize=64)
def _parse(
    path: str,
    digest: str,
    card: str,
    columns: tuple[str, ...],
    dtypes: tuple[tuple[str, str], ...],
    parse_dates: tuple[str, ...],
) -> pd.DataFrame:
    """The parsed table for one exact file content (``digest``) and card settings."""
    try:
        df = pd.read_csv(path, dtype=dict(dtypes) or None, parse_dates=list(parse_dates) or False)
    except (ValueError, TypeError, pd.errors.ParserError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise DataCardError(
            f"{card}: its file could not be read with the card's dtypes and parse_dates: {first}"
        ) from None
    if tuple(df.columns) != columns:
        raise DataChecksumError(
            f"{card}: the file's columns {list(df.columns)} differ from the card's {list(columns)}"
        )
    return df


def load_dataset(name: str) -> pd.DataFrame:
    """A dataset as a DataFrame (a fresh copy each call, so students can change it freely).

    The file's checksum is checked against its card on every call.
    """
    ds, path, digest = _verified(name)
    card = _where(path.parent / ds.card)
    dtypes = tuple(sorted((str(k), str(v)) for k, v in ds.dtypes.items()))
    return _parse(str(path), digest, card, ds.columns, dtypes, ds.parse_dates).copy()


def load_ae_attendances() -> pd.DataFrame:
    """Monthly A&E attendances and four-hour breaches by provider and department type, England,
    April 2016 – March 2019.

    ``type``: ``1`` major consultant-led A&E; ``2`` single-specialty; ``other`` minor injury
    units and walk-in centres. ``breaches``: patients who spent more than four hours from arrival
    to admission, transfer or discharge.
    """
    return load_dataset("ae_attendances_2016_2019")
