"""The review page (Gradio Blocks): load and run a story, review it sentence by sentence, export.

Plain functions live in `mtedit.ui.session` and `mtedit.ui.live` (a timer follows the open job; jobs a stopped
server left running are marked interrupted at build time and can be continued); this module only wires them to
components and turns MteditError into gr.Error. Nothing is launched at import: call `build_app(...)` then `launch(...)`.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from mtedit.config import Config
from mtedit.errors import ConflictError, MteditError
from mtedit.heartbeat import Heartbeat
from mtedit.store import ReviewStore
from mtedit.ui import live, memory, render, session
from mtedit.ui.login import slow_login

SHORTCUTS = (("j / ↓", "next sentence"), ("k / ↑", "previous sentence"), ("a", "approve the fix"),
             ("d", "keep the draft"), ("e", "edit (type, then Enter saves)"), ("u", "revert to pending"),
             ("Esc", "leave the edit box"))

#: Row clicks and keyboard shortcuts; text inputs keep their keys (Esc leaves them).
HEAD_JS = """
<script>
(() => {
  const click = (id) => { const b = document.getElementById(id); if (b) b.click(); };
  const keys = {j: 'mt-next', ArrowDown: 'mt-next', k: 'mt-prev', ArrowUp: 'mt-prev',
                a: 'mt-approve', d: 'mt-keep', u: 'mt-revert'};
  document.addEventListener('click', (e) => {
    const tr = e.target.closest ? e.target.closest('tr.mt-row') : null;
    const box = document.querySelector('#mt-goto textarea, #mt-goto input');
    if (!tr || !box) return;
    box.value = tr.dataset.index;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => click('mt-goto-btn'), 60);
  });
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) {
      if (e.key === 'Escape') t.blur();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || !document.getElementById('mt-current')) return;
    if (e.key === 'e') {
      const box = document.querySelector('#mt-edit textarea, #mt-edit input');
      if (box) { e.preventDefault(); box.focus(); box.select(); }
      return;
    }
    if (keys[e.key]) { e.preventDefault(); click(keys[e.key]); }
  });
})();
</script>
"""

#: Keep the open job in the address bar, so a reload (or a bookmark) reopens it.
URL_JS = """(job) => {
  const u = new URL(window.location.href);
  if (job) { u.searchParams.set('job', String(job)); } else { u.searchParams.delete('job'); }
  window.history.replaceState(null, '', u.toString());
  return [];
}"""


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn MteditError into a one-line gr.Error for the page."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MteditError as exc:
            raise gr.Error(str(exc)) from None
    return wrapper


def _guard_gen(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`_guard` for a generator handler (its errors surface while it is iterated)."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            yield from fn(*args, **kwargs)
        except MteditError as exc:
            raise gr.Error(str(exc)) from None
    return wrapper


def build_app(config: Config, store: ReviewStore, *, recover: bool = True) -> gr.Blocks:
    """The review page for `config`'s engines and the review `store`.

    With `recover`, jobs a stopped server left running are marked interrupted (call it once per server start).
    """
    if recover:
        live.recover(store)

    def continue_update(info: Any) -> Any:
        return gr.Button(visible=info is not None and info.status == "interrupted")

    def out(st: dict[str, Any]) -> tuple[Any, ...]:
        page = live.view(store, st)
        v = page.view
        return (v.title, v.counters, v.table, v.current, v.edit_text, v.page, v.job, v.state, "",
                continue_update(page.info))

    def jobs_update(value: int | None = None) -> Any:
        return gr.Dropdown(choices=session.job_choices(store), value=value)

    def jobs_choices() -> Any:
        return gr.Dropdown(choices=session.job_choices(store))

    def report_to(progress: gr.Progress) -> Callable[[int, int], None]:
        return lambda done, total: progress(done / max(total, 1), desc=f"{done} of {total} sentences")

    @_guard
    def on_load(state: dict[str, Any], request: gr.Request) -> tuple[Any, ...]:
        job = session.job_from_query(store, dict(request.query_params))
        st = session.open_job(store, state, job) if job is not None else state
        checks = session.engine_checks(config)
        usable = [name for name, u in checks if u.ok]
        default = config.default_engine if config.default_engine in usable else (usable[0] if usable else None)
        return (*out(st), gr.Radio(choices=usable, value=default), render.engines_html(checks),
                jobs_update(job), gr.Tabs(selected="review" if job is not None else "load"))

    @_guard_gen
    def run(draft: str, source: str, upload: str | None, engine: str | None, state: dict[str, Any],
            progress: gr.Progress = gr.Progress()) -> Any:
        """Show the new job at once, then compute it; the tab's timer follows it (no view is re-sent here)."""
        document = session.make_document(draft, source, upload)
        runner, warning = memory.with_memory(live.load_runner(config, engine), config, store)
        if warning:
            gr.Warning(warning)
        job_id = live.start_job(store, runner, document)
        progress(0.0, desc=f"{len(document.segments)} sentences")
        yield (*out(session.new_state(job_id)), jobs_update(job_id), gr.Tabs(selected="review"))
        for _ in live.fill_job(store, runner, job_id, document.segments, report_to(progress)):
            yield (*untouched, jobs_choices(), gr.skip())

    @_guard_gen
    def continue_job(state: dict[str, Any], progress: gr.Progress = gr.Progress()) -> Any:
        """Compute the rest of the open interrupted job; the timer shows the new sentences."""
        if state.get("job") is None:
            raise gr.Error("no job open; open the interrupted job first")
        for _ in live.continue_job(store, config, int(state["job"]), report_to(progress)):
            yield (*untouched, jobs_choices())

    @_guard
    def tick(state: dict[str, Any]) -> tuple[Any, ...]:
        """Re-render the open job if it changed elsewhere; the edit box is never overwritten."""
        f = live.follow(store, state)
        if f is None:
            return (*untouched, gr.skip())
        v = f.page.view
        edit_text = gr.skip() if f.edit_text is None else f.edit_text
        return (v.title, v.counters, v.table, v.current, edit_text, v.page, gr.skip(), v.state,
                f.notice or gr.skip(), continue_update(f.page.info), jobs_choices())

    @_guard
    def open_job(job_id: Any, state: dict[str, Any]) -> tuple[Any, ...]:
        return (*out(session.open_job(store, state, job_id)), gr.Tabs(selected="review"))

    @_guard
    def refresh_jobs() -> Any:
        return jobs_update()

    @_guard
    def goto(index: str, state: dict[str, Any]) -> tuple[Any, ...]:
        return out(session.goto(state, index))

    @_guard
    def step(state: dict[str, Any], by: int) -> tuple[Any, ...]:
        return out(session.move(store, state, by))

    @_guard
    def set_filter(which: str, state: dict[str, Any]) -> tuple[Any, ...]:
        return out(session.set_filter(state, which))

    @_guard
    def set_order(order: str, state: dict[str, Any]) -> tuple[Any, ...]:
        return out(session.set_order(store, state, order))

    @_guard
    def act(state: dict[str, Any], text: str | None = None, *, action: str) -> tuple[Any, ...]:
        try:
            st = session.act(store, state, action, text)
        except ConflictError as exc:
            gr.Warning(str(exc))
            st = state
        return out(st)

    @_guard
    def approve_all(state: dict[str, Any]) -> tuple[Any, ...]:
        st, n = session.approve_all(store, state)
        gr.Info(f"approved {n} pending sentences")
        return out(st)

    @_guard
    def export(fmt: str, state: dict[str, Any]) -> str:
        from mtedit.export import export_job

        if state.get("job") is None:
            raise gr.Error("no job open; open one before exporting")
        folder = Path(tempfile.mkdtemp(prefix="mtedit-export-"))
        return str(export_job(store, int(state["job"]), fmt, folder))

    with gr.Blocks(title="mtedit review") as demo:
        state = gr.State(session.new_state())
        gr.Markdown("## mtedit · post-editing review")
        with gr.Tabs(selected="load") as tabs:
            with gr.Tab("Load", id="load"):
                with gr.Row():
                    draft = gr.Textbox(label="English draft (paragraphs separated by a blank line)", lines=10)
                    source = gr.Textbox(label="Source (optional, same paragraphs)", lines=10)
                upload = gr.File(label="…or upload txt / jsonl / tsv / xliff", type="filepath",
                                 file_types=[".txt", ".jsonl", ".tsv", ".xlf", ".xliff", ".sdlxliff"])
                engine = gr.Radio(label="Engine", choices=list(config.engines), value=config.default_engine)
                unusable = gr.HTML()
                run_btn = gr.Button("Run", variant="primary", elem_id="mt-run")
                with gr.Row():
                    jobs = gr.Dropdown(label="Earlier jobs", choices=[], elem_id="mt-jobs", scale=4,
                                       allow_custom_value=True)
                    refresh_btn = gr.Button("Refresh list", scale=1)
                    open_btn = gr.Button("Open job", scale=1, elem_id="mt-open")
            with gr.Tab("Review", id="review"):
                with gr.Row(equal_height=True):
                    title = gr.HTML(elem_id="mt-title")
                    busy = gr.HTML(elem_id="mt-progress", scale=0, min_width=160)
                    continue_btn = gr.Button("Continue computing this job", size="sm", variant="primary",
                                             visible=False, elem_id="mt-continue", scale=0, min_width=200)
                counters = gr.HTML()
                notice = gr.HTML(elem_id="mt-notice")
                current = gr.HTML()
                edit = gr.Textbox(label="Edit (e), Enter saves", lines=1, max_lines=4, elem_id="mt-edit")
                with gr.Row():
                    prev_btn = gr.Button("Previous (k)", size="sm", elem_id="mt-prev", min_width=80)
                    next_btn = gr.Button("Next (j)", size="sm", elem_id="mt-next", min_width=80)
                    approve_btn = gr.Button("Approve fix (a)", size="sm", variant="primary", elem_id="mt-approve",
                                            min_width=80)
                    keep_btn = gr.Button("Keep draft (d)", size="sm", elem_id="mt-keep", min_width=80)
                    save_btn = gr.Button("Save edit", size="sm", elem_id="mt-save", min_width=80)
                    revert_btn = gr.Button("Revert (u)", size="sm", elem_id="mt-revert", min_width=80)
                with gr.Row():
                    which = gr.Radio(list(render.FILTERS), value="all", label="Show", scale=3)
                    order = gr.Radio(list(render.ORDERS), value="reading", label="Order", scale=2,
                                     elem_id="mt-order")
                    prev_page = gr.Button("◀ page", size="sm", scale=1)
                    page = gr.HTML()
                    next_page = gr.Button("page ▶", size="sm", scale=1)
                    all_btn = gr.Button("Approve all remaining", size="sm", variant="stop", scale=1,
                                        elem_id="mt-approve-all")
                table = gr.HTML(elem_id="mt-table-box")
                gr.Markdown("**Keyboard:** " + " · ".join(f"`{k}` {what}" for k, what in SHORTCUTS)
                            + " · click a row to select it")
                with gr.Row():
                    fmt = gr.Radio(["txt", "jsonl", "xliff", "tmx"], value="txt", label="Export format")
                    export_btn = gr.Button("Export", elem_id="mt-export")
                    exported = gr.File(label="Download", elem_id="mt-download", height=90, interactive=False)
        goto_box = gr.Textbox(visible="hidden", elem_id="mt-goto")
        goto_btn = gr.Button(visible="hidden", elem_id="mt-goto-btn")
        job_num = gr.Number(visible="hidden", precision=0, elem_id="mt-job")
        timer = gr.Timer(live.TICK_SECONDS)

        views = [title, counters, table, current, edit, page, job_num, state, notice, continue_btn]
        untouched = (gr.skip(),) * len(views)
        # Review steps and ticks share one queue: a tick never works from a state an action is replacing.
        quiet: dict[str, Any] = {"show_progress": "hidden", "concurrency_id": "mt-view"}
        computing: dict[str, Any] = {"show_progress": "minimal", "show_progress_on": [busy]}
        demo.load(on_load, [state], [*views, engine, unusable, jobs, tabs], api_name="load")
        run_btn.click(run, [draft, source, upload, engine, state], [*views, jobs, tabs], api_name="run", **computing)
        continue_btn.click(continue_job, [state], [*views, jobs], api_name="continue", **computing)
        timer.tick(tick, [state], [*views, jobs], api_name="tick", **quiet)
        open_btn.click(open_job, [jobs, state], [*views, tabs], api_name="open_job", concurrency_id="mt-view")
        refresh_btn.click(refresh_jobs, None, jobs, api_name="jobs")
        goto_btn.click(goto, [goto_box, state], views, api_name="goto", **quiet)
        for button, by, name in ((next_btn, 1, "next"), (prev_btn, -1, "previous"),
                                 (next_page, render.PAGE_SIZE, "next_page"),
                                 (prev_page, -render.PAGE_SIZE, "previous_page")):
            button.click(functools.partial(step, by=by), [state], views, api_name=name, **quiet)
        which.input(set_filter, [which, state], views, api_name="filter", **quiet)
        order.input(set_order, [order, state], views, api_name="sort", **quiet)
        for button, action in ((approve_btn, "approve"), (keep_btn, "keep"), (revert_btn, "revert")):
            button.click(functools.partial(act, action=action), [state], views, api_name=action, **quiet)
        save_btn.click(functools.partial(act, action="edit"), [state, edit], views, api_name="edit", **quiet)
        edit.submit(functools.partial(act, action="edit"), [state, edit], views, api_visibility="private", **quiet)
        all_btn.click(approve_all, [state], views, api_name="approve_all", **quiet)
        export_btn.click(export, [fmt, state], exported, api_name="export")
        job_num.change(None, [job_num], None, js=URL_JS)
    return demo


def launch(config: Config, store: ReviewStore, *, host: str = "127.0.0.1", port: int | None = None,
           auth: tuple[str, str] | None = None, **kwargs: Any) -> gr.Blocks:
    """Build and serve the page; blocks unless `prevent_thread_lock=True` (then `.local_url`, `.close()`)."""
    demo = build_app(config, store)
    Heartbeat(store).start()  # tells other servers on this store that this one's running jobs are alive
    demo.launch(server_name=host, server_port=port, auth=slow_login(*auth) if auth else None, css=render.CSS,
                head=HEAD_JS, footer_links=["api"], **kwargs)
    return demo
