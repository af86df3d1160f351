"""The browser tests' wait for a page's requests (``RequestsInFlight`` in tests/conftest.py): it
must not return while a request the page started after its load event is still on its way, must
count a request the test blocks as ended, and must return soon after the last one ends."""

from __future__ import annotations

import http.server
import time

import pytest

from .conftest import open_quietly, serving

pytestmark = pytest.mark.browser

PAGE = b"""<!doctype html><html lang="en"><title>A page</title>
<script>addEventListener('load', () => setTimeout(() => {
  fetch('/blocked').catch(() => { document.body.dataset.blocked = 'yes'; });
  fetch('/slow').then(r => r.text()).then(t => { document.title = t; });
}, 50));</script><p>A page.</p></html>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            time.sleep(0.8)
            body, kind = b"answered", "text/plain"
        elif self.path == "/":
            body, kind = PAGE, "text/html"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def slow_site():
    with serving(_Handler) as url:
        yield url


def test_the_wait_outlasts_a_request_started_after_the_load_event(browser, slow_site):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/blocked", lambda route: route.abort())  # as open_page blocks other sites
        start = time.monotonic()
        network = open_quietly(page, f"{slow_site}/")
        waited = time.monotonic() - start
        assert page.title() == "answered", "returned before the page's late request was answered"
        assert page.evaluate("document.body.dataset.blocked") == "yes"
        assert network.pending == set(), "a request counted as still open"
        assert waited < 3, f"waited {waited:.1f} s, long after the last request ended"
    finally:
        context.close()
