"""Shared code for *Reforming the NHS from within — an interactive course*.

One concept per module:

- :mod:`nhsreform.quiz_bank` — load and validate a chapter's question bank (YAML).
- :mod:`nhsreform.quiz_widget` — the live ipywidgets quiz (needs a kernel).
- :mod:`nhsreform.quiz_html` — the same quiz as self-contained HTML + JavaScript (no kernel).
- :mod:`nhsreform.quiz` — :func:`show_quiz`, which displays both at once.
- :mod:`nhsreform.lms` — the quizzes as Moodle XML and Canvas QTI 1.2 files for a learning platform.
- :mod:`nhsreform.parameters` — model parameters with units, ranges and validation.
- :mod:`nhsreform.explorer` — sliders for a model, with a static fallback for the book.
- :mod:`nhsreform.style` — colour-blind-safe plotting style.
- :mod:`nhsreform.figures` — figures displayed with alt text and a source line.
- :mod:`nhsreform.data` — loaders for the datasets in ``data/``, checked against their checksums.
- :mod:`nhsreform.exercise_checks` — automatic feedback on exercise answers.
- :mod:`nhsreform.models` — the course's stylised models, one module each.
"""

__version__ = "0.1.0"
