"""The strict book build: it succeeds, reports no warning, and writes every page in the TOC."""

import warnings

from .build_log import KernelShutdownNoise, kernel_shutdown_noise, reports
from .conftest import toc_documents


def test_book_builds_strictly(book_build):
    log = book_build.stdout + book_build.stderr
    assert book_build.returncode == 0, log[-5000:]
    found = reports(log)
    problems = [r.text for r in found if not kernel_shutdown_noise(r)]
    assert problems == [], "\n\n".join(problems)
    # The kernel's own shutdown race (tests/build_log.py) does not fail the build: it is shown
    # in pytest's warnings summary, with its traceback, so a new kind of it is seen.
    with warnings.catch_warnings():
        warnings.simplefilter("default", KernelShutdownNoise)
        for r in found:
            warnings.warn(KernelShutdownNoise(f"a kernel's own libraries logged:\n{r.text}"), stacklevel=1)


def test_every_toc_page_is_built(built_site):
    for doc in toc_documents():
        assert (built_site / f"{doc}.html").exists(), doc


def test_notebooks_offered_for_download(built_site):
    for doc in toc_documents():
        if doc.startswith(("chapters/", "exercises/")):
            assert (built_site / "_sources" / f"{doc}.ipynb").exists(), doc


def test_no_page_loads_scripts_from_elsewhere(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'src="http' not in html and "src='http" not in html, page
        assert "cdn.jsdelivr" not in html and "cdnjs.cloudflare" not in html, page


def test_launch_buttons_follow_the_config(built_site):
    """Each launch button is on every notebook page unless its address is a placeholder
    (_ext/launch_buttons.py, tests/test_launch_buttons.py)."""
    import yaml

    from .conftest import ROOT
    from .test_launch_buttons import is_placeholder

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    declared = config["sphinx"]["config"]["course_placeholder_urls"]
    repo_real = not is_placeholder(config["repository"]["url"], declared)
    repo = config["repository"]["url"].removeprefix("https://github.com/")
    hub = config["launch_buttons"]["jupyterhub_url"]
    for doc in toc_documents():
        if not doc.startswith(("chapters/", "exercises/")):
            continue
        html = (built_site / f"{doc}.html").read_text(encoding="utf-8")
        assert (f"https://mybinder.org/v2/gh/{repo}/main?urlpath=lab/tree/{doc}.ipynb" in html) == repo_real
        assert (f"https://colab.research.google.com/github/{repo}/blob/main/{doc}.ipynb" in html) == repo_real
        hub_real = repo_real and not is_placeholder(hub, declared)
        assert (f"{hub}/hub/user-redirect/git-pull?repo=" in html) == hub_real
        assert f"_sources/{doc}.ipynb" in html  # the download button
