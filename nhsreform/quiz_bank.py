"""Question banks: one YAML file per chapter, validated when loaded.

A bank looks like this::

    title: Check your understanding
    questions:
      - id: subtitle            # unique within the bank; letters, digits, '-' and '_'
        type: single            # single | multiple | numeric
        prompt: What does "hierarchy" stand for in the report's subtitle?
        options:
          - text: Targets and performance management
            correct: true
            feedback: Why this is right ...
          - text: None of these
            feedback: Why this is wrong ...   # every option explains itself
            pin: last                         # optional: always shown last
      - id: standard
        type: numeric
        prompt: What percentage ...?
        answer: 95
        tolerance: 0.5          # accepted if |given - answer| <= tolerance
        unit: "%"
        feedback:
          correct: ...
          too_low: ...            # neutral: says only that the answer is too low, with a way in;
          too_high: ...           # it must not guess a cause ("did you ...?")
        slips:                    # optional: the wrong values a predictable slip produces
          - answer: 0.95          # e.g. the proportion typed for the percentage (answer / 100)
            tolerance: 0          # optional, default 0
            feedback: That is the proportion; the question asks for a percentage, so ...

A typed number is graded in this order: within ``tolerance`` of ``answer`` gets ``correct``;
otherwise within a slip's ``tolerance`` of that slip's ``answer`` gets that slip's feedback (each
slip names the cause it diagnoses, so write one only for a value that slip really produces);
otherwise ``too_low`` or ``too_high``. A slip's value and tolerance must be finite numbers, its
band must not overlap the correct answer's band (or another slip's), and its feedback needs at
least 6 words. A question checked with no answer is not graded: it shows only "Choose an answer
first." or "Type a number first.", with no ✔/✘ verdict.

Any problem — a file that is not UTF-8, bad YAML or a key given twice, an unknown type, no
correct answer, a duplicate id, an option without feedback, a numeric answer or tolerance that
is not a finite number, a slip that overlaps the answer or lacks an explanation — raises
:class:`QuizBankError` naming the file, the question id and the problem.

Students see the options of each choice question in a shuffled order that gives nothing away
(:meth:`QuizBank.display_order`): the same on every build, in the live widget and in the book.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, TypeAdapter, ValidationError, model_validator

from .quiz_numbers import NOT_A_NUMBER, NumberInputError, parse_number  # noqa: F401 (re-exported)

BANK_DIR = Path(__file__).parent / "banks"


def bank_names() -> list[str]:
    """Every bank in the package, chapter by chapter: ``ch01``, ``ch01-exercise``, ``ch02``, ..."""
    return sorted(p.stem for p in BANK_DIR.glob("*.yml"))


QUESTION_TYPES = ("single", "multiple", "numeric")


class QuizBankError(ValueError):
    """A question bank that cannot be used, with the file, question id and problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


NonEmpty = Annotated[str, Field(min_length=1)]


class Option(_Strict):
    """One answer option and the feedback that explains why it is right or wrong."""

    text: NonEmpty
    correct: bool = False
    feedback: NonEmpty
    pin: Literal["last"] | None = None  # "last": always shown last (e.g. "none of these")


class _Question(_Strict):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")]
    prompt: NonEmpty


class _Choice(_Question):
    options: Annotated[list[Option], Field(min_length=2)]

    @property
    def correct_indices(self) -> frozenset[int]:
        return frozenset(i for i, o in enumerate(self.options) if o.correct)

    @model_validator(mode="after")
    def _check_options(self):
        n = len(self.correct_indices)
        if self.type == "single" and n != 1:
            raise ValueError(f"a 'single' question needs exactly one correct option, found {n}")
        if self.type == "multiple" and n == 0:
            raise ValueError("a 'multiple' question needs at least one correct option, found 0")
        _distinct_texts(self.options)
        if sum(o.pin == "last" for o in self.options) > 1:
            raise ValueError("only one option can be pinned last")
        return self


class SingleAnswer(_Choice):
    """Exactly one option is correct."""

    type: Literal["single"]


class MultipleAnswers(_Choice):
    """One or more options are correct; the student must tick exactly those."""

    type: Literal["multiple"]


class NumericFeedback(_Strict):
    correct: NonEmpty
    too_low: NonEmpty
    too_high: NonEmpty


SLIP_MIN_WORDS = 6


class Slip(_Strict):
    """A wrong value that a predictable slip produces, with the explanation of that slip."""

    answer: Annotated[float, Field(allow_inf_nan=False)]
    tolerance: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.0
    feedback: NonEmpty

    @model_validator(mode="after")
    def _check_feedback(self):
        if len(self.feedback.split()) < SLIP_MIN_WORDS:
            raise ValueError(
                f"the feedback of the slip {self.answer:g} needs at least {SLIP_MIN_WORDS} words "
                f"explaining the slip, found {len(self.feedback.split())}"
            )
        return self

    def matches(self, value: float) -> bool:
        return abs(value - self.answer) <= self.tolerance + 1e-12


