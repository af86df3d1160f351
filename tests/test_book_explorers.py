"""The models' explorers in the built book: they move with no kernel and no network.

Unit tests of :mod:`nhsreform.book_states` (the controls each model declares, the drawn states,
their order and determinism) and of the build step's cache (``_ext/book_explorers.py``); then, on
the built book in headless Chromium with every request off the site blocked: every control of
every explorer, moved from the keyboard, changes the figure, its alt text and the description a
screen reader hears; the figure shown is byte for byte what the Python model draws for that
combination; a phone gets the stacked version; each explorer's images stay within 1.5 MB.
"""

from __future__ import annotations

import base64
import math
import re
from pathlib import Path

import pytest

from nhsreform.book_states import (
    MAX_STATES,
    check_book_controls,
    combinations,
    render_state,
    state_index,
    value_text,
)
from nhsreform.explorer import LIVE_NOTE
from nhsreform.models import models
from nhsreform.parameters import Parameter, Parameters
from nhsreform.style import use_course_style

from .conftest import ROOT, load_extension, reach

MODELS = models()
BUDGET_BYTES = 1_500_000


# ---- the controls each model declares ---------------------------------------------------------


@pytest.mark.parametrize("name", list(MODELS))
def test_every_model_moves_two_or_three_parameters_in_the_book(name):
    model = MODELS[name]
    controls = model.book_controls
    assert 2 <= len(controls) <= 3, f"{name}: {list(controls)}"
    assert len(combinations(model)) == math.prod(len(v) for v in controls.values()) <= MAX_STATES
    # The book opens where the live explorer opens: each control's default is one of its values.
    for param, values in controls.items():
        assert model.defaults[param] in values


def _params():
    return Parameters(
        "toy",
        Parameter("speed", "Speed", "km/h", 0.0, 10.0, 5.0, 0.5),
        Parameter("size", "Size", "people", 1, 9, 3, 1, integer=True),
    )


@pytest.mark.parametrize(
    "controls, problem",
    [
        ({}, "book_controls is empty"),
        ({"colour": (1, 2)}, "'colour', which is not a parameter"),
        ({"speed": (5.0,)}, "needs at least 2 values"),
        ({"speed": (5.0, 2.0)}, "distinct and increasing"),
        ({"speed": (2.0, 5.0, 5.0)}, "distinct and increasing"),
        ({"speed": (2.0, 11.0, 5.0)}, "speed must be a number from 0 to 10 km/h; got 11.0 (out of range)"),
        ({"speed": (2.25, 5.0)}, "not on the slider's step of 0.5"),
        ({"speed": (1.0, 2.0)}, "must include the default 5"),
        ({"speed": "fast"}, "must be a tuple of values"),
        ({"speed": (5.0, 6.0), "size": (3, 4), "x": (1, 2), "y": (1, 2)}, "names 4 parameters; at most 3"),
    ],
)
def test_bad_controls_are_refused_naming_the_model_and_parameter(controls, problem):
    with pytest.raises(ValueError) as err:
        check_book_controls(_params(), controls)
    assert str(err.value).startswith("toy: ") and problem in str(err.value), str(err.value)


def test_too_many_combinations_are_refused():
    params = Parameters("toy", *_params(), Parameter("depth", "Depth", "m", 0.0, 10.0, 0.0, 1.0))
    controls = {"speed": tuple(float(x) for x in range(8)), "size": (1, 2, 3, 4, 5, 6), "depth": (0.0, 1.0)}
    with pytest.raises(ValueError, match=r"toy: book_controls make 96 combinations; at most 40"):
        check_book_controls(params, controls)


def test_states_are_numbered_as_the_page_numbers_them():
    """The page's script computes the state from the inputs as a mixed-radix number, the last
    control fastest: the same order as the drawing."""
    model = MODELS["target_gaming"]
    combos = combinations(model)
    assert [state_index(model, c) for c in combos] == list(range(len(combos)))
    sizes = [len(v) for v in model.book_controls.values()]
    assert sizes == [4, 4, 2]
    assert combos[1] == {"target_pressure": 0.0, "audit_chance": 0.05, "diversion": 1.0}
    assert combos[2] == {"target_pressure": 0.0, "audit_chance": 0.1, "diversion": 0.0}
    with pytest.raises(ValueError, match="target_gaming: audit_chance=0.2 is not one of the book's values"):
        state_index(model, {**combos[0], "audit_chance": 0.2})


