"""Shared fixtures: the repository root, the strictly built book, a local web server and Chromium."""

from __future__ import annotations

import collections
import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def load_extension(name: str):
    """One of the book's Sphinx extensions (``_ext/<name>.py``), imported for its unit tests."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"{name}_under_test", ROOT / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _isolated_matplotlib():
    """Each test starts from the same matplotlib state and leaves none behind: rcParams and the
    date converters that ``use_course_style`` sets (``rc_context`` does not restore converters)
    are put back, and figures a test left open are closed, so tests pass in any order."""
    import warnings

    import matplotlib as mpl
    import matplotlib.pyplot as plt
    import matplotlib.units as munits

    rc = mpl.rcParams.copy()
    converters = dict(munits.registry)
    open_before = set(plt.get_fignums())
    yield
    for num in set(plt.get_fignums()) - open_before:
        plt.close(num)
    munits.registry.clear()
    munits.registry.update(converters)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated rcParams re-set from the copy
        mpl.rcParams.update(rc)


def toc_documents() -> list[str]:
    """Every document in _toc.yml (root first), without extension."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]]
    for part in toc.get("parts", []):
        docs += [c["file"] for c in part.get("chapters", [])]
    return docs


def notebooks() -> list[Path]:
    return sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])


def _build_book() -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "scripts/build_book.sh", "--all"], capture_output=True, text=True, cwd=ROOT, timeout=1200
    )


def pytest_collection_modifyitems(config, items):
    """Order the test files so that the book builds while the other worker has work, and the
    run does not end waiting on one slow file.

    The whole book takes minutes to build, and every file that needs it waits for it (see
    :func:`book_build`). Under ``--dist loadfile`` (with ``--no-loadscope-reorder``, which keeps
    this order; scripts/run_tests.sh) files are handed out in this order: first the file with the
    most tests that need the book (its worker starts the build at once), then the files that do
    not need it (the other workers run them meanwhile), then the other files that need it or run
    faster after it (``AFTER_THE_BOOK = True`` in the file: they reuse what it drew). Within each
    group the slow files (``SLOW = True``: a grading tool over every exercise, every notebook in
    JupyterLab, a whole edition, the PDFs) come first, then the bigger files, so that the last
    files handed out are quick ones. A slow file that waits for another's work (``AFTER_THE_PDFS =
    True``: the bundle copies the book PDFs the PDF test prints) is the last of the slow files in
    its group, so that its worker runs other files rather than wait. Within a file the order is unchanged;
    without xdist the order only moves files about."""

    def file(item) -> str:
        return item.nodeid.split("::")[0]

    def builds(item) -> bool:
        return "book_build" in getattr(item, "fixturenames", ())

    def flag(item, name: str) -> bool:
        return bool(getattr(getattr(item, "module", None), name, False))

    needs = {file(i) for i in items if builds(i) or flag(i, "AFTER_THE_BOOK")}
    slow = {file(i) for i in items if flag(i, "SLOW")}
    counts = collections.Counter(file(item) for item in items)
    building = [f for f in counts if f in needs and any(builds(i) for i in items if file(i) == f)]
    first = max(building, key=lambda f: counts[f], default=None)  # the biggest: its worker builds

    waits = {file(i) for i in items if flag(i, "AFTER_THE_PDFS")}

    def rank(item) -> tuple[int, bool, bool, int]:
        f = file(item)
        if f == first:
            return (0, False, False, 0)
        return (2 if f in needs else 1, f not in slow, f in waits, -counts[f])

    items.sort(key=rank)  # stable: the order within a file is kept


