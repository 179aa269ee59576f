"""The review page through its API: gradio_client against an app launched on 127.0.0.1 and a free port."""

from __future__ import annotations

import re
import socket
from dataclasses import replace
from pathlib import Path

import pytest

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import Client  # noqa: E402
from gradio_client.exceptions import AppError  # noqa: E402

from mtedit.config import load_config  # noqa: E402
from mtedit.score import word_diff  # noqa: E402
from mtedit.store import ReviewStore  # noqa: E402
from mtedit.types import Document, Flag, GateVerdict, Segment, SegmentResult, Span  # noqa: E402
from test_store import DRAFTS, FIXES, make_results  # noqa: E402

# view outputs: title, counters, table, current, edit text, page, job
TABLE, CURRENT, EDIT, PAGE, JOB = 2, 3, 4, 5, 6

STORY_ES = ("El ministro llegó a Madrid el lunes. Dijo que la economía crece.\n\n"
            "La coalición tiene 63 países. Efe informó de la reunión.")
STORY_EN = ("The minister arrived to Madrid the Monday. He said that the economy grows.\n\n"
            "The coalition has 63 countries. Efe he reported of the meeting.")
CONFIG = """
default_engine = "apertium"
[engines.apertium]
kind = "apertium"
[engines.absent]
kind = "seq2seq"
model = "no-such-model-folder"
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def add_job(store: ReviewStore, results: list[SegmentResult], name: str = "story.txt") -> int:
    job = store.create_job(Document(name=name, segments=tuple(r.segment for r in results)), "apertium", "sig")
    store.add_results(job, results)
    store.finish_job(job)
    return job


def wait_done(store: ReviewStore, job: int, seconds: float = 60.0) -> None:
    """Wait until the server's worker has finished computing `job`."""
    import time

    end = time.monotonic() + seconds
    while store.job_info(job).status == "running" and time.monotonic() < end:
        time.sleep(0.1)
    assert store.job_info(job).status == "done"


def many_results(n: int) -> list[SegmentResult]:
    out = []
    for i in range(n):
        draft = f"Sentence {i} of the story."
        fix = f"Sentence {i} in the story." if i % 3 == 0 else draft
        out.append(SegmentResult(Segment(f"s{i}", draft, paragraph=i // 5), fix, fix, fix != draft,
                                 GateVerdict(fix != draft, "t"), "sig", diff=word_diff(draft, fix)))
    return out


def serve(folder: Path):
    """Launch the review app over a fresh store in `folder`; yields (url, store), closes the app after."""
    from mtedit.ui.app import build_app

    (folder / "mtedit.toml").write_text(CONFIG, encoding="utf-8")
    store = ReviewStore(folder / "review.sqlite")
    demo = build_app(load_config(folder / "mtedit.toml"), store)
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True, quiet=True)
    try:
        yield demo.local_url, store
    finally:
        demo.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("ui"))


def client(url: str) -> Client:
    return Client(url, verbose=False)


def test_decisions_are_stored_and_seen_by_a_new_session(served):
    url, store = served
    job = add_job(store, make_results())
    a = client(url)
    view = a.predict(job, api_name="/open_job")
    assert 'data-index="0"' in view[CURRENT] and view[EDIT] == FIXES[0]
    view = a.predict(api_name="/approve")  # approves sentence 1, moves on to sentence 2
    assert 'data-index="1"' in view[CURRENT]
    view = a.predict("EFE reported it.", api_name="/edit")
    assert "<b>1</b> approved" in view[1] and "<b>1</b> edited" in view[1]
    b = client(url)  # a reload: a new session sees the same job exactly
    table = b.predict(job, api_name="/open_job")[TABLE]
    assert "approved fix" in table and "reported it." in table
    assert store.finals(job)[:2] == [FIXES[0], "EFE reported it."]
    assert [e.action for e in store.events(job)] == ["approve", "edit"]


