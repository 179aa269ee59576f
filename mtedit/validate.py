"""Numbers typed by a person (command-line options, page inputs) checked before any work starts.

Each check returns the value or raises InputError with one line saying what is accepted; the
`arg_*` wrappers are argparse `type=` functions built on the same checks.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from mtedit.errors import InputError

#: SQLite stores job ids as signed 64-bit integers; a larger number can name no job.
MAX_JOB_ID = 2**63 - 1


def _number(value: object, what: str) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"{what} must be a number, got {value!r}") from None
    return number


def whole_number(value: object, what: str, minimum: int, maximum: int = MAX_JOB_ID) -> int:
    """An integer in [minimum, maximum]; "12", 12 and 12.0 pass, "1e400", "inf", "1.5" and -1 do not."""
    refusal = InputError(f"{what} must be a whole number from {minimum} to {maximum}, got {value!r}")
    try:
        number = None if isinstance(value, float) else int(str(value).strip())
    except ValueError:
        number = None
    if number is None:
        real = _number(value, what)
        if not math.isfinite(real) or not real.is_integer():
            raise refusal
        number = int(real)
    if not minimum <= number <= maximum:
        raise refusal
    return number


def finite_number(value: object, what: str) -> float:
    """A finite float: "nan", "inf" and "1e400" are refused."""
    number = _number(value, what)
    if not math.isfinite(number):
        raise InputError(f"{what} must be a finite number, got {value!r}")
    return number


def fraction(value: object, what: str) -> float:
    """A finite float in [0, 1]."""
    number = finite_number(value, what)
    if not 0.0 <= number <= 1.0:
        raise InputError(f"{what} must be between 0 and 1, got {value!r}")
    return number


def job_number(value: object) -> int:
    """A job id: a whole number from 1 to the largest id the store can hold."""
    try:
        return whole_number(value, "job", 1, MAX_JOB_ID)
    except InputError:
        raise InputError(f"{value!r} is not a job number (a whole number from 1); `mtedit jobs` lists them") from None


def check_engine_numbers(values: dict[str, object]) -> None:
    """InputError for an engine setting out of range (a config's `batch_size = 0`, `margin = nan`)."""
    if "batch_size" in values:
        whole_number(values["batch_size"], "batch_size", 1, MAX_BATCH_SIZE)
    for key in ("beam", "nbest", "max_length"):
        if key in values:
            whole_number(values[key], key, 1, 1_000_000)
    if "margin" in values:
        finite_number(values["margin"], "margin")
    if values.get("max_change") is not None:
        fraction(values["max_change"], "max_change")


def _arg(check: Callable[[str], object]) -> Callable[[str], object]:
    def parse(text: str) -> object:
        try:
            return check(text)
        except InputError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = check.__name__  # argparse names the type in its own messages
    return parse


#: The most segments one model batch may hold (a larger batch only exhausts memory).
MAX_BATCH_SIZE = 4096

arg_batch_size = _arg(lambda text: whole_number(text, "the batch size", 1, MAX_BATCH_SIZE))
arg_margin = _arg(lambda text: finite_number(text, "the margin"))
arg_max_change = _arg(lambda text: fraction(text, "the share a fix may rewrite"))
arg_job = _arg(job_number)
arg_port = _arg(lambda text: whole_number(text, "the port", 1, 65535))
