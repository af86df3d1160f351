"""The models in the book, with no kernel: each figure drawn in advance at a small grid of settings.

A student reading the built book has no Python at hand, so the live explorer's sliders cannot
move there. Instead each model declares, in its :class:`~nhsreform.models.base.Model` record, the
two or three parameters that teach most and a few values for each (``book_controls``). When the
book is built, :func:`render_model` runs the model at every combination of those values, with the
same ``render`` function, seed and column width as the live explorer and every other parameter at
its default, and keeps the figure, its narrow (stacked) version for two-panel figures and its
alt text. In the page, a range input per parameter moves between these states at once, with no
kernel and no network (``_ext/book-explorers.js``; the build step is ``_ext/book_explorers.py``).

Deterministic: the same package gives byte-identical PNGs (the PNG has no timestamp; colours are
reduced to a palette by a fixed method), so :func:`states_digest` names a cache that a build with no
change to the package's code reuses. Small: a palette PNG of a course figure is 10-25 kB, and
:data:`MAX_STATES` keeps an explorer within its 1.5 MB budget (tested on the built book).

What the book explorer cannot do, and says so: move the other sliders, or settings between the
drawn values. The notebook's live explorer moves every slider it shows.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: At most this many drawn states per explorer (the product of the values' counts).
MAX_STATES = 40
#: At most this many parameters move in the book (more would be a grid too large to draw).
MAX_CONTROLS = 3
#: Colours in each state's palette PNG: the course palette, greys and their anti-aliased edges.
PALETTE_COLOURS = 96
#: Where the book keeps the states, under its ``_static`` folder.
STATIC_FOLDER = "explorers"


def check_book_controls(parameters, controls: Mapping[str, tuple]) -> dict[str, tuple]:
    """The book's controls for a model, checked: 1 to 3 of its parameters, each with 2 or more
    distinct allowed values in increasing order, its default among them, at most
    :data:`MAX_STATES` combinations. Errors name the model and the parameter."""
    model = getattr(parameters, "model", "") or "model"
    by_name = {p.name: p for p in parameters}
    if not controls:
        raise ValueError(
            f"{model}: book_controls is empty; name 1 to {MAX_CONTROLS} parameters with their values"
        )
    if len(controls) > MAX_CONTROLS:
        raise ValueError(f"{model}: book_controls names {len(controls)} parameters; at most {MAX_CONTROLS}")
    checked = {}
    for name, values in controls.items():
        if name not in by_name:
            raise ValueError(
                f"{model}: book_controls names {name!r}, which is not a parameter; known: {sorted(by_name)}"
            )
        p = by_name[name]
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            raise ValueError(f"{model}: book_controls[{name!r}] must be a tuple of values; got {values!r}")
        try:
            values = tuple(p.check(v) for v in values)
        except ValueError as err:
            raise ValueError(f"{model}: book_controls[{name!r}]: {err}") from None
        if len(values) < 2:
            raise ValueError(f"{model}: book_controls[{name!r}] needs at least 2 values; got {values}")
        if list(values) != sorted(set(values)):
            raise ValueError(
                f"{model}: book_controls[{name!r}] must be distinct and increasing; got {values}"
            )
        off_step = [
            v
            for v in values
            if not math.isclose((v - p.minimum) / p.step, round((v - p.minimum) / p.step), abs_tol=1e-9)
        ]
        if off_step:
            raise ValueError(
                f"{model}: book_controls[{name!r}]: {off_step} not on the slider's step of {p.step:g}"
            )
        if p.default not in values:
            raise ValueError(
                f"{model}: book_controls[{name!r}] must include the default {p.default:g}, "
                "so the book opens at the live explorer's settings"
            )
        checked[name] = values
    count = math.prod(len(v) for v in checked.values())
    if count > MAX_STATES:
        raise ValueError(f"{model}: book_controls make {count} combinations; at most {MAX_STATES}")
    return checked


def combinations(model) -> list[dict]:
    """Every combination of the book's control values, in the order the states are numbered:
    the last control changes fastest (state index = mixed-radix number of the value positions)."""
    names = list(model.book_controls)
    return [
        dict(zip(names, combo, strict=True)) for combo in itertools.product(*model.book_controls.values())
    ]


def state_index(model, values: Mapping) -> int:
    """The number of the state drawn at ``values`` (each a value of its control)."""
    index = 0
    for name, options in model.book_controls.items():
        if values[name] not in options:
            raise ValueError(
                f"{model.name}: {name}={values[name]!r} is not one of the book's values {options}"
            )
        index = index * len(options) + options.index(values[name])
    return index


@dataclass(frozen=True)
class BookState:
    """One drawn state: the settings, the figure (and its stacked version) and its alt text."""

    values: dict
    png: bytes
    narrow_png: bytes | None
    alt: str


def palette_png(pixels) -> bytes:
    """A small PNG of an RGB(A) pixel array: colours reduced to a palette (deterministic)."""
    from PIL import Image

    image = Image.fromarray(pixels[..., :3])
    quantised = image.quantize(
        colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    quantised.save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_state(model, values: Mapping) -> BookState:
    """The model drawn as the live explorer first draws it, at ``values`` (the rest at defaults)."""
    import matplotlib as mpl
    import numpy as np

    from .explorer import blank_figure
    from .figures import draw_panels, stacked
    from .style import use_course_style

    settings = {**model.defaults, **values}
    with mpl.rc_context():
        use_course_style()  # as in the notebooks
        fig, alt = model.render(fig=blank_figure(), seed=model.seed, **settings)
        panels = draw_panels(fig)
    wide = palette_png(np.hstack(panels))
    narrow = palette_png(stacked(panels)) if len(panels) > 1 else None
    return BookState(dict(values), wide, narrow, alt)


def manifest(model, alts: list[str], narrow: bool) -> dict:
    """What the page needs to move between the states: the controls and each state's alt text."""
    by_name = {p.name: p for p in model.parameters}
    controls = []
    for name, values in model.book_controls.items():
        p = by_name[name]
        controls.append(
            {
                "name": name,
                "label": p.label,
                "unit": p.unit,
                "help": p.help,
                "values": list(values),
                "shown": [value_text(p, v) for v in values],
                "start": list(values).index(p.default),
            }
        )
    return {"model": model.name, "title": model.title, "controls": controls, "alts": alts, "narrow": narrow}


