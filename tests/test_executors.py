"""Choosing the executor (config, flags), Ray missing, and the in-order writing of batches that finish out of order."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest

from mtedit.commands.batch import FileJob
from mtedit.config import parse_config
from mtedit.errors import ConfigError
from mtedit.executors.files import FileWork
from mtedit.executors.raydata import _InOrder
from mtedit.executors.settings import RaySettings, add_executor_arguments, executor_settings
from test_cli import archive, read_log, run, write_config  # noqa: F401  (archive is a fixture)

ENGINES = {"engines": {"a": {"kind": "apertium"}}}


def _flags(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_executor_arguments(parser)
    return parser.parse_args(list(argv))


def _settings(table: dict, *argv: str):
    return executor_settings(parse_config({**ENGINES, **table}, Path("mtedit.toml")), _flags(*argv))


@pytest.mark.parametrize(("table", "argv", "kind", "ray"), [
    ({}, [], "in-process", RaySettings()),
    ({}, ["--ray"], "ray", RaySettings()),
    ({}, ["--ray", "ray://head:10001", "--actors", "3"], "ray", RaySettings(address="ray://head:10001", actors=3)),
    ({"executor": "ray", "ray": {"address": "auto", "num_cpus": 2, "num_gpus": 0.5}}, [], "ray",
     RaySettings(address="auto", num_cpus=2.0, num_gpus=0.5)),
    ({"executor": "ray", "ray": {"address": "auto"}}, ["--ray"], "ray", RaySettings(address="auto")),
    ({"executor": "ray"}, ["--in-process"], "in-process", RaySettings()),
    ({}, ["--ray", "--actor-cpus", "4", "--actor-gpus", "1"], "ray", RaySettings(num_cpus=4.0, num_gpus=1.0)),
])
def test_the_command_line_overrides_the_config(table, argv, kind, ray):
    settings = _settings(table, *argv)
    assert (settings.kind, settings.ray) == (kind, ray)


@pytest.mark.parametrize(("table", "argv", "message"), [
    ({"executor": "spark"}, [], "executor = 'spark'; use one of"),
    ({"ray": {"adress": "auto"}}, [], r"unknown keys \['adress'\]"),
    ({"ray": {"actors": 1.5}}, [], "actors must be a int"),
    ({"ray": {"num_gpus": -1}}, [], "num_gpus must be at least 0"),
    ({}, ["--ray", "--actor-cpus", "0"], "needs num_cpus or num_gpus above 0"),
])
def test_bad_executor_settings_say_what_to_fix(table, argv, message):
    with pytest.raises(ConfigError, match=message):
        _settings(table, *argv)


def test_an_input_taken_for_the_address_is_caught(tmp_path, capsys, archive):  # noqa: F811
    code, _, err = run(capsys, "correct", "--config", write_config(tmp_path), "--ray", archive, archive)
    assert code == 2 and f"--ray took '{archive}' as the cluster's address; put --ray after the inputs" in err


def test_without_ray_installed_ray_says_how_to_get_it(monkeypatch, tmp_path, capsys, archive):  # noqa: F811
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    code, _, err = run(capsys, "correct", archive, "--config", write_config(tmp_path), "--ray", "-o",
                       tmp_path / "out.jsonl")
    assert code == 6
    assert err.strip().splitlines() == [
        'mtedit: error: --ray needs Ray: pip install "mtedit[ray]" (or run without --ray, or set executor = "in-process")']
    assert not (tmp_path / "out.jsonl").exists()


def test_batches_finishing_out_of_order_are_written_in_input_order(tmp_path, archive, tiny_marian_dir):  # noqa: F811
    from mtedit.config import load_config
    from mtedit.pipeline import correct, load_engine_by_name

    args = argparse.Namespace(input_format=None, format=None, resume=False, sort_risk=False)
    work = FileWork(FileJob(archive, None, tmp_path / "out.jsonl", tmp_path / "out.log.jsonl"), args)
    engine = load_engine_by_name(load_config(write_config(tmp_path, tiny_marian_dir)), "tiny-ape")
    order = _InOrder({0: work}, size=2)
    batches = order.batches(0)
    assert batches == [[0, 1], [2, 3], [4]]
    results = {b: list(correct([work.segments[i] for i in batch], engine)) for b, batch in enumerate(batches)}
    assert order.add(0, 2, results[2]) == 0 and not work.writer.finished  # waits for batches 0 and 1
    assert order.add(0, 0, results[0]) == 2 and not order.complete(0)
    assert order.add(0, 1, results[1]) == 3 and order.complete(0)
    work.finish(0.0)
    assert [r["index"] for r in read_log(tmp_path / "out.log.jsonl")] == [0, 1, 2, 3, 4]
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 5
    assert json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[4])["id"] == "n4"
