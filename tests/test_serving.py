"""The tests' local web server (``serving`` in tests/conftest.py): a browser that drops a connection
(a page closed while a file was on its way) is not reported; any other error in a request is
still printed with its traceback."""

from __future__ import annotations

import contextlib
import http.server
import urllib.request

from .conftest import serving


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/dropped":
            raise ConnectionResetError("the browser closed the connection")
        raise ValueError("a mistake in the handler")

    def log_message(self, *args):
        pass


def test_a_dropped_connection_is_quiet_and_any_other_error_is_printed(capfd):
    with serving(_Handler) as url:
        for path in ("/dropped", "/mistake"):
            # The server closes the connection after reporting (or not): no answer comes.
            with contextlib.suppress(ConnectionError):
                urllib.request.urlopen(url + path, timeout=60).read()
    printed = capfd.readouterr().err
    assert "ValueError: a mistake in the handler" in printed
    assert "ConnectionResetError" not in printed and printed.count("Exception occurred") == 1, printed
