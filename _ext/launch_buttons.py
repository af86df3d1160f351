"""Sphinx extension: no header button leads to a placeholder address.

The launch buttons (Binder, JupyterHub, Colab) and the repository and issues buttons are built by
sphinx-book-theme from ``_config.yml`` (``repository.url`` and ``launch_buttons``). Until an
instructor sets real addresses there, some are placeholders, and a button to them would lead
students nowhere. A target is a placeholder (:func:`is_placeholder`) when it is

- listed in ``course_placeholder_urls`` (``_config.yml``, ``sphinx.config``), or
- under a domain reserved for examples: a host with an ``example`` label
  (``hub.example.ac.uk``, ``example.org``) or ending in ``.test``, ``.invalid`` or ``.localhost``,
  or written as a template (``https://<your-university-hub>``).

A launch button whose service address is a placeholder is left out. When the repository address
is a placeholder, the repository and issues buttons and every launch button are left out (each
launch link names the repository). Setting a real address brings its button back.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sphinx.util import logging

logger = logging.getLogger(__name__)

LAUNCHERS = {
    "binderhub_url": "Binder",
    "jupyterhub_url": "JupyterHub",
    "colab_url": "Colab",
    "deepnote_url": "Deepnote",
    "jupyterlite_url": "JupyterLite",
}
REPOSITORY_BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button")
RESERVED_SUFFIXES = (".test", ".invalid", ".localhost", ".example")


def _normal(url: str) -> str:
    return url.strip().rstrip("/").lower()


def is_placeholder(url: str, declared=()) -> bool:
    """Whether ``url`` is a placeholder rather than a real address (see the module docstring)."""
    if not url or not url.strip():
        return False  # no address: no button anyway
    if _normal(url) in {_normal(d) for d in declared}:
        return True
    if "<" in url or ">" in url:
        return True
    host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    return "example" in host.split(".") or f".{host}".endswith(RESERVED_SUFFIXES)


def drop_placeholder_buttons(theme_options: dict, declared=()) -> list[str]:
    """Remove from sphinx-book-theme's options every button whose target is a placeholder.

    Changes ``theme_options`` in place; returns the names of the buttons left out.
    """
    left_out = []
    launch = dict(theme_options.get("launch_buttons") or {})
    repo = theme_options.get("repository_url", "")
    if is_placeholder(repo, declared):
        del theme_options["repository_url"]
        for key in REPOSITORY_BUTTONS:
            if theme_options.get(key):
                left_out.append(key.removeprefix("use_").removesuffix("_button"))
            theme_options[key] = False
        for key, name in LAUNCHERS.items():
            if launch.get(key):
                left_out.append(name)
                launch[key] = ""
        launch["thebe"] = False
    for key, name in LAUNCHERS.items():
        if is_placeholder(launch.get(key) or "", declared):
            left_out.append(name)
            launch[key] = ""
    if "launch_buttons" in theme_options:
        theme_options["launch_buttons"] = launch
    return left_out


def _config_inited(app, config) -> None:
    options = dict(config.html_theme_options)
    left_out = drop_placeholder_buttons(options, config.course_placeholder_urls)
    config.html_theme_options = options
    if left_out:
        logger.info("buttons left out (their address is a placeholder): %s", ", ".join(left_out))


def setup(app):
    app.add_config_value("course_placeholder_urls", [], "html", types=[list])
    app.connect("config-inited", _config_inited)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
