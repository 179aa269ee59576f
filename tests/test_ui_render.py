"""Rendering of the review page: escaping, word-diff highlights, grouping, filters and counters."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from mtedit.errors import InputError
from mtedit.score import word_diff
from mtedit.store import ReviewRow
from mtedit.types import DiffOp, Flag, GateVerdict, Segment, SegmentResult, Span
from mtedit.ui import render


def row(index: int, draft: str, fix: str, *, status: str = "pending", final: str | None = None,
        paragraph: int = 0, source: str | None = "fuente", flags: tuple[Flag, ...] = (),
        risk: float = 0.0) -> ReviewRow:
    seg = Segment(id=f"s{index}", draft=draft, source=source, paragraph=paragraph)
    res = SegmentResult(segment=seg, proposal=fix, fix=fix, changed=fix != draft,
                        verdict=GateVerdict(fix != draft, "test"), signature="sig", flags=flags,
                        diff=word_diff(draft, fix), risk=risk)
    return ReviewRow(index=index, result=res, status=status, final=final)


@pytest.mark.parametrize(("ops", "draft_html", "fix_html"), [
    ([DiffOp("equal", "a b", "a b")], "a b", "a b"),
    ([DiffOp("equal", "a", "a"), DiffOp("delete", "b", "")], 'a <del class="mt-del">b</del>', "a"),
    ([DiffOp("insert", "", "x"), DiffOp("equal", "a", "a")], "a", '<ins class="mt-ins">x</ins> a'),
    ([DiffOp("replace", "his", "its")], '<del class="mt-rep-del">his</del>', '<ins class="mt-rep-ins">its</ins>'),
    ([DiffOp("replace", "<b>", "&")], '<del class="mt-rep-del">&lt;b&gt;</del>', '<ins class="mt-rep-ins">&amp;</ins>'),
])
def test_diff_html(ops, draft_html, fix_html):
    assert render.diff_html(ops) == (draft_html, fix_html)


def test_diff_of_real_sentences_marks_each_kind():
    draft, fix = render.diff_html(word_diff("Now well, the army deployed his troops attacks ISIS",
                                            "However, the army deployed its troops against ISIS today"))
    assert set(re.findall(r'class="(mt-[a-z-]+)"', draft + fix)) == {"mt-rep-del", "mt-rep-ins", "mt-ins"}
    assert '<del class="mt-rep-del">his</del>' in draft and '<ins class="mt-ins">today</ins>' in fix
    assert "today" in fix and "his" in draft


def _page(text: str) -> str:
    flag = Flag("name", "error", f"name {text} missing", "fix")
    r = row(0, text, text + " now", source=text, flags=(flag,), status="edited", final=text)
    return render.table_html([r], cursor=0) + render.current_html(r, 1)


def _tags(html: str) -> list[str]:
    return re.findall(r"<\s*/?\s*([a-zA-Z]+)", html)


@pytest.mark.parametrize(("hostile", "escaped"), [
    ("<script>alert(1)</script> said the minister.", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("The <b>bold</b> claim & the rest.", "The &lt;b&gt;bold&lt;/b&gt; claim &amp; the rest."),
    ('"><img src=x onerror=alert(1)>', "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
])
def test_every_text_is_escaped(hostile, escaped):
    out = _page(hostile)
    assert _tags(out) == _tags(_page("plain"))  # the text adds no markup of its own
    assert out.count(escaped) >= 5  # source, draft, fix, final, flag message


def test_unchanged_rows_are_marked_and_paragraphs_grouped():
    rows = [row(0, "Same.", "Same."), row(1, "A b.", "A c.", paragraph=0),
            row(2, "New para.", "New para!", paragraph=1)]
    html = render.table_html(rows, cursor=1)
    assert html.count('class="mt-para"') == 2 and "Paragraph 2" in html
    first = html.split('data-index="0"')[1].split("</tr>")[0]
    assert "= unchanged" in first
    assert 'class="mt-row mt-current" data-index="1"' in html


@pytest.mark.parametrize(("which", "expected"), [
    ("all", [0, 1, 2, 3]), ("pending", [0, 2]), ("flagged", [2, 3]), ("changed", [1, 3]),
])
def test_filters(which, expected):
    flag = (Flag("number", "warning", "check 2.200", "draft"),)
    rows = [row(0, "A.", "A."), row(1, "B.", "b.", status="approved"), row(2, "C.", "C.", flags=flag),
            row(3, "D.", "d.", status="edited", final="Dd.", flags=flag)]
    assert [r.index for r in render.filter_rows(rows, which)] == expected


def test_counts():
    rows = [row(0, "A.", "a.", status="approved"), row(1, "B.", "B.", status="kept"), row(2, "C.", "c."),
            row(3, "D.", "d.", status="edited", final="x", flags=(Flag("n", "error", "m"),))]
    c = render.counts(rows)
    # the edited sentence is counted by the flags of the editor's text ("x" passes), not of the fix it replaced
    assert (c.total, c.approved, c.kept, c.edited, c.pending, c.flagged, c.changed) == (4, 1, 1, 1, 1, 0, 3)
    assert "<b>1</b> pending" in render.counters_html(c)


def test_unusable_engines_are_listed_with_reason_and_remedy():
    ok = SimpleNamespace(ok=True, reason="", remedy="")
    bad = SimpleNamespace(ok=False, reason="model folder <models/x> missing", remedy="run mtedit download x")
    html = render.engines_html([("apertium", ok), ("opus", bad)])
    assert "apertium" not in html and "opus" in html and "&lt;models/x&gt;" in html and "mtedit download x" in html
    assert render.engines_html([("apertium", ok)]) == ""


@pytest.mark.parametrize(("risks", "order", "expected"), [
    ([0.2, 0.9, 0.2, 0.5, 0.9, 0.0], "risk", [1, 4, 3, 0, 2, 5]),  # ties by index
    ([0.2, 0.9, 0.2, 0.5, 0.9, 0.0], "reading", [0, 1, 2, 3, 4, 5]),
    ([0.0, 0.0, 0.0], "risk", [0, 1, 2]),
])
def test_order_rows(risks, order, expected):
    rows = [row(i, f"S {i}.", f"S {i}.", risk=r) for i, r in reversed(list(enumerate(risks)))]
    assert [r.index for r in render.order_rows(rows, order)] == expected


def test_unknown_order_is_a_clear_error():
    with pytest.raises(InputError, match="unknown order 'loudest'"):
        render.order_rows([], "loudest")


def test_ungrouped_table_shows_paragraph_numbers_instead_of_headers():
    rows = [row(3, "D.", "d.", paragraph=1, risk=0.9), row(0, "A.", "a.", paragraph=0, risk=0.1)]
    grouped, flat = render.table_html(rows, cursor=3), render.table_html(rows, cursor=3, grouped=False)
    assert grouped.count('class="mt-para"') == 2 and "mt-para-no" not in grouped
    assert 'class="mt-para"' not in flat
    cells = re.findall(r'data-index="(\d+)" id="mt-row-\d+"><td>\d+<div class="mt-para-no">¶ (\d+)</div>', flat)
    assert cells == [("3", "2"), ("0", "1")]


@pytest.mark.parametrize(("text", "span", "marked"), [
    ("He paid 2.200 euros.", (8, 13), [2]),  # exactly one word
    ("He paid 2.200 euros.", (9, 11), [2]),  # inside a word
    ("He paid 2.200 euros.", (3, 13), [1, 2]),  # across words
    ("He paid 2.200 euros.", (8, 8), [2]),  # empty span: the word it touches
    ("He paid  2.200 euros.", (7, 9), [1]),  # doubled space: the word before it
    ("  Leading space.", (0, 2), [0]),  # whitespace before the first word
    ("He paid 2.200 euros.", None, []),
])
def test_word_flags_maps_character_spans_to_words(text, span, marked):
    flag = Flag("number", "warning", "m", "fix", Span(*span) if span else None)
    marks = render.word_flags(text, [flag])
    assert len(marks) == len(text.split())
    assert [i for i, m in enumerate(marks) if m] == marked


def _marks(html: str) -> list[tuple[str, str, str]]:
    return re.findall(r'<mark class="mt-span mt-span-(\w+)" title="([^"]*)">([^<]*)</mark>', html)


def test_flag_spans_are_highlighted_on_their_side_of_the_diff():
    draft, fix = "The army of EEUU paid 2.200 euros.", "The US army paid 2,200 euros."
    flags = (Flag("number", "error", "source '2.200' appears as '2,200'", "fix", Span(17, 22)),
             Flag("style", "warning", "untranslated 'EEUU'", "draft", Span(12, 16)))
    draft_html, fix_html = render.texts_html(row(0, draft, fix, flags=flags).result)
    assert _marks(draft_html) == [("warning", "style: untranslated &#x27;EEUU&#x27;", "EEUU")]
    assert _marks(fix_html) == [("error", "number: source &#x27;2.200&#x27; appears as &#x27;2,200&#x27;", "2,200")]
    assert '<del class="mt-del">of <mark' in draft_html  # highlight nests inside the diff markup


def test_unchanged_sentence_shows_fix_flags_on_its_one_text():
    text = "Chirac said it rains."
    r = row(0, text, text, flags=(Flag("name", "error", "'Chirac' is not in the source", "fix", Span(0, 6)),))
    table = render.table_html([r])
    assert [m[2] for m in _marks(table)] == ["Chirac"] and "= unchanged" in table
    assert [m[2] for m in _marks(render.current_html(r, 1))] == ["Chirac", "Chirac"]  # draft and fix lines


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", '"><b>x</b>', "a&b"])
def test_highlighted_spans_and_titles_are_escaped(hostile):
    text = f"He wrote {hostile} today."
    start = text.index(hostile)
    flag = Flag("style", "error", f'odd "{hostile}"', "fix", Span(start, start + len(hostile)))
    r = row(0, "He wrote it.", text, flags=(flag,))
    _, fix_html = render.texts_html(r.result)
    assert set(_tags(fix_html)) == {"ins", "mark"}  # the text adds no markup of its own
    title = render.escape(f'style: odd "{hostile}"')
    assert {m[1] for m in _marks(fix_html)} == {title}
    assert " ".join(m[2] for m in _marks(fix_html)) == render.escape(hostile)


def test_diff_marks_of_the_wrong_length_are_ignored():
    ops = word_diff("a b", "a c")
    assert render.diff_html(ops, [(), (), ()], None) == render.diff_html(ops)


@pytest.mark.parametrize(("status", "stored", "expected"), [
    ("done", 4, "Job #7: a &lt;b&gt;.txt · engine ape"),
    ("running", 2, "Job #7: a &lt;b&gt;.txt · engine ape · running: 2 of 4 sentences ready"),
    ("interrupted", 2, "Job #7: a &lt;b&gt;.txt · engine ape · interrupted at 2 of 4 sentences (the server stopped):"
                       " Continue computes the rest"),
])
def test_job_title_says_how_far_computing_got(status, stored, expected):
    from mtedit.store import JobInfo

    info = JobInfo(7, "a <b>.txt", "2024-01-01T00:00", "ape", "sig", "es", "en", "txt", 4, status, stored, 0)
    assert render.job_title(info) == expected
    assert (f"{status} {stored}/4" in render.job_label(info)) is (status != "done")


def test_changed_elsewhere_notice_escapes_the_other_tabs_text():
    html = render.changed_elsewhere_html(row(2, "a", "b", status="edited", final="<script>x</script>"))
    assert "Changed in another window: sentence 3" in html and "&lt;script&gt;" in html and "<script>" not in html


def test_without_cursor_removes_only_the_outline():
    rows = [row(0, "a", "b"), row(1, "c", "d")]
    html = render.table_html(rows, cursor=1)
    assert render.without_cursor(html) == render.table_html(rows, cursor=None)
