"""The settings the set-up installs into the course's JupyterLab (jupyterlab/overrides.json):
no news pop-up or update check in class, and no autosave, so a notebook taught from with Run All
is not saved with its outputs behind the instructor's back."""

from __future__ import annotations

import json
import re

from .conftest import ROOT

SETTINGS = json.loads((ROOT / "jupyterlab" / "overrides.json").read_text(encoding="utf-8"))


def test_no_news_and_no_update_check():
    notification = SETTINGS["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false" and notification["checkForUpdates"] is False


def test_autosave_is_off():
    assert SETTINGS["@jupyterlab/docmanager-extension:plugin"]["autosave"] is False


def test_setup_installs_the_settings_into_the_environment():
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert re.search(r"share/jupyter/lab/settings/overrides\.d", setup)
    assert "jupyterlab/overrides.json" in setup


def test_every_cell_is_rendered_without_scrolling():
    """JupyterLab 4's default windowing renders cells only as they scroll into view, so a
    notebook's own glossary and reference list (its last cell) would not exist until the
    instructor reached the end, and term and citation links would lead nowhere. "defer" attaches
    every cell in idle time (tests/test_jupyterlab_citations.py checks the links resolve)."""
    assert SETTINGS["@jupyterlab/notebook-extension:tracker"]["windowingMode"] == "defer"
