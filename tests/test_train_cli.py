"""`mtedit train` command wiring: handlers registered, bad input becomes a one-line error and exit code."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from mtedit.errors import ConfigError, InputError
from mtedit.train.cli import cmd_data, cmd_export, main, register


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


@pytest.mark.parametrize(
    ("argv", "handler"),
    [(["train", "data", "--config", "c.toml"], cmd_data),
     (["train", "export", "--checkpoint", "x.pt", "--out", "m"], cmd_export)],
)
def test_register_sets_handlers(argv, handler):
    assert _parse(argv).handler is handler


@pytest.mark.parametrize(
    ("argv", "error", "match"),
    [(["train"], InputError, "--config"),
     (["train", "--config", "missing.toml"], ConfigError, "not found"),
     (["train", "data", "--config", "missing.toml"], ConfigError, "not found"),
     (["train", "export", "--checkpoint", "missing.pt", "--out", "m"], InputError, "not found")],
)
def test_bad_input_raises_mtedit_errors(argv, error, match, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = _parse(argv)
    with pytest.raises(error, match=match):
        args.handler(args)


def test_main_maps_errors_to_exit_codes(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.toml").write_text('name = "x"\n[data]\nroot = "nowhere"\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["train", "data", "--config", "c.toml"])
    assert exc.value.code == InputError.exit_code
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: data folder") and "\n" not in err