class Numeric(_Question):
    """A number, accepted within ``tolerance`` of ``answer``; ``slips`` explain predictable errors."""

    type: Literal["numeric"]
    answer: Annotated[float, Field(allow_inf_nan=False)]
    tolerance: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    unit: str = ""
    feedback: NumericFeedback
    slips: list[Slip] = []

    @model_validator(mode="after")
    def _check_slips(self):
        bands = [("the correct answer", self.answer, self.tolerance)]
        for k, slip in enumerate(self.slips):
            for name, value, tol in bands:
                if abs(slip.answer - value) <= slip.tolerance + tol + 1e-12:
                    raise ValueError(
                        f"slips.{k}: the slip {slip.answer:g} ± {slip.tolerance:g} overlaps {name} "
                        f"{value:g} ± {tol:g}; a value cannot be both"
                    )
            bands.append((f"slip {slip.answer:g}", slip.answer, slip.tolerance))
        return self


Question = Annotated[SingleAnswer | MultipleAnswers | Numeric, Field(discriminator="type")]


class QuizBank(_Strict):
    """A validated bank: a title and its questions, in order."""

    title: NonEmpty
    questions: Annotated[list[Question], Field(min_length=1)]
    source: str = Field(default="", exclude=True)
    name: str = Field(default="", exclude=True)  # the file's stem: seeds the option order
    _orders: dict[str, list[int]] | None = PrivateAttr(default=None)

    def question(self, qid: str):
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def display_order(self, question) -> list[int]:
        """Option indices of a choice question in the order students see them, in the widget
        and the book.

        Deterministic: seeded by the bank's name and the question's id, so every build and every
        kernel shows the same order. Options pinned ``last`` stay last. In single-answer questions
        the right answer is spread evenly over the positions within the bank; other options are
        shuffled. Worked out once for the whole bank, on first use.
        """
        if self._orders is None:
            self._orders = _display_orders(self)
        return list(self._orders[question.id])


def _distinct_texts(options: list[Option]) -> None:
    seen = set()
    for o in options:
        if o.text in seen:
            raise ValueError(f"option text appears twice: {o.text!r}")
        seen.add(o.text)


def grade_choice(question: SingleAnswer | MultipleAnswers, chosen: set[int] | frozenset[int]) -> bool:
    """True when the chosen option indices are exactly the correct ones."""
    return frozenset(chosen) == question.correct_indices


def grade_numeric(question: Numeric, value: float) -> str:
    """``'correct'``, ``'too_low'`` or ``'too_high'`` for a numeric answer (slips aside)."""
    if abs(value - question.answer) <= question.tolerance + 1e-12:
        return "correct"
    return "too_low" if value < question.answer else "too_high"


def matching_slip(question: Numeric, value: float) -> Slip | None:
    """The first of the question's slips whose band holds ``value`` (never a correct value)."""
    if grade_numeric(question, value) == "correct":
        return None
    return next((slip for slip in question.slips if slip.matches(value)), None)


def _question_id(raw, index: int) -> str:
    if isinstance(raw, dict) and raw.get("id"):
        return str(raw["id"]).strip()  # as validated: ids are compared without outer spaces
    return f"#{index + 1} (no id)"


def parse_bank(data, source: str = "<string>", name: str = "") -> QuizBank:
    """Validate already-parsed YAML data; ``source`` names the file in errors."""
    if not isinstance(data, dict):
        raise QuizBankError(f"{source}: the bank must be a mapping with 'title' and 'questions'")
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list):
        raise QuizBankError(f"{source}: 'questions' must be a list of questions")

    seen: dict[str, int] = {}
    validator = TypeAdapter(Question)
    for i, raw in enumerate(raw_questions):
        qid = _question_id(raw, i)
        if isinstance(raw, dict) and raw.get("type") not in QUESTION_TYPES:
            raise QuizBankError(
                f"{source}: question '{qid}': unknown type {raw.get('type')!r}; "
                f"allowed types are {', '.join(QUESTION_TYPES)}"
            )
        if qid in seen:
            raise QuizBankError(f"{source}: question '{qid}': duplicate id (also question #{seen[qid] + 1})")
        seen[qid] = i
        try:
            validator.validate_python(raw)
        except ValidationError as exc:
            raise QuizBankError(f"{source}: question '{qid}': {_describe(exc)}") from None
    try:
        return QuizBank(**data, source=source, name=name or Path(source).stem)
    except ValidationError as exc:
        raise QuizBankError(f"{source}: {_describe(exc)}") from None
    except TypeError as exc:  # e.g. a non-string key
        raise QuizBankError(f"{source}: {exc}") from None


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        # Drop the union tag ('single', 'numeric', ...) from the location.
        loc = [str(p) for p in err["loc"] if p not in QUESTION_TYPES]
        where = ".".join(loc)
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "field required"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field"
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)


