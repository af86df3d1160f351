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
          - text: ...
            feedback: Why this is wrong ...   # every option explains itself
      - id: standard
        type: numeric
        prompt: What percentage ...?
        answer: 95
        tolerance: 0.5          # accepted if |given - answer| <= tolerance
        unit: "%"
        feedback:
          correct: ...
          too_low: ...
          too_high: ...

Any problem — bad YAML, an unknown type, no correct answer, a duplicate id, an option
without feedback — raises :class:`QuizBankError` naming the file, the question id and
the problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

BANK_DIR = Path(__file__).parent / "banks"

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


class Numeric(_Question):
    """A number, accepted within ``tolerance`` of ``answer``."""

    type: Literal["numeric"]
    answer: float
    tolerance: Annotated[float, Field(ge=0)]
    unit: str = ""
    feedback: NumericFeedback


Question = Annotated[Union[SingleAnswer, MultipleAnswers, Numeric], Field(discriminator="type")]


class QuizBank(_Strict):
    """A validated bank: a title and its questions, in order."""

    title: NonEmpty
    questions: Annotated[list[Question], Field(min_length=1)]
    source: str = Field(default="", exclude=True)

    def question(self, qid: str):
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


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
    """``'correct'``, ``'too_low'`` or ``'too_high'`` for a numeric answer."""
    if abs(value - question.answer) <= question.tolerance + 1e-12:
        return "correct"
    return "too_low" if value < question.answer else "too_high"


def _question_id(raw, index: int) -> str:
    if isinstance(raw, dict) and raw.get("id"):
        return str(raw["id"])
    return f"#{index + 1} (no id)"


def parse_bank(data, source: str = "<string>") -> QuizBank:
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
            raise QuizBankError(
                f"{source}: question '{qid}': duplicate id (also question #{seen[qid] + 1})"
            )
        seen[qid] = i
        try:
            validator.validate_python(raw)
        except ValidationError as exc:
            raise QuizBankError(f"{source}: question '{qid}': {_describe(exc)}") from None
    try:
        return QuizBank(**data, source=source)
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
    """Load a bank by path, or by name from the package's ``banks/`` folder (``"chapter01"``)."""
    path = Path(path_or_name)
    if not path.suffix:
        path = BANK_DIR / f"{path_or_name}.yml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuizBankError(f"{path}: no such question bank") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise QuizBankError(f"{path}: not valid YAML{where}: {problem}") from None
    return parse_bank(data, source=str(path))


# --- Feedback shared by the live widget and the static HTML --------------------------

def choice_feedback(question: SingleAnswer | MultipleAnswers, chosen) -> tuple[bool, list[str]]:
    """Whether ``chosen`` (option indices) is right, and the feedback lines to show.

    Each chosen option's own feedback is shown. For a 'multiple' question where every
    ticked option is right but some are missing, a line says so without naming them.
    """
    chosen = sorted(set(chosen))
    if not chosen:
        return False, [CHOOSE_FIRST]
    ok = grade_choice(question, chosen)
    lines = [question.options[i].feedback for i in chosen]
    if question.type == "multiple" and not ok and set(chosen) < question.correct_indices:
        lines.append(MISSING_OPTIONS)
    return ok, lines


CHOOSE_FIRST = "Choose an answer first."
TICK_ALL = "(tick all that apply)"


def prompt_with_hint(question) -> str:
    """The prompt, with "(tick all that apply)" added to multiple-answer questions that lack it."""
    if question.type == "multiple" and "all that apply" not in question.prompt.lower():
        return f"{question.prompt} *{TICK_ALL}*"
    return question.prompt
MISSING_OPTIONS = "Everything you ticked is right, but at least one more option is also correct."
NOT_A_NUMBER = "Enter a number, for example 12.5."


def numeric_feedback(question: Numeric, raw: str) -> tuple[bool, list[str]]:
    """Whether the typed answer is right, and the feedback line to show."""
    try:
        value = float(str(raw).strip().rstrip("%").replace(",", ""))
    except ValueError:
        return False, [NOT_A_NUMBER]
    verdict = grade_numeric(question, value)
    return verdict == "correct", [getattr(question.feedback, verdict)]