def test_two_tabs_do_not_overwrite_each_other(served):
    url, store = served
    job = add_job(store, make_results())
    a, b = client(url), client(url)
    for tab in (a, b):
        tab.predict(job, api_name="/open_job")
        tab.predict("2", api_name="/goto")
    a.predict(api_name="/keep")
    for _ in range(2):  # b still saw version 0: refused every time, re-selecting the row included
        view = b.predict(api_name="/approve")
        row = store.load_job(job).rows[2]
        assert (row.status, row.final, row.version) == ("kept", DRAFTS[2], 1)
        assert "kept draft" in view[CURRENT]
        b.predict("2", api_name="/goto")
    b.predict(api_name="/seen")  # b has looked at version 1
    b.predict(api_name="/approve")
    assert store.load_job(job).rows[2].status == "approved"


def test_filter_and_paging_keep_pages_small(served):
    url, store = served
    job = add_job(store, many_results(60))
    c = client(url)
    view = c.predict(job, api_name="/open_job")
    assert view[TABLE].count('class="mt-row') == 25 and "Page 1 of 3" in view[PAGE]
    view = c.predict(api_name="/next_page")
    assert "Page 2 of 3" in view[PAGE] and 'data-index="25"' in view[CURRENT]
    view = c.predict("changed", api_name="/filter")
    assert view[TABLE].count('class="mt-row') == 20 and "Page 1 of 1" in view[PAGE]
    view = c.predict(api_name="/next")
    assert 'data-index="30"' in view[CURRENT]  # changed ones only: 27 then 30
    view = c.predict(api_name="/approve_all")  # the engine changed 20: approved fixes; the rest keep their draft
    assert "<b>0</b> pending" in view[1] and "<b>20</b> approved" in view[1] and "<b>40</b> kept draft" in view[1]


def table_order(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr class="mt-row[^"]*" data-index="(\d+)"', html)]


def cursor_of(view: list) -> int:
    return int(re.search(r'id="mt-current" data-index="(\d+)"', view[CURRENT])[1])


def test_riskiest_first_ordering_with_cursor_filter_and_back(served):
    url, store = served
    risks = [0.2, 0.9, 0.2, 0.5, 0.9, 0.0]
    job = add_job(store, [replace(r, risk=k) for r, k in zip(many_results(6), risks)])
    c = client(url)
    view = c.predict(job, api_name="/open_job")
    assert table_order(view[TABLE]) == [0, 1, 2, 3, 4, 5] and "Paragraph 1" in view[TABLE]
    view = c.predict("risk", api_name="/sort")
    assert table_order(view[TABLE]) == [1, 4, 3, 0, 2, 5]  # risk descending, ties by index
    assert "Paragraph" not in view[TABLE] and "¶ 2" in view[TABLE] and "riskiest first" in view[PAGE]
    assert cursor_of(view) == 1
    steps = [("/next", 4), ("/next", 3), ("/previous", 4), ("/approve", 3), ("/keep", 0)]
    for api, expected in steps:  # j/k and approve's move on follow the displayed order
        assert cursor_of(c.predict(api_name=api)) == expected
    view = c.predict("pending", api_name="/filter")
    assert table_order(view[TABLE]) == [1, 0, 2, 5] and cursor_of(view) == 0
    assert cursor_of(c.predict(api_name="/next")) == 2
    view = c.predict("reading", api_name="/sort")
    assert table_order(view[TABLE]) == [0, 1, 2, 5] and cursor_of(view) == 0 and "Paragraph 1" in view[TABLE]
    with pytest.raises(AppError, match="loudest"):  # refused by the Radio itself
        c.predict("loudest", api_name="/sort")


def test_riskiest_first_pages_and_reopens_in_that_order(served):
    url, store = served
    results = [replace(r, risk=(i * 7 % 60) / 60) for i, r in enumerate(many_results(60))]
    job = add_job(store, results)
    ranked = [r.segment.id for r in sorted(results, key=lambda r: (-r.risk, int(r.segment.id[1:])))]
    c = client(url)
    c.predict(job, api_name="/open_job")
    view = c.predict("risk", api_name="/sort")
    assert table_order(view[TABLE]) == [int(s[1:]) for s in ranked[:25]] and "Page 1 of 3" in view[PAGE]
    view = c.predict(api_name="/next_page")
    assert cursor_of(view) == int(ranked[25][1:]) and "Page 2 of 3" in view[PAGE]
    store.decide(job, int(ranked[0][1:]), "approve")
    view = c.predict(job, api_name="/open_job")  # the tab keeps its order: the first pending in it
    assert cursor_of(view) == int(ranked[1][1:]) and table_order(view[TABLE])[0] == int(ranked[0][1:])


