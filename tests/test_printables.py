"""Printable quiz sheets (issue: the instructor's kit, §3): A4 PDFs printed offline by Debian's
Chromium, read back with pypdf and a page rendered with pdfium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata

import pypdf
import pypdfium2
import pytest

from nhsreform import printables
from nhsreform.quiz_bank import Numeric, load_bank

from .conftest import CHROMIUM

A4_POINTS = (595.3, 841.9)


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    out = tmp_path_factory.mktemp("sheets")
    lines = []
    written = printables.write_quiz_sheets(out, ["ch02", "ch12-exercise"], progress=lines.append)
    return out, written, lines


def _words(text: str) -> str:
    # NFKC undoes the ligatures (ﬁ, ﬃ …) the PDF's text holds
    return " ".join(unicodedata.normalize("NFKC", re.sub(r"[*_`]", "", text)).split())


def _text(pdf) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(pdf)
    return reader, _words(" ".join(page.extract_text() for page in reader.pages))


def test_both_sheets_are_written_for_each_bank_with_progress(sheets):
    out, written, lines = sheets
    banks = ["ch02", "ch02-exercise", "ch12-exercise"]  # a chapter's name brings its exercise's quiz
    assert [p.name for p in written] == [f"{kind}-{b}.pdf" for b in banks for kind in ("quiz", "answers")]
    assert lines == [f"[{k}/3] {b}: quiz-{b}.pdf, answers-{b}.pdf" for k, b in enumerate(banks, 1)]


@pytest.mark.parametrize("bank", ["ch02", "ch12-exercise"])
def test_the_question_sheet_has_every_question_and_no_answer(sheets, bank):
    out, _, _ = sheets
    reader, text = _text(out / f"quiz-{bank}.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == pytest.approx(A4_POINTS, abs=1)
    assert (
        f"Page 1 of {len(reader.pages)}" in text
        and f"Page {len(reader.pages)} of {len(reader.pages)}" in text
    )
    for q in load_bank(bank).questions:
        assert _words(q.prompt)[:60] in text, q.id
        if isinstance(q, Numeric):
            assert _words(q.feedback.correct)[:50] not in text, q.id
            continue
        for option in q.options:
            assert _words(option.text)[:50] in text, (q.id, option.text)
            assert _words(option.feedback)[:50] not in text, (q.id, option.feedback)
    assert "✔" not in text and "Answer: A" not in text


@pytest.mark.parametrize("bank", ["ch02", "ch12-exercise"])
def test_the_answer_sheet_has_every_answer_and_feedback(sheets, bank):
    out, _, _ = sheets
    reader, text = _text(out / f"answers-{bank}.pdf")
    assert f"Page 1 of {len(reader.pages)}" in text
    questions = load_bank(bank).questions
    assert len(re.findall(r"Answer: ", text)) >= len(questions)
    for q in questions:
        feedback = [q.feedback.correct] if isinstance(q, Numeric) else [o.feedback for o in q.options]
        for item in feedback:
            assert _words(item)[:50] in text, (q.id, item)


def test_a_page_renders_with_text_on_it(sheets):
    out, _, _ = sheets
    page = pypdfium2.PdfDocument(out / "quiz-ch02.pdf")[0]
    image = page.render(scale=0.5).to_pil().convert("L")
    dark = sum(1 for value in image.tobytes() if value < 128)
    assert 0.005 < dark / (image.width * image.height) < 0.3  # text, not a blank or black page


def test_the_command_prints_sheets_and_names_a_wrong_chapter(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "nhsreform", "quiz-sheets", "--chapter", "ch13", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "no chapter or quiz bank called 'ch13'" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "nhsreform",
            "quiz-sheets",
            "--chapter",
            "ch05-exercise",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROMIUM": CHROMIUM},
    )
    assert run.returncode == 0, run.stderr
    assert "[1/1] ch05-exercise" in run.stderr
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        "answers-ch05-exercise.pdf",
        "quiz-ch05-exercise.pdf",
    ]


def test_no_chromium_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(printables.PrintError, match=r"CHROMIUM=.*no-chromium: no such file"):
        printables.chromium()
    monkeypatch.delenv("CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(
        printables.PrintError, match=r"needs Chromium, and none was found.*apt-get install chromium"
    ):
        printables.chromium()