#: Units that name a scale rather than a quantity: shown in brackets after the number.
_SCALE_UNITS = ("share", "probability", "proportion", "0 to 1")


def value_text(p, value) -> str:
    """A control's value as a student reads it: "5% of performance", "1 year", "0.35 (probability)".

    The units were written to follow a label in brackets ("Years between reorganisations
    (years)"); after a number a percentage takes no space, a count of one is singular, a scale is
    put in brackets and "sd" is written "SD"."""
    text = str(int(value)) if p.integer else f"{value:g}"
    unit = "SD" + p.unit[2:] if p.unit == "sd" or p.unit.startswith("sd ") else p.unit
    if not unit:
        return text
    if unit.startswith("%"):
        return f"{text}{unit}"
    if unit == "0 to 1":
        return f"{text} (on a 0 to 1 scale)"
    if unit.startswith(_SCALE_UNITS):
        return f"{text} ({unit.replace(' (', ', ').rstrip(')')})"
    first, _, rest = unit.partition(" ")
    if value == 1 and first.endswith("s") and not first.endswith("ss"):
        unit = first[:-1] + (f" {rest}" if rest else "")
    return f"{text} {unit}"


def render_model(name: str, folder: str | Path) -> dict:
    """Draw every state of model ``name`` into ``folder`` (``<n>.png``, ``<n>-narrow.png``) and
    write ``states.json`` (:func:`manifest`); return the manifest."""
    from .models import models

    model = models()[name]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    alts, narrow = [], False
    for n, values in enumerate(combinations(model)):
        state = render_state(model, values)
        (folder / f"{n}.png").write_bytes(state.png)
        if state.narrow_png is not None:
            narrow = True
            (folder / f"{n}-narrow.png").write_bytes(state.narrow_png)
        alts.append(state.alt)
    data = manifest(model, alts, narrow)
    (folder / "states.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return data


def _render_one(args) -> tuple[str, dict]:
    name, folder = args
    import matplotlib

    matplotlib.use("Agg")
    return name, render_model(name, Path(folder) / name)


def render_all(folder: str | Path, processes: int | None = None) -> dict[str, dict]:
    """Every model's states, drawn in parallel (one process per core), into ``folder/<model>/``."""
    import multiprocessing
    import os

    from .models import MODEL_MODULES

    jobs = [(name, str(folder)) for name in MODEL_MODULES]
    processes = processes or min(len(jobs), os.cpu_count() or 1)
    if processes == 1:
        return dict(map(_render_one, jobs))
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        return dict(pool.imap_unordered(_render_one, jobs))


def states_digest() -> str:
    """A hash of what the states depend on: the package's code (models, figures, style), the
    book controls, and the versions of the libraries that draw and encode them."""
    import matplotlib
    import numpy
    import PIL

    from .models import models

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for model in models().values():
        digest.update(json.dumps([model.name, {k: list(v) for k, v in model.book_controls.items()}]).encode())
    digest.update(
        f"{matplotlib.__version__} {numpy.__version__} {PIL.__version__} {PALETTE_COLOURS}".encode()
    )
    return digest.hexdigest()


# ---- the page -------------------------------------------------------------------------------

#: Where the build puts the controls in an explorer's book view (:func:`explorer_html`).
CONTROLS_MARKER = "<!--nhs-book-controls-->"
#: How the build finds an explorer's book view, and reads its model, sliders and starting state.
EXPLORER_PATTERN = re.compile(
    r'<div class="nhs-book-explorer" data-model="(\w+)" data-shown="([\w ]*)" data-state="(\d+)">'
)


def explorer_html(model: str, shown: tuple[str, ...], state: int, note: str, figure: str, alt: str) -> str:
    """An explorer's book view at drawn state ``state``: ``note``, the marker where the book's
    build (``_ext/book_explorers.py``) puts the controls (and a note in place of ``note``), the
    figure and its description. Outside the book it is the still figure with its note."""
    return (
        f'<div class="nhs-book-explorer" data-model="{model}" data-shown="{" ".join(shown)}" '
        f'data-state="{state}">{note}{CONTROLS_MARKER}{figure}'
        '<p class="nhs-book-description"><em>What the figure shows:</em> '
        f'<span class="nhs-book-status">{html.escape(alt)}</span></p></div>'
    )


def book_note(model, shown: tuple[str, ...]) -> str:
    """The paragraph above a book explorer: what moves here, and what only the notebook moves."""
    by_name = {p.name: p for p in model.parameters}
    here = [by_name[n].label for n in model.book_controls]
    only_live = [by_name[n].label for n in shown if n not in model.book_controls]
    count = math.prod(len(v) for v in model.book_controls.values())
    text = (
        f"<p><strong>Model explorer.</strong> Move a control to change a setting: "
        f"{_and_list([f'<em>{html.escape(h)}</em>' for h in here])}. Each control has a few positions, "
        f"and the {count} versions of the figure were drawn from the model when this book was made, "
        "so they work in any browser, offline."
    )
    if only_live:
        others = _and_list([f"<em>{html.escape(o)}</em>" for o in only_live])
        text += (
            f" To choose any value, and to move {others} as well, open this page as a notebook "
            "(see the students' guide, <em>Models: in the book and live</em>)."
        )
    return text + "</p>"


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def controls_html(data: dict, folder_url: str, uid: str) -> str:
    """Range inputs for the states in ``data`` (:func:`manifest`), a hidden status line that a
    screen reader reads after a move, and the states' data for ``_ext/book-explorers.js``.
    ``folder_url`` is the states' folder from the site's ``_static`` folder."""
    rows = []
    for k, c in enumerate(data["controls"]):
        ident = f"{uid}-{k}"
        start = c["start"]
        described = ""
        help_text = ""
        if c["help"]:
            described = f' aria-describedby="{ident}-help"'
            tip = html.escape(c["help"])
            help_text = f'<span class="nhs-book-help" id="{ident}-help" hidden>{tip}</span>'
        value = html.escape(c["shown"][start], quote=True)
        rows.append(
            f'<div class="nhs-book-control"><label for="{ident}">{html.escape(c["label"])}</label>'
            f'<input type="range" id="{ident}" min="0" max="{len(c["values"]) - 1}" step="1" '
            f'value="{start}" aria-valuetext="{value}"{described} disabled>'
            f'<output for="{ident}" aria-hidden="true">{value}</output>{help_text}</div>'
        )
    payload = {
        "folder": folder_url,
        "labels": [c["label"] for c in data["controls"]],
        "shown": [c["shown"] for c in data["controls"]],
        "alts": data["alts"],
        "narrow": data["narrow"],
    }
    script = json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
    return (
        # With JavaScript off the controls stay disabled: the note above says to move them.
        '<noscript><p class="nhs-book-nojs">These controls need JavaScript, which is off in this '
        "browser: the figure below shows the model at its starting settings.</p></noscript>"
        '<div class="nhs-book-controls" role="group" '
        f'aria-label="Settings of the model: {html.escape(data["title"], quote=True)}">'
        + "".join(rows)
        + '</div><span class="nhs-book-live" role="status" aria-live="polite"></span>'
        + f'<script type="application/json" class="nhs-book-states">{script}</script>'
    )
