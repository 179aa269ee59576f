"""The `mtedit` command line: the only place that turns MteditError into exit codes."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from mtedit import __version__
from mtedit.errors import MteditError
from mtedit.terminal import terminal_safe

#: Modules that add their own subcommands with `register(subparsers)`; each imports its heavy parts lazily.
COMMAND_MODULES = (
    "mtedit.commands.correct",
    "mtedit.commands.evaluate",
    "mtedit.commands.engines",
    "mtedit.train.cli",
    "mtedit.ui.commands",
    "mtedit.memory.cli",
)


class OneLineParser(argparse.ArgumentParser):
    """argparse whose errors are one line that says where to look, like every other mtedit error."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, terminal_safe(f"mtedit: error: {message}; see `{self.prog} --help`", one_line=True) + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="mtedit",
        description="Machine-translation post-editing for news desks: propose, check and review fixes of MT drafts.",
    )
    parser.add_argument("--version", action="version", version=f"mtedit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; MteditError becomes a one-line message and its exit code."""
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command != "download":  # model loading bars are noise beside mtedit's own progress
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(handler(args) or 0)
    except MteditError as exc:
        print(terminal_safe(f"mtedit: error: {exc}", one_line=True), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("mtedit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