# ---- the drawn states ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(MODELS))
def test_the_book_opens_with_the_live_explorers_own_figure(name):
    """The explorer's book view and the drawn state at its starting settings are the same PNG:
    the same function, seed and width draw both."""
    model = MODELS[name]
    use_course_style()  # as the notebooks do (the test's fixture restores matplotlib afterwards)
    explorer = model.explorer()
    state = explorer.book_state()
    assert state is not None, f"{name}: the explorer's start is not one of the drawn states"
    assert set(model.book_controls) <= set(explorer.sliders), "the notebook moves what the book moves"
    drawn = render_state(model, combinations(model)[state])
    page = explorer._repr_mimebundle_()["text/html"]
    shown = re.search(r'<img src="data:image/png;base64,([^"]+)"', page).group(1)
    assert base64.b64decode(shown) == drawn.png, f"{name}: the book's first figure is not the drawn state"
    assert explorer.alt == drawn.alt
    assert f'data-model="{name}"' in page and f'data-state="{state}"' in page
    assert "<!--nhs-book-controls-->" in page and LIVE_NOTE in page


@pytest.mark.parametrize("name", list(MODELS))
def test_a_moved_explorer_still_draws_the_books_state(name):
    """Redrawn in place over many moves (kept artists, legends and texts), then brought to a drawn
    state, the live explorer's figure is still byte for byte the book's drawing of that state."""
    model = MODELS[name]
    use_course_style()
    explorer = model.explorer()
    sliders = list(explorer.sliders.values())
    for i in range(8):
        slider = sliders[i % len(sliders)]
        slider.value = slider.min + ((i * 0.37 + 0.1) % 1) * (slider.max - slider.min)
    target = combinations(model)[-1]
    for slider_name, slider in explorer.sliders.items():
        slider.value = target.get(slider_name, model.defaults[slider_name])
    state = explorer.book_state()
    assert state == len(combinations(model)) - 1
    page = explorer._repr_mimebundle_()["text/html"]
    shown = re.search(r'<img src="data:image/png;base64,([^"]+)"', page).group(1)
    drawn = render_state(model, target)
    assert base64.b64decode(shown) == drawn.png, f"{name}: a moved explorer no longer draws the state"
    assert explorer.alt == drawn.alt


@pytest.mark.parametrize(
    "unit, value, shown",
    [
        ("years", 1.0, "1 year"),
        ("years", 2.5, "2.5 years"),
        ("days on site", 1, "1 day on site"),
        ("minutes per minute", 1.0, "1 minute per minute"),
        ("% of performance", 5.0, "5% of performance"),
        ("probability", 0.35, "0.35 (probability)"),
        ("share (0 to 1)", 0.5, "0.5 (share, 0 to 1)"),
        ("0 to 1", 0.3, "0.3 (on a 0 to 1 scale)"),
        ("sd", 2.0, "2 SD"),
        ("in 15 years", 1, "1 in 15 years"),
    ],
)
def test_values_read_as_a_student_reads_them(unit, value, shown):
    integer = isinstance(value, int)
    p = Parameter("x", "X", unit, 0, 100, value, 1 if integer else 0.05, integer=integer)
    assert value_text(p, value) == shown


def test_states_are_deterministic():
    model = MODELS["spc_tampering"]
    combo = combinations(model)[-1]
    first, second = render_state(model, combo), render_state(model, combo)
    assert first.png == second.png and first.alt == second.alt
    assert first.png.startswith(b"\x89PNG")


def test_an_explorer_started_off_the_grid_stays_a_still_figure():
    """Settings the book did not draw: the still figure and the note, never a wrong state."""
    explorer = MODELS["initiative_churn"].explorer(tenure_years=3.0)
    assert explorer.book_state() is None
    page = explorer._repr_mimebundle_()["text/html"]
    assert page.startswith(LIVE_NOTE) and "nhs-book-explorer" not in page
    other = MODELS["initiative_churn"].explorer(runs=100)  # a setting the book keeps at its default
    assert other.book_state() is None