def load_bank(path_or_name: str | Path) -> QuizBank:
    """Load a bank by path, or by name from the package's ``banks/`` folder (``"ch01"``)."""
    path = Path(path_or_name)
    if not path.suffix:
        path = BANK_DIR / f"{path_or_name}.yml"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        known = ", ".join(bank_names())
        raise QuizBankError(f"{path}: no such question bank (the course's banks: {known})") from None
    except OSError as exc:
        raise QuizBankError(f"{path}: cannot be read: {exc.strerror}") from None
    text = _utf8_text(raw, path)
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise QuizBankError(f"{path}: not valid YAML{where}: {problem}") from None
    return parse_bank(data, source=str(path), name=path.stem)


def _utf8_text(raw: bytes, path: Path) -> str:
    """The file's text; a bank in any encoding other than UTF-8 is refused, saying how to fix it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise QuizBankError(f"{path}: saved as UTF-16; save the question bank as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise QuizBankError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); it may have been "
            "saved as Latin-1 or Windows-1252: save the question bank as UTF-8"
        ) from None


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML loading that refuses a key given twice in one mapping (YAML would keep the last)."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: let the normal constructor report it
                break
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"the key {key!r} appears twice (first on line {first}); "
                    "YAML would silently keep only the last",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


# --- The order in which options are shown ---------------------------------------------


def _seed(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("/".join(parts).encode("utf-8")).digest()[:8], "big")


def _display_orders(bank: QuizBank) -> dict[str, list[int]]:
    """Every choice question's display order (see :meth:`QuizBank.display_order`)."""
    orders: dict[str, list[int]] = {}
    used: dict[int, int] = {}  # display position -> single-answer questions whose answer sits there
    for q in bank.questions:
        if q.type == "numeric":
            continue
        rng = random.Random(_seed(bank.name, q.id))
        pinned = [i for i, o in enumerate(q.options) if o.pin == "last"]
        free = [i for i in range(len(q.options)) if i not in pinned]
        rng.shuffle(free)
        if q.type == "single" and (answer := min(q.correct_indices)) in free:
            # Balance where right answers sit: put this one at the least-used position so far
            # (ties broken by the question's own seed), so that no position gives it away.
            free.remove(answer)
            slots = range(len(free) + 1)
            least = min(used.get(p, 0) for p in slots)
            candidates = [p for p in slots if used.get(p, 0) == least]
            position = candidates[rng.randrange(len(candidates))]
            free.insert(position, answer)
            used[position] = used.get(position, 0) + 1
        orders[q.id] = free + pinned
    return orders


# --- Feedback shared by the live widget and the static HTML --------------------------

CHOOSE_FIRST = "Choose an answer first."
TYPE_FIRST = "Type a number first."
# The only line shown for a question checked with no answer: no verdict (✔ or ✘) goes with it.
UNANSWERED = frozenset({CHOOSE_FIRST, TYPE_FIRST})
_BLANK = re.compile(r"[ \t\u00a0\u202f]*")  # the spaces the number rule ignores (quiz_numbers)
TICK_ALL = "(tick all that apply)"
MISSING_OPTIONS = "Everything you ticked is right, but at least one more option is also correct."
ALSO_MISSED = "You also left out at least one right option."


def choice_feedback(question: SingleAnswer | MultipleAnswers, chosen, order=None) -> tuple[bool, list[str]]:
    """Whether ``chosen`` (option indices) is right, and the feedback lines to show.

    Each chosen option's own feedback is shown, in ``order`` (the display order) when given.
    For a 'multiple' question that is not right, a last line says when right options were
    left out (without naming them): after only right ticks, or after a mix of right and wrong.
    """
    chosen = set(chosen)
    if not chosen:
        return False, [CHOOSE_FIRST]
    ok = grade_choice(question, chosen)
    ordered = [i for i in (order or range(len(question.options))) if i in chosen]
    lines = [question.options[i].feedback for i in ordered]
    if question.type == "multiple" and not ok and not question.correct_indices <= chosen:
        lines.append(MISSING_OPTIONS if chosen < question.correct_indices else ALSO_MISSED)
    return ok, lines


def prompt_with_hint(question) -> str:
    """The prompt, with "(tick all that apply)" added to multiple-answer questions that lack it."""
    if question.type == "multiple" and "all that apply" not in question.prompt.lower():
        return f"{question.prompt} *{TICK_ALL}*"
    return question.prompt


def is_unanswered(ok: bool, lines: list[str]) -> bool:
    """True for the feedback of a question checked with no answer (shown without a verdict)."""
    return not ok and len(lines) == 1 and lines[0] in UNANSWERED


def numeric_feedback(question: Numeric, raw: str) -> tuple[bool, list[str]]:
    """Whether the typed answer is right, and the feedback line to show.

    Right: the ``correct`` feedback. Otherwise the feedback of the slip the value matches, if
    any, else the neutral ``too_low`` or ``too_high``. An empty box asks for a number.
    """
    if _BLANK.fullmatch(str(raw)):
        return False, [TYPE_FIRST]
    try:
        value = parse_number(raw)
    except NumberInputError as exc:
        return False, [str(exc)]
    verdict = grade_numeric(question, value)
    if verdict != "correct" and (slip := matching_slip(question, value)):
        return False, [slip.feedback]
    return verdict == "correct", [getattr(question.feedback, verdict)]
