"""No header button leads to a placeholder address (_ext/launch_buttons.py).

The rule is tested on its own (placeholder or real address), on the course's own ``_config.yml``
as Jupyter Book reads it, and in a small book built with the README's build command: as the
configuration stands, no page links to the placeholder repository or JupyterHub; with real
addresses set, the buttons are there.
"""

from __future__ import annotations

import importlib.util

import pytest
import yaml
from jupyter_book.config import yaml_to_sphinx

from .conftest import ROOT
from .test_rebuild import _build, _make_copy

#: Run after the repository's book has drawn its explorers' states, which these small builds reuse
#: (tests/conftest.py orders the files).
AFTER_THE_BOOK = True

spec = importlib.util.spec_from_file_location("launch_buttons", ROOT / "_ext" / "launch_buttons.py")
launch_buttons = importlib.util.module_from_spec(spec)
spec.loader.exec_module(launch_buttons)
is_placeholder = launch_buttons.is_placeholder

REPO = "https://github.com/nhs-reform-course/reforming-the-nhs-from-within"
REAL_REPO = "https://github.com/city-university-hpm/nhs-reform-course"
REAL_HUB = "https://jupyter.city.ac.uk"


def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def _declared(config: dict) -> list[str]:
    return config["sphinx"]["config"]["course_placeholder_urls"]


@pytest.mark.parametrize(
    "url",
    [
        "https://jupyterhub.example.ac.uk",
        "https://example.org/hub/",
        "http://hub.example",
        "https://hub.uni.test",
        "https://<your-university-hub>",
        "https://github.com/<your-org>/<your-copy>",
        REPO,
        REPO.upper() + "/",  # as declared, whatever the case or a trailing slash
    ],
)
def test_placeholders(url):
    assert is_placeholder(url, [REPO])


@pytest.mark.parametrize(
    "url",
    [
        "https://mybinder.org",
        "https://colab.research.google.com",
        REAL_HUB,
        REAL_REPO,
        "https://github.com/examplesoft/course",  # "example" only as part of a name
        "https://hub.examples.ac.uk",
        "",  # no address: no button, and nothing to leave out
    ],
)
def test_real_addresses(url):
    assert not is_placeholder(url, [REPO])


def _theme_options(repo: str | None = None, hub: str | None = None) -> tuple[dict, list[str]]:
    """The theme options Jupyter Book makes from _config.yml (with ``repo``/``hub`` if given),
    after the extension has left out the placeholder buttons, and the names left out."""
    config = _config()
    if repo:
        config["repository"]["url"] = repo
    if hub:
        config["launch_buttons"]["jupyterhub_url"] = hub
    options = yaml_to_sphinx(config)[0]["html_theme_options"]
    left_out = launch_buttons.drop_placeholder_buttons(options, _declared(config))
    return options, left_out


def test_course_config_shows_no_button_to_a_placeholder():
    config = _config()
    assert is_placeholder(config["repository"]["url"], _declared(config))
    assert is_placeholder(config["launch_buttons"]["jupyterhub_url"], _declared(config))
    options, left_out = _theme_options()
    assert "repository_url" not in options
    assert not options["use_repository_button"] and not options["use_issues_button"]
    launch = options["launch_buttons"]
    assert not any(launch[key] for key in launch_buttons.LAUNCHERS if key in launch)
    assert {"repository", "issues", "Binder", "JupyterHub", "Colab"} <= set(left_out)


def test_real_repository_brings_its_buttons_back():
    options, left_out = _theme_options(repo=REAL_REPO)
    assert options["repository_url"] == REAL_REPO
    assert options["use_repository_button"] and options["use_issues_button"]
    launch = options["launch_buttons"]
    assert launch["binderhub_url"] == "https://mybinder.org"
    assert launch["colab_url"] == "https://colab.research.google.com"
    assert launch["jupyterhub_url"] == ""  # still the example hub
    assert left_out == ["JupyterHub"]


def test_real_hub_brings_its_button_back():
    options, left_out = _theme_options(repo=REAL_REPO, hub=REAL_HUB)
    assert options["launch_buttons"]["jupyterhub_url"] == REAL_HUB
    assert left_out == []


def _built_quiz_page(tmp_path, repo: str | None = None, hub: str | None = None) -> str:
    book = _make_copy(tmp_path)
    config_file = book / "_config.yml"
    text = config_file.read_text(encoding="utf-8")
    if repo:
        text = text.replace(f"  url: {REPO}\n", f"  url: {repo}\n")
    if hub:
        text = text.replace("jupyterhub_url: https://jupyterhub.example.ac.uk", f"jupyterhub_url: {hub}")
    config_file.write_text(text, encoding="utf-8")
    run = _build(book)
    assert run.returncode == 0, run.stdout[-5000:]
    return (book / "_build" / "html" / "quiz.html").read_text(encoding="utf-8")


def test_built_page_has_no_link_to_a_placeholder(tmp_path):
    html = _built_quiz_page(tmp_path)
    assert "example.ac.uk" not in html
    assert "nhs-reform-course/reforming-the-nhs-from-within" not in html
    assert "mybinder.org" not in html and "colab.research.google.com" not in html
    assert "_sources/quiz.ipynb" in html  # the download button stays


def test_built_page_with_real_addresses_has_the_buttons(tmp_path):
    html = _built_quiz_page(tmp_path, repo=REAL_REPO, hub=REAL_HUB)
    assert (
        "https://mybinder.org/v2/gh/city-university-hpm/nhs-reform-course/main?urlpath=lab/tree/quiz.ipynb"
        in html
    )
    assert (
        "https://colab.research.google.com/github/city-university-hpm/nhs-reform-course/blob/main/quiz.ipynb"
        in html
    )
    assert f"{REAL_HUB}/hub/user-redirect/git-pull?repo=" in html
    assert f'href="{REAL_REPO}"' in html  # the repository button
    assert f"{REAL_REPO}/issues/new" in html
