"""Reading the book build's log: what it reports, and which reports are the kernel's own.

The build's log holds Sphinx's output and, mixed into it, the standard error of every Jupyter
kernel that ran a notebook. A kernel logs through tornado's logger in Python's basic format
(``ERROR:tornado.general:...``), followed by a traceback.

One such report is a known race in the Jupyter kernel itself, not in the course: as a kernel shuts
down, a message callback meets a socket that is already closed, and tornado logs "Uncaught
exception in ZMQStream callback" (ipykernel 7.3 fixed one path of it, ipython/ipykernel#1518; CI
met another on ipykernel 7.4.0, once in some thirty runs). The notebook's outputs are complete by
then. ``kernel_shutdown_noise`` recognises such a report only when every frame of its traceback
is inside the kernel's own libraries and the traceback was read to its end; any frame in the
course, a notebook or another library, or a traceback this reader cannot follow to its end, makes
it an ordinary report, and the strict build test fails on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What the build may print that is not a problem: the kernel's notice about its local TCP ports.
HARMLESS = ("Kernel is running over TCP",)

KERNEL_LOGGER = re.compile(r"^(?:ERROR|WARNING|CRITICAL):tornado(?:\.\w+)?:")
# A frame, also inside an exception group's box ("  |   File ..."); pyzmq's compiled backend
# names its frames by a relative path ("zmq/backend/cython/_zmq.py").
FRAME = re.compile(r'^[\s|+]*File "([^"]+)", line \S+')
# The libraries a kernel's message loop runs in; a traceback wholly inside them is the kernel's.
KERNEL_LIBRARIES = re.compile(
    r"(?:^|/)(?:ipykernel|zmq|tornado|jupyter_client|jupyter_core|traitlets|comm|asyncio)/|/threading\.py$"
)
TRACEBACK = "Traceback (most recent call last):"
LINKS = ("During handling of the above exception", "The above exception was the direct cause")
# The line that ends a traceback: the exception's (dotted) name, then its message if it has one.
EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(?::|$)")
LOG_LINE = re.compile(r"^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):")


class KernelShutdownNoise(UserWarning):
    """Shown, not failed: a kernel logged an error from inside its own libraries."""


@dataclass(frozen=True)
class Report:
    """One warning or error line of the log, with the traceback printed under it (if any).
    ``complete`` is False when what follows the line looks like a traceback that was not read
    to its end (cut off, or in a form this reader does not follow, such as an exception group)."""

    line: str
    traceback: tuple[str, ...] = ()
    complete: bool = True

    @property
    def text(self) -> str:
        return "\n".join((self.line, *self.traceback))

    @property
    def frames(self) -> list[str]:
        return [m.group(1) for t in self.traceback if (m := FRAME.match(t))]


def _is_report(line: str) -> bool:
    return ("WARNING" in line or "ERROR" in line) and not any(h in line for h in HARMLESS)


def _read_traceback(lines: list[str], i: int) -> tuple[list[str], int, bool]:
    """The traceback (chained ones included) that starts at ``lines[i]``; returns its lines, the
    index after it, and whether it was read to a clean end."""
    tb: list[str] = []
    while True:
        tb.append(lines[i])  # "Traceback (most recent call last):"
        i += 1
        while i < len(lines) and (lines[i].startswith((" ", "\t")) or not lines[i].strip()):
            tb.append(lines[i])  # frames, their code and markers, blank lines
            i += 1
        if i >= len(lines) or not EXCEPTION.match(lines[i]) or LOG_LINE.match(lines[i]):
            return tb, i, False  # cut off: no exception line where one belongs
        tb.append(lines[i])
        i += 1
        # the rest of a long message, or a note added to the exception, up to a blank line
        while (
            i < len(lines)
            and lines[i].strip()
            and not _is_report(lines[i])
            and not lines[i].startswith((TRACEBACK, *LINKS))
        ):
            tb.append(lines[i])
            i += 1
        j = i
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and lines[j].startswith(LINKS):
            k = j + 1
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k < len(lines) and lines[k].startswith(TRACEBACK):
                tb.extend(lines[i:k])
                i = k
                continue
            return tb + lines[i:k], k, False  # a link to something other than a traceback
        clean = not (j < len(lines) and lines[j].lstrip().startswith(("+", "|", TRACEBACK)))
        return tb, i, clean


def reports(log: str) -> list[Report]:
    """Every line of ``log`` that says WARNING or ERROR (less the harmless ones), each with the
    traceback that follows it, chained tracebacks included."""
    lines = log.splitlines()
    found, i = [], 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not _is_report(line):
            continue
        if i < len(lines) and lines[i].startswith(TRACEBACK):
            tb, i, complete = _read_traceback(lines, i)
            found.append(Report(line, tuple(tb), complete))
        else:
            found.append(Report(line))
    return found


def kernel_shutdown_noise(report: Report) -> bool:
    """True for a kernel's own logged error whose traceback was read to its end and whose every
    frame is in the kernel's libraries (the shutdown race described above); False for anything
    else."""
    frames = report.frames
    return bool(
        report.complete
        and KERNEL_LOGGER.match(report.line)
        and frames
        and all(KERNEL_LIBRARIES.search(f) for f in frames)
    )