# ---- the build step's cache -----------------------------------------------------------------------


class _App:
    def __init__(self, outdir: Path):
        self.outdir = str(outdir)
        self.builder = type("Builder", (), {"format": "html"})()


def test_a_build_with_no_model_change_draws_nothing_again(tmp_path, monkeypatch):
    ext = load_extension("book_explorers")
    import nhsreform.book_states as book_states

    calls = []

    def fake_render_all(folder):
        calls.append(folder)
        for name in MODELS:
            (Path(folder) / name).mkdir(parents=True)
            (Path(folder) / name / "0.png").write_bytes(b"png")

    monkeypatch.setattr(book_states, "render_all", fake_render_all)
    app = _App(tmp_path / "html")
    ext._draw_states(app)
    ext._draw_states(_App(tmp_path / "html"))
    assert len(calls) == 1, "the second build redrew the states"
    folder, short = app.nhs_book_states
    assert folder.name == book_states.states_digest() and short == folder.name[:12]
    assert (tmp_path / "html" / "_static" / "book-explorers.js").exists()
    # A change to the package's code (here: the digest) draws them again, into a new folder.
    monkeypatch.setattr(book_states, "states_digest", lambda: "f" * 64)
    ext._draw_states(_App(tmp_path / "html"))
    assert len(calls) == 2
    assert [p.name for p in (tmp_path / ".book_states").iterdir()] == ["f" * 64]


# ---- in the built book ----------------------------------------------------------------------------


def _explorer_pages() -> dict[str, str]:
    """Model name -> the chapter page whose notebook shows its explorer."""
    pages = {}
    for nb in sorted(ROOT.glob("chapters/*.ipynb")):
        for name in re.findall(r"\b(\w+)_explorer\(\)", nb.read_text(encoding="utf-8")):
            if name in MODELS:
                pages.setdefault(name, f"chapters/{nb.stem}.html")
    return pages


PAGES = _explorer_pages()


def test_every_model_has_an_explorer_in_the_book():
    assert sorted(PAGES) == sorted(MODELS)


def _state_files(built_site: Path, name: str) -> list[Path]:
    folders = sorted((built_site / "_static" / "explorers").glob(f"{name}-*"))
    assert len(folders) == 1, f"{name}: expected one folder of states, found {folders}"
    return sorted(folders[0].iterdir())


@pytest.mark.parametrize("name", list(MODELS))
def test_each_explorers_images_are_within_budget(built_site, name):
    files = _state_files(built_site, name)
    model = MODELS[name]
    count = len(combinations(model))
    pngs = [f for f in files if f.suffix == ".png"]
    wide = [f for f in pngs if not f.stem.endswith("-narrow")]
    assert len(wide) == count and len(pngs) in (count, 2 * count), (name, len(pngs))
    total = sum(f.stat().st_size for f in pngs)
    assert total <= BUDGET_BYTES, f"{name}: {total:,} bytes of images (budget {BUDGET_BYTES:,})"


def _image_state(page, box) -> dict:
    return box.evaluate(
        """b => { const img = b.querySelector('figure img');
            return {src: img.getAttribute('src'), alt: img.alt, complete: img.complete,
                    width: img.naturalWidth, status: b.querySelector('.nhs-book-status').textContent,
                    state: b.dataset.state}; }"""
    )


def _wait_loaded(page, box) -> None:
    box.evaluate(
        """b => new Promise((ok, fail) => { const img = b.querySelector('figure img');
            if (img.complete && img.naturalWidth) return ok();
            img.addEventListener('load', () => ok(), {once: true});
            img.addEventListener('error', () => fail(new Error('image failed: ' + img.src)),
                {once: true}); })"""
    )


