"""run_ahead: results in order, the next item's work running while the caller handles the current one."""

from __future__ import annotations

import threading

import pytest

from mtedit.ahead import run_ahead


def test_results_come_in_order():
    assert list(run_ahead(lambda x: x * x, range(5))) == [(i, i * i) for i in range(5)]
    assert list(run_ahead(lambda x: x, [])) == []


def test_the_next_item_is_worked_on_while_the_caller_handles_this_one():
    started = {i: threading.Event() for i in range(3)}

    def work(i: int) -> int:
        started[i].set()
        return i

    for i, _ in run_ahead(work, range(3)):
        if i < 2:
            assert started[i + 1].wait(timeout=10), f"item {i + 1} did not start while item {i} was handled"


def test_a_failure_comes_where_its_result_would_have():
    def work(i: int) -> int:
        if i == 2:
            raise KeyboardInterrupt
        return i

    seen = []
    with pytest.raises(KeyboardInterrupt):
        for i, _ in run_ahead(work, range(4)):
            seen.append(i)
    assert seen == [0, 1]
