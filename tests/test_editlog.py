"""The JSONL edit log: records, torn lines, resume checks."""

from __future__ import annotations

import json

import pytest

from mtedit.editlog import EditLogWriter, read_edit_log, result_record
from mtedit.errors import InputError
from mtedit.score import word_diff
from mtedit.types import Flag, GateVerdict, Segment, SegmentResult, Span

SEGMENTS = [Segment(id=f"p1s{i}", draft=f"draft {i}", source=f"fuente {i}") for i in range(3)]


def _result(seg: Segment, fix: str) -> SegmentResult:
    return SegmentResult(
        segment=seg, proposal=fix, fix=fix, changed=fix != seg.draft,
        verdict=GateVerdict(True, "fix-better:+0.50>=0.10", -1.5, -1.0), signature="engine:x|mtedit:0.1.0",
        flags=(Flag("number-missing", "error", "8,000 missing", "fix", Span(0, 5)),), diff=word_diff(seg.draft, fix),
    )


def test_record_has_the_fields_an_editor_needs():
    record = result_record(_result(SEGMENTS[0], "fixed 0"), index=0)
    assert record["index"] == 0 and record["id"] == "p1s0"
    assert (record["source"], record["draft"], record["fix"], record["changed"]) == ("fuente 0", "draft 0", "fixed 0", True)
    assert record["flags"] == [{"kind": "number-missing", "severity": "error", "message": "8,000 missing",
                                "side": "fix", "span": {"start": 0, "end": 5}}]
    assert record["diff"] == [["replace", "draft", "fixed"]]
    assert record["signature"].endswith("mtedit:0.1.0")
    json.dumps(record)


def test_resume_keeps_finished_records_and_drops_a_torn_line(tmp_path):
    log = tmp_path / "x.log.jsonl"
    with EditLogWriter(log, SEGMENTS) as writer:
        writer.write([result_record(_result(SEGMENTS[0], "fixed 0"), index=0)])
        writer.write([result_record(_result(SEGMENTS[1], "fixed 1"), index=1)])
    with log.open("a", encoding="utf-8") as handle:
        handle.write('{"index": 2, "draft": "dra')  # a crash mid-write
    with EditLogWriter(log, SEGMENTS, resume=True) as writer:
        assert sorted(writer.finished) == [0, 1]
        writer.write([result_record(_result(SEGMENTS[2], "fixed 2"), index=2)])
    assert [r["fix"] for r in read_edit_log(log)] == ["fixed 0", "fixed 1", "fixed 2"]


def test_resume_refuses_a_log_of_another_input(tmp_path):
    log = tmp_path / "x.log.jsonl"
    with EditLogWriter(log, SEGMENTS) as writer:
        writer.write([result_record(_result(SEGMENTS[0], "fixed 0"), index=0)])
    other = [Segment(id="p1s0", draft="something else")] + SEGMENTS[1:]
    with pytest.raises(InputError, match="different input"):
        EditLogWriter(log, other, resume=True)


def test_without_resume_an_old_log_is_replaced_by_the_first_new_record(tmp_path):
    log = tmp_path / "x.log.jsonl"
    old = '{"index": 0, "draft": "draft 0", "fix": "old"}\n'
    log.write_text(old, encoding="utf-8")
    with EditLogWriter(log, SEGMENTS) as writer:
        assert writer.finished == {}
    assert log.read_text(encoding="utf-8") == old  # a run that failed before any work loses nothing
    with EditLogWriter(log, SEGMENTS) as writer:
        writer.write([result_record(_result(SEGMENTS[1], "new 1"), index=1)])
    assert [r["fix"] for r in read_edit_log(log)] == ["new 1"]


def test_a_run_without_records_creates_no_log(tmp_path):
    log = tmp_path / "sub" / "x.log.jsonl"
    with EditLogWriter(log, SEGMENTS):
        pass
    assert not log.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('not json\n{"draft": "a", "fix": "b"}\n', "line 1: not valid JSON"),
        ('[1, 2]\n', "line 1: not an mtedit edit-log record"),
        ('{"draft": "a"}\n', "needs draft and fix"),
    ],
)
def test_damaged_logs_name_the_line(tmp_path, content, message):
    log = tmp_path / "bad.jsonl"
    log.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_edit_log(log)