@pytest.mark.browser
@pytest.mark.parametrize("name", list(MODELS))
def test_every_control_moves_the_figure_from_the_keyboard(open_page, name):
    page, log = open_page(PAGES[name])
    box = page.locator(f'.nhs-book-explorer[data-model="{name}"]').first
    reach(box)
    inputs = box.locator(".nhs-book-controls input[type=range]")
    model = MODELS[name]
    assert inputs.count() == len(model.book_controls)
    note = box.locator("p").first.inner_text()
    assert "Move a control to change a setting" in note and "running Python kernel" not in note
    for k, (param, values) in enumerate(model.book_controls.items()):
        control = inputs.nth(k)
        assert control.is_enabled(), f"{name}: control {param} is still disabled (script not run?)"
        label = box.locator(f'label[for="{control.get_attribute("id")}"]')
        assert label.inner_text() == next(p.label for p in model.parameters if p.name == param)
        before = _image_state(page, box)
        at_end = int(control.input_value()) == len(values) - 1
        control.focus()
        page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
        _wait_loaded(page, box)
        after = _image_state(page, box)
        assert after["src"] != before["src"], f"{name}: moving {param} did not change the figure"
        assert after["alt"] != before["alt"], f"{name}: moving {param} did not change the alt text"
        assert after["status"] == after["alt"], "the description under the figure is the new state's"
        # Once the reader pauses, a screen reader hears what changed, then the new state.
        live = box.locator(".nhs-book-live")
        label_text = next(p.label for p in model.parameters if p.name == param)
        heard = f"{label_text}: {control.get_attribute('aria-valuetext')}. {after['alt']}"
        page.wait_for_function("([el, text]) => el.textContent === text", arg=[live.element_handle(), heard])
        assert after["width"] > 0, f"{name}: the image for {param} did not load"
        position = int(control.input_value())
        shown = control.get_attribute("aria-valuetext")
        assert shown.startswith(f"{values[position]:g}"), (param, shown)
        assert box.locator(f'output[for="{control.get_attribute("id")}"]').inner_text() == shown
    # The last state shown is byte for byte what the model draws at those settings.
    combo = {
        param: values[int(inputs.nth(k).input_value())]
        for k, (param, values) in enumerate(model.book_controls.items())
    }
    state = _image_state(page, box)
    assert int(state["state"]) == state_index(model, combo)
    served = page.request.get(
        page.evaluate("src => new URL(src, document.baseURI).href", state["src"])
    ).body()
    drawn = render_state(model, combo)
    assert served == drawn.png, f"{name}: the book's image for {combo} differs from the model's drawing"
    assert state["alt"] == drawn.alt
    assert log.external == [] and log.failed == [] and log.page_errors == [] and log.console_errors == []


@pytest.mark.browser
def test_a_phone_gets_the_stacked_version_of_each_state(open_page):
    page, log = open_page(PAGES["target_gaming"])
    page.set_viewport_size({"width": 390, "height": 844})
    box = page.locator('.nhs-book-explorer[data-model="target_gaming"]').first
    reach(box)
    control = box.locator(".nhs-book-controls input[type=range]").first
    control.focus()
    page.keyboard.press("ArrowLeft")
    _wait_loaded(page, box)
    current = box.locator("figure img").evaluate("img => img.currentSrc")
    assert current.endswith("-narrow.png"), current
    assert box.locator("figure img").evaluate("img => img.naturalWidth") < 740
    # The controls fit the phone: none is wider than the page.
    widths = box.locator(".nhs-book-control").evaluate_all(
        "els => els.map(e => e.scrollWidth - e.clientWidth)"
    )
    assert max(widths) <= 1, widths
    assert log.external == [] and log.failed == []


@pytest.mark.browser
def test_with_javascript_off_the_page_says_why_the_controls_do_not_move(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{PAGES['initiative_churn']}")
        box = page.locator('.nhs-book-explorer[data-model="initiative_churn"]').first
        note = box.locator(".nhs-book-nojs")
        reach(note)
        assert note.is_visible() and "need JavaScript" in note.inner_text()
        assert box.locator("input[type=range]").first.is_disabled()
        assert box.locator("figure img").first.evaluate("img => img.complete && img.naturalWidth > 0")
    finally:
        context.close()


@pytest.mark.browser
def test_only_pages_with_an_explorer_load_its_script(built_site):
    with_script = sorted(
        p.relative_to(built_site).as_posix()
        for p in built_site.rglob("*.html")
        if "book-explorers.js" in p.read_text(encoding="utf-8")
    )
    assert with_script == sorted(set(PAGES.values()))
