"""The review server under hostile input and crashes: every page case one clear gr.Error (no traceback, no
OverflowError), the store untouched by a refused request; two servers on one store; slowed failed logins."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("gradio_client")
from gradio_client.exceptions import AppError  # noqa: E402

from mtedit import heartbeat  # noqa: E402
from mtedit.store import ReviewStore  # noqa: E402
from mtedit.types import Document  # noqa: E402
from mtedit.ui import live  # noqa: E402
from mtedit.ui.login import slow_login  # noqa: E402
from test_store import make_results  # noqa: E402
from test_ui_api import add_job, client, serve  # noqa: E402


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("hostile-ui"))


@pytest.fixture(scope="module")
def tab(served):
    return client(served[0])


# (case, endpoint, value, message fragment); each runs on a tab that has a job open at sentence 1
PAGE_CASES = [
    ("goto inf", "/goto", "inf", "not a sentence number"),
    ("goto 1e400", "/goto", "1e400", "not a sentence number"),
    ("goto -1", "/goto", "-1", "not a sentence number"),
    ("goto 1.5", "/goto", "1.5", "not a sentence number"),
    ("goto nan", "/goto", "nan", "not a sentence number"),
    ("open_job 1e23", "/open_job", "1e23", "not a job number"),
    ("open_job 2**64", "/open_job", str(2**64), "not a job number"),
    ("open_job inf", "/open_job", "inf", "not a job number"),
    ("open_job -3", "/open_job", "-3", "not a job number"),
    ("open_job missing", "/open_job", "123456", "no job 123456"),
    ("edit of 50 MB", "/edit", "x" * 50_000_000, "longer than any sentence"),
    ("edit of 30,000 characters", "/edit", "word " * 6_000, "longer than any sentence"),
    ("empty edit", "/edit", "   ", "needs the editor's text"),
]


@pytest.mark.parametrize(("case", "endpoint", "value", "fragment"), PAGE_CASES, ids=[c[0] for c in PAGE_CASES])
def test_hostile_page_input(served, tab, case, endpoint, value, fragment):
    store = served[1]
    job = add_job(store, make_results())
    tab.predict(job, api_name="/open_job")
    before = (store.job_stamp(job), store.finals(job), len(store.events(job)))
    with pytest.raises(AppError, match=fragment) as caught:
        tab.predict(value, api_name=endpoint)
    assert "Traceback" not in str(caught.value) and "Overflow" not in str(caught.value)
    assert (store.job_stamp(job), store.finals(job), len(store.events(job))) == before
    view = tab.predict(api_name="/next")  # the tab still works
    assert 'data-index="1"' in view[3]


def test_a_huge_job_number_in_the_address_opens_nothing(tmp_path):
    from mtedit.ui.session import job_from_query

    store = ReviewStore(tmp_path / "r.sqlite")
    for raw in ("99999999999999999999", "1" * 400, "0"):
        assert job_from_query(store, {"job": raw}) is None


# ---- two servers, one store ------------------------------------------------------------------------------
def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "review.sqlite")


def _running(store: ReviewStore, owner: str | None, beat: float | None) -> int:
    job = store.create_job(Document(name="story", segments=tuple(r.segment for r in make_results())), "apertium",
                           "sig")
    if owner is not None:
        store.claim_job(job, owner, beat)
    return job


HOST = socket.gethostname()


@pytest.mark.parametrize(("case", "owner", "age", "starting", "interrupted"), [
    ("another live server's job, at its start", lambda: f"{HOST}:{os.getppid()}:abcd", 1.0, True, False),
    ("another live server's job, at a beat", lambda: f"{HOST}:{os.getppid()}:abcd", 1.0, False, False),
    ("a server on another host that beats", lambda: "elsewhere:1:abcd", 5.0, False, False),
    ("an owner that stopped beating", lambda: f"{HOST}:{os.getppid()}:abcd", 600.0, False, True),
    ("another host that stopped beating", lambda: "elsewhere:1:abcd", 600.0, False, True),
    ("an owner whose process is gone", lambda: f"{HOST}:{_dead_pid()}:abcd", 1.0, False, True),
    ("no owner (an older mtedit), at a server start", lambda: None, None, True, True),
    ("no owner, at a beat", lambda: None, None, False, False),
    ("this process's own job, at a beat", heartbeat.process_owner, 1.0, False, False),
])
def test_which_running_jobs_count_as_interrupted(store, case, owner, age, starting, interrupted):
    job = _running(store, owner(), None if age is None else time.time() - age)
    assert heartbeat.interrupt_orphans(store, starting=starting) == ([job] if interrupted else [])
    assert store.job_info(job).status == ("interrupted" if interrupted else "running")


def test_a_second_server_leaves_a_live_job_alone_and_its_beat_keeps_it(store):
    job = _running(store, f"{HOST}:{os.getppid()}:abcd", time.time() - 50)
    assert live.recover(store) == []  # a second server starting
    store.beat(f"{HOST}:{os.getppid()}:abcd", time.time())  # the first server's next beat
    assert heartbeat.interrupt_orphans(store, now=lambda: time.time() + 30) == []
    assert heartbeat.interrupt_orphans(store, now=lambda: time.time() + heartbeat.STALE_SECONDS + 1) == [job]


@pytest.mark.skipif(__import__("shutil").which("apertium") is None, reason="needs apertium")
def test_continue_takes_a_job_whose_server_died_without_a_server_start(tmp_path, capsys):
    from mtedit.cli import main
    from mtedit.config import load_config
    from mtedit.io import document_from_text
    from test_ui_api import CONFIG

    (tmp_path / "mtedit.toml").write_text(CONFIG.replace('kind = "apertium"', 'kind = "apertium"\nbatch_size = 1'),
                                          encoding="utf-8")
    config = load_config(tmp_path / "mtedit.toml")
    store = ReviewStore(tmp_path / "review.sqlite")
    document = document_from_text("The dog eats. The cat sleeps.\n\nThe man reads.",
                                  source="El perro come. El gato duerme.\n\nEl hombre lee.", name="story")
    runner = live.load_runner(config, "apertium")
    job = live.start_job(store, runner, document)
    run = live.fill_job(store, runner, job, document.segments)
    next(run)  # one sentence stored; `run` stays referenced, as in a server killed mid-job
    store.decide(job, 0, "edit", "Edited before the crash.")
    store.claim_job(job, f"{HOST}:{_dead_pid()}:dead", time.time())  # its server was killed
    argv = ["continue", str(job), "--config", str(tmp_path / "mtedit.toml"), "--store", str(store.path)]
    assert store.job_info(job).status == "running"
    assert main(argv) == 0, capsys.readouterr().err
    rows = store.load_job(job).rows
    assert store.job_info(job).status == "done" and len(rows) == 3
    assert (rows[0].status, rows[0].final) == ("edited", "Edited before the crash.")


# ---- logins ----------------------------------------------------------------------------------------------
def test_wrong_passwords_are_slowed_and_serialised_a_right_one_is_not():
    check = slow_login("desk", "s3cret", delay=0.2)

    async def attempts() -> tuple[list[bool], float, bool, float]:
        started = time.perf_counter()
        wrong = await asyncio.gather(*(check("desk", f"guess{i}") for i in range(4)))
        wrong_time = time.perf_counter() - started
        started = time.perf_counter()
        right = await check("desk", "s3cret")
        return list(wrong), wrong_time, right, time.perf_counter() - started

    wrong, wrong_time, right, right_time = asyncio.run(attempts())
    assert wrong == [False] * 4 and wrong_time >= 0.75  # four guesses, one at a time
    assert right is True and right_time < 0.1
    assert asyncio.run(check("nobody", "s3cret")) is False


def test_the_page_login_uses_the_slowed_check(tmp_path, monkeypatch):
    import httpx

    from mtedit.config import load_config
    from mtedit.ui import login
    from mtedit.ui.app import launch
    from test_ui_api import CONFIG, free_port

    monkeypatch.setattr(login, "FAILED_LOGIN_DELAY", 0.5)
    (tmp_path / "mtedit.toml").write_text(CONFIG, encoding="utf-8")
    demo = launch(load_config(tmp_path / "mtedit.toml"), ReviewStore(tmp_path / "r.sqlite"), port=free_port(),
                  auth=("desk", "s3cret"), prevent_thread_lock=True, quiet=True)
    try:
        started = time.perf_counter()
        wrong = httpx.post(demo.local_url + "login", data={"username": "desk", "password": "nope"}, timeout=30)
        slow = time.perf_counter() - started
        right = httpx.post(demo.local_url + "login", data={"username": "desk", "password": "s3cret"}, timeout=30)
    finally:
        demo.close()
    assert wrong.status_code == 400 and slow >= 0.5
    assert right.status_code == 200