@pytest.fixture(scope="session")
def book_build(tmp_path_factory, worker_id):
    """Build the whole book with the README's build command (strict: warnings are errors,
    nitpicky references); return the finished process.

    ``--all`` re-reads every page, so warnings from unchanged pages are reported too; notebook
    execution still comes from the cache when nothing it depends on has changed.

    Once per test run, also when the tests run in parallel (pytest-xdist): the first worker to
    need the book builds it while holding a lock; the others wait for the lock and reuse its
    result rather than build into the same folder at the same time.
    """
    if worker_id == "master":  # not under xdist
        return _build_book()
    import fcntl
    import json

    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker of this run
    record = shared / "book-build.json"
    with open(shared / "book-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if record.exists():
            done = json.loads(record.read_text(encoding="utf-8"))
            return subprocess.CompletedProcess(
                done["args"], done["returncode"], done["stdout"], done["stderr"]
            )
        built = _build_book()
        record.write_text(
            json.dumps(
                {
                    "args": built.args,
                    "returncode": built.returncode,
                    "stdout": built.stdout,
                    "stderr": built.stderr,
                }
            ),
            encoding="utf-8",
        )
        return built


@pytest.fixture(scope="session")
def built_site(book_build) -> Path:
    if book_build.returncode != 0:
        pytest.fail("the book did not build:\n" + book_build.stdout[-5000:] + book_build.stderr[-5000:])
    return HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that drops a connection (a page closed while a file was on its way) is no
        error of the site's; anything else is printed, as the standard server does."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(handler):
    """Serve ``handler`` (an ``http.server`` request handler class) on 127.0.0.1, a free port, in a
    thread; yields the address and stops the server afterwards."""
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def serving_folder(folder: Path):
    """``serving`` a folder of files, as students would open the built site."""
    return serving(functools.partial(_QuietHandler, directory=str(folder)))


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on 127.0.0.1 (a free port), as students would open it."""
    with serving_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (scripts/run_tests.sh does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class RequestsInFlight:
    """The requests a page has started and not yet finished, from the moment this is made.

    ``wait_until_quiet()`` waits until none is open and none has started or ended for ``quiet``
    seconds, counted from the call at the earliest: Playwright's "networkidle" with a window of
    0.15 s instead of 0.5 s. After its load event a book page starts one request at most (the
    favicon, within 0.03 s; measured on every page), so the shorter window sees the same requests,
    and over some 200 page visits in a test run it waits about a minute less. Requests still open
    after ``timeout`` seconds fail the test, named."""

    def __init__(self, page):
        self.page = page
        self.pending: set = set()
        self.last = time.monotonic()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request) -> None:
        self.pending.add(request)
        self.last = time.monotonic()

    def _ended(self, request) -> None:
        self.pending.discard(request)
        self.last = time.monotonic()

    def wait_until_quiet(self, quiet: float = 0.15, timeout: float = 30) -> None:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            self.page.wait_for_timeout(50)  # Playwright delivers the page's events meanwhile
            if not self.pending and time.monotonic() - max(self.last, start) >= quiet:
                return
        still = ", ".join(sorted(r.url for r in self.pending))
        raise AssertionError(f"{self.page.url}: requests still open after {timeout:.0f} s: {still}")


def open_quietly(page, url: str) -> RequestsInFlight:
    """``page.goto(url)``, then wait until the page's requests are done (see ``RequestsInFlight``)."""
    network = RequestsInFlight(page)
    page.goto(url)
    network.wait_until_quiet()
    return network


class PageLog:
    """What a page did: console errors, uncaught exceptions, failed and off-machine requests."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []
        # Loads the browser itself gave up (a lazy image no longer needed after the viewport
        # changed, a source swapped for another): kept apart, since nothing failed to arrive.
        self.cancelled: list[str] = []
        self.network: RequestsInFlight | None = None  # set by open_page


@pytest.fixture
def open_page(browser, site_url):
    """``open_page(path)`` -> (page, log). Requests that would leave 127.0.0.1 are blocked and logged."""
    contexts = []

    def _open(path: str, color_scheme: str = "light"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme)
        contexts.append(context)
        # The theme reads the reader's choice from localStorage: open the page in that mode
        # from the start, rather than switching (and animating) after it has loaded.
        mode = "dark" if color_scheme == "dark" else "light"
        context.add_init_script(
            f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
        )
        page = context.new_page()
        log = PageLog()

        def route(r):
            if r.request.url.startswith(site_url + "/") or r.request.url.startswith("data:"):
                r.continue_()
            else:
                log.external.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: log.page_errors.append(str(e)))
        page.on(
            "requestfailed",
            lambda r: (log.cancelled if r.failure == "net::ERR_ABORTED" else log.failed).append(r.url),
        )
        page.on("response", lambda r: log.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        log.network = open_quietly(page, f"{site_url}/{path}")
        return page, log

    yield _open
    for c in contexts:
        c.close()


#: A style that draws every section of a page at once. The book draws a long page's sections only
#: as the reader reaches them (content-visibility in _static/book-chrome.css); a check that reads
#: the whole page's rendering at once (axe's colour contrast, the page's width) adds this first.
DRAW_EVERY_SECTION = ".bd-article section { content-visibility: visible !important; }"


def reach(locator, timeout: float = 10) -> None:
    """Scroll to ``locator`` as a reader does and wait until the browser has drawn it on screen (a
    section below the screen is drawn only when it comes near; see :data:`DRAW_EVERY_SECTION`).
    The browser's own ``scrollIntoView``: until a section is drawn, the element's place is only
    an estimate, which Playwright's scrolling takes at its word."""
    deadline = time.monotonic() + timeout
    while True:
        locator.evaluate("el => el.scrollIntoView({block: 'center'})")
        time.sleep(0.1)  # a frame or two: the section near the screen is drawn
        if locator.evaluate(
            """el => { const r = el.getBoundingClientRect();
                return el.checkVisibility({contentVisibilityAuto: true})
                    && r.bottom > 0 && r.top < innerHeight; }"""
        ):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{locator} not drawn on screen {timeout:.0f} s after scrolling to it")


def build_edition(flag: str, html: str, log: list[str] | None = None) -> Path:
    """Build another edition of the book with the README's build command (``--instructor``,
    ``--graded``), strictly; return its HTML folder (``html``, under ``_build/``). The build's
    output is appended to ``log`` if given."""
    run = subprocess.run(
        ["bash", "scripts/build_book.sh", flag], cwd=ROOT, capture_output=True, text=True, timeout=1200
    )
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-5000:]
    if log is not None:
        log.append(run.stdout + run.stderr)
    return ROOT / "_build" / html