def test_flag_spans_are_highlighted_on_the_page(served):
    url, store = served
    draft = fix = "Chirac said <b>2.200</b> & more."
    flag = Flag("name", "error", "'Chirac' <not> in the source", "fix", Span(0, 6))
    res = SegmentResult(Segment("s0", draft), draft, fix, False, GateVerdict(False, "same"), "sig", flags=(flag,))
    view = client(url).predict(add_job(store, [res]), api_name="/open_job")
    mark = ('<mark class="mt-span mt-span-error" title="name: &#x27;Chirac&#x27; &lt;not&gt; in the source">'
            'Chirac</mark> said &lt;b&gt;2.200&lt;/b&gt; &amp; more.')
    assert mark in view[TABLE] and mark in view[CURRENT]


def test_hostile_text_is_shown_as_text(served):
    url, store = served
    draft = "He wrote <script>alert(1)</script> & <b>bold</b>."
    res = SegmentResult(Segment("s0", draft), draft, draft, False, GateVerdict(False, "same"), "sig")
    job = add_job(store, [res])
    view = client(url).predict(job, api_name="/open_job")
    for html in (view[TABLE], view[CURRENT]):
        assert "<script>" not in html and "<b>bold" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize(("args", "api", "match"), [
    ((99999,), "/open_job", "no job 99999"),
    (("",), "/edit", "no job open"),
    (("", "", None, "apertium"), "/run", "nothing to review"),
    (("A draft.", "", None, "absent"), "/run", "not usable here"),
])
def test_user_errors_are_one_line_messages(served, args, api, match):
    url, _ = served
    with pytest.raises(AppError, match=match):
        client(url).predict(*args, api_name=api)


def test_run_with_apertium_then_export(served):
    url, store = served
    c = client(url)
    first = c.predict(STORY_EN, STORY_ES, None, "apertium", api_name="/run")
    # the job is shown as soon as it exists; the server's worker computes it
    assert "running: 0 of 4" in first[0] and "Computing the first of 4 sentences" in first[TABLE]
    job = int(float(first[JOB]))
    wait_done(store, job)
    info = store.job_info(job)
    assert (info.status, info.stored, info.total) == ("done", 4, 4)
    view = c.predict(api_name="/tick")  # the tab's timer brings the computed sentences
    assert "Paragraph 2" in view[TABLE] and "El ministro" in view[TABLE] and "running" not in view[0]
    assert len(store.kept_inputs(job)) == 4  # kept, so an interrupted run could be continued
    c.predict(api_name="/approve")
    path = Path(c.predict("txt", api_name="/export"))
    text = path.read_text(encoding="utf-8")
    assert text.count("\n\n") == 1  # paragraphs kept
    assert text.startswith(store.load_job(job).rows[0].result.fix)
    assert text.rstrip().endswith("Efe he reported of the meeting.")  # still pending: the draft


def test_reopening_starts_at_the_first_pending_sentence(served):
    url, store = served
    job = add_job(store, make_results())
    store.decide(job, 0, "approve")
    store.decide(job, 1, "keep")
    view = client(url).predict(job, api_name="/open_job")
    assert 'data-index="2"' in view[CURRENT] and view[EDIT] == FIXES[2]


@pytest.mark.parametrize(("value", "expected"), [
    (None, None), ("ed:secret", ("ed", "secret")), ("ed:pa:ss", ("ed", "pa:ss")),
    ("nocolon", "InputError"), (":secret", "InputError"), ("ed:", "InputError"),
])
def test_serve_auth_argument(value, expected):
    from mtedit.errors import InputError
    from mtedit.ui.commands import parse_auth

    if expected == "InputError":
        with pytest.raises(InputError, match="USER:PASSWORD"):
            parse_auth(value)
    else:
        assert parse_auth(value) == expected


def test_serve_binds_localhost_by_default():
    from mtedit.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.auth) == ("127.0.0.1", 7860, None)
