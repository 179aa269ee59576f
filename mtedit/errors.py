"""Errors raised by the library. Each message is one line that says what went wrong and what to do.

Only `mtedit.cli` turns these into exit codes and only `mtedit.ui` into `gr.Error`.
"""

from __future__ import annotations


class MteditError(Exception):
    """Base class: a user-facing problem with a one-line message."""

    exit_code = 1


class InputError(MteditError):
    """A file that cannot be read, is empty, binary, wrongly encoded or malformed."""

    exit_code = 2


class OutputError(MteditError):
    """An output file that cannot be written (missing folder, permissions, full disk)."""

    exit_code = 2


class AlignmentError(InputError):
    """Source and draft do not correspond (different paragraph or segment counts that cannot be aligned)."""


class ConfigError(MteditError):
    """A config file that is missing or malformed, or an unknown engine name."""

    exit_code = 3


class EngineUnavailable(MteditError):
    """An engine that cannot run here: model folder missing, apertium not installed, wrong mode."""

    exit_code = 4


class StoreError(MteditError):
    """The review store cannot be opened, or a decision conflicts with a newer one."""

    exit_code = 5


class ConflictError(StoreError):
    """Another session changed this segment since it was loaded."""


class BusyError(OutputError):
    """A file or port in use by another process (another run writing the same output, a server on the port)."""


class ExecutorError(MteditError):
    """The chosen executor cannot run or lost its workers: Ray not installed, cluster unreachable, run stopped."""

    exit_code = 6
