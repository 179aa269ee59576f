"""The review page (Gradio Blocks): load and run a story, review it sentence by sentence, export.

Plain functions live in `mtedit.ui.session`, `decisions`, `suggestions` and `live` (a timer follows the open job);
jobs are computed by the server's one inference worker (`mtedit.ui.jobs`), not by the tab that started them. This
module only wires them to components and turns MteditError into gr.Error. Nothing is launched at import: call
`build_app(...)` then `launch(...)`.
"""

from __future__ import annotations

import functools
import tempfile
from html import escape
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from mtedit.config import Config
from mtedit.errors import MteditError
from mtedit.heartbeat import Heartbeat
from mtedit.sizing import CONFIRM_SECONDS, estimate
from mtedit.store import ReviewStore
from mtedit.ui import assets, decisions, jobs, live, memory, render, session, suggestions, wording
from mtedit.ui.login import slow_login


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn MteditError into a one-line gr.Error for the page."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MteditError as exc:
            raise gr.Error(escape(wording.error(str(exc)), quote=False)) from None
    return wrapper


def build_app(config: Config, store: ReviewStore, *, recover: bool = True,
              large_job_seconds: float = CONFIRM_SECONDS) -> gr.Blocks:
    """The review page for `config`'s engines and the review `store`, with its own inference worker.

    With `recover`, jobs a stopped server left running are marked interrupted (call it once per server start).
    A job estimated to take longer than `large_job_seconds` starts only when Run is pressed a second time.
    """
    if recover:
        live.recover(store)
    worker = jobs.InferenceWorker(store, lambda name: live.load_runner(config, name, store), live.compute_batch)

    def progress_html(st: dict[str, Any]) -> str:
        return jobs.queue_html(worker.queue(), st.get("job"))

    def buttons(info: Any) -> tuple[Any, Any]:
        running = info is not None and worker.progress(info.id) is not None
        return (gr.Button(visible=info is not None and info.status in ("interrupted", "cancelled")),
                gr.Button(visible=running))

    def side(page: live.Page) -> Any:
        return suggestions.panel_html(page.view.row)

    def out(st: dict[str, Any]) -> tuple[Any, ...]:
        page = live.view(store, st)
        v = page.view
        return (v.title, v.counters, v.table, v.current, v.edit_text, v.page, v.job, v.state, "",
                *buttons(page.info), side(page), progress_html(v.state), "")

    def jobs_update(value: int | None = None) -> Any:
        return gr.Dropdown(choices=session.job_choices(store), value=value)

    def jobs_choices() -> Any:
        return gr.Dropdown(choices=session.job_choices(store))

    def with_state(st: dict[str, Any]) -> tuple[Any, ...]:
        return (*untouched[:7], st, *untouched[8:])

    @_guard
    def on_load(state: dict[str, Any], request: gr.Request) -> tuple[Any, ...]:
        job = session.job_from_query(store, dict(request.query_params))
        st = session.open_job(store, state, job) if job is not None else state
        checks = session.engine_checks(config)
        usable = [(wording.engine_label(name, config.engines[name]), name) for name, u in checks if u.ok]
        names = [name for _, name in usable]
        default = config.default_engine if config.default_engine in names else (names[0] if names else None)
        return (*out(st), gr.Radio(choices=usable, value=default), render.engines_html(checks),
                jobs_update(job), gr.Tabs(selected="review" if job is not None else "load"))

    @_guard
    def run(draft: str, source: str, upload: str | None, engine: str | None, state: dict[str, Any]) -> Any:
        """Queue the job on the server's worker and show it at once; the tab's timer follows it."""
        document = session.make_document(draft, source, upload)
        if not engine:
            raise gr.Error("no engine chosen; pick one of the usable engines")
        size = estimate(document.segments, config.engine(engine))
        token = [engine, size.segments, hash((draft, source, upload))]
        if size.seconds > large_job_seconds and state.get("confirm_run") != token:
            gr.Warning(escape(jobs.confirm_words(size), quote=False))
            return (*with_state({**state, "confirm_run": token}), gr.skip(), gr.skip())
        runner = worker.runner(engine)
        _, warning = memory.with_memory(runner, config, store)  # feeds the memory file the worker's runner reads
        if warning:
            gr.Warning(warning)
        job_id = live.start_job(store, runner, document)
        worker.submit(job_id, engine, document.segments, furniture=document.format == "txt")
        return (*out(session.new_state(job_id)), jobs_update(job_id), gr.Tabs(selected="review"))

    @_guard
    def continue_job(state: dict[str, Any]) -> Any:
        """Queue the rest of the open interrupted or cancelled job; the timer shows the new sentences."""
        if state.get("job") is None:
            raise gr.Error("no job open; open the interrupted job first")
        info, segments = live.resumable(store, int(state["job"]))
        live.claim(store, info, worker.runner(info.engine))
        worker.submit(info.id, info.engine, segments, furniture=info.format == "txt")
        return (*out(state), jobs_choices())

    @_guard
    def cancel(state: dict[str, Any]) -> Any:
        if state.get("job") is None or not worker.cancel(int(state["job"])):
            gr.Info("this job is not being computed")
        else:
            gr.Info("cancelled: the sentences computed so far stay; Continue computes the rest")
        return out(state)

    @_guard
    def tick(state: dict[str, Any]) -> tuple[Any, ...]:
        """Re-render the open job if it changed elsewhere; the edit box is never overwritten."""
        f = live.follow(store, state)
        if f is None:
            queue = progress_html(state)
            if queue == state.get("queue_html", ""):
                return (*untouched, gr.skip())
            st = {**state, "queue_html": queue}
            return (*with_state(st)[:-2], queue, gr.skip(), gr.skip())
        v = f.page.view
        edit_text = gr.skip() if f.edit_text is None else f.edit_text
        st = {**v.state, "queue_html": progress_html(v.state)}
        return (v.title, v.counters, v.table, v.current, edit_text, v.page, gr.skip(), st,
                f.notice or gr.skip(), *buttons(f.page.info), side(f.page), st["queue_html"], gr.skip(), jobs_choices())

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
        outcome = decisions.act(store, state, action, text)
        if outcome.message:  # toasts render HTML: the message quotes the editors' text
            (gr.Warning if outcome.warning else gr.Info)(escape(outcome.message, quote=False))
        shown = out(outcome.state)
        if outcome.message:  # refused: the edit box keeps what the editor typed (and its checks)
            shown = (*shown[:4], gr.skip(), *shown[5:-1], gr.skip())
        return shown

    @_guard
    def seen(state: dict[str, Any]) -> tuple[Any, ...]:
        return out(decisions.seen(state))

    @_guard
    def approve_all(state: dict[str, Any]) -> tuple[Any, ...]:
        st, message = decisions.approve_all(store, state)
        gr.Info(message)
        return out(st)

    @_guard
    def export(fmt: str, with_flagged: bool, state: dict[str, Any]) -> str:
        from mtedit.export import export_job

        if state.get("job") is None:
            raise gr.Error("no job open; open one before exporting")
        folder = Path(tempfile.mkdtemp(prefix="mtedit-export-"))
        return str(export_job(store, int(state["job"]), fmt, folder, with_flagged=bool(with_flagged)))

    with gr.Blocks(title="mtedit review") as demo:
        state = gr.State(session.new_state())
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
                    jobs_list = gr.Dropdown(label="Earlier jobs", choices=[], elem_id="mt-jobs", scale=4,
                                            allow_custom_value=True)
                    refresh_btn = gr.Button("Refresh list", scale=1)
                    open_btn = gr.Button("Open job", scale=1, elem_id="mt-open")
            with gr.Tab("Review", id="review"):
                with gr.Row(equal_height=True):
                    title = gr.HTML(elem_id="mt-title", scale=2)
                    counters = gr.HTML(scale=3)
                    busy = gr.HTML(elem_id="mt-progress", scale=0, min_width=260)
                    cancel_btn = gr.Button("Cancel computing", size="sm", visible=False, elem_id="mt-cancel",
                                           scale=0, min_width=140)
                    continue_btn = gr.Button("Continue computing this job", size="sm", variant="primary",
                                             visible=False, elem_id="mt-continue", scale=0, min_width=200)
                with gr.Row():
                    with gr.Column(scale=3, min_width=600):
                        with gr.Row():
                            which = gr.Radio(list(render.FILTERS), value="all", label="Show", scale=3,
                                             show_label=False, container=False)
                            order = gr.Radio(list(render.ORDERS), value="reading", label="Order", scale=2,
                                             elem_id="mt-order", show_label=False, container=False)
                        table = gr.HTML(elem_id="mt-table-box")
                        with gr.Row():
                            prev_page = gr.Button("◀ page", size="sm", scale=0, min_width=80)
                            page = gr.HTML(min_width=160)
                            next_page = gr.Button("page ▶", size="sm", scale=0, min_width=80)
                    with gr.Column(scale=2, min_width=380, elem_id="mt-side"):
                        notice = gr.HTML(elem_id="mt-notice")
                        current = gr.HTML()
                        suggest = gr.HTML(elem_id="mt-suggest-box")
                        edit = gr.Textbox(label="Edit (e), Enter saves", lines=1, max_lines=4, elem_id="mt-edit")
                        typed = gr.HTML(elem_id="mt-typed-box")
                        with gr.Row():
                            approve_btn = gr.Button("Approve (a)", size="sm", variant="primary", elem_id="mt-approve",
                                                    min_width=70)
                            keep_btn = gr.Button("Keep draft (d)", size="sm", elem_id="mt-keep", min_width=70)
                            save_btn = gr.Button("Save edit", size="sm", elem_id="mt-save", min_width=70)
                            revert_btn = gr.Button("Revert (u)", size="sm", elem_id="mt-revert", min_width=70)
                        with gr.Row():
                            prev_btn = gr.Button("Previous (k)", size="sm", elem_id="mt-prev", min_width=70)
                            next_btn = gr.Button("Next (j)", size="sm", elem_id="mt-next", min_width=70)
                            furniture_btn = gr.Button("Not story text (x)", size="sm", elem_id="mt-furniture",
                                                      min_width=70)
                            seen_btn = gr.Button("Seen", size="sm", elem_id="mt-seen", min_width=50)
                        all_btn = gr.Button("Approve all remaining (flagged stay pending)", size="sm", variant="stop",
                                            elem_id="mt-approve-all")
                        gr.Markdown("**Keyboard:** " + " · ".join(f"`{k}` {what}" for k, what in assets.SHORTCUTS)
                                    + " · click a row to select it")
                        with gr.Row():
                            fmt = gr.Radio(["txt", "jsonl", "xliff", "tmx"], value="txt", label="Export format")
                            with_flagged = gr.Checkbox(label="TMX: include pairs with open error flags", value=False)
                            export_btn = gr.Button("Export", elem_id="mt-export")
                        exported = gr.File(label="Download", elem_id="mt-download", height=90, interactive=False)
        goto_box = gr.Textbox(visible="hidden", elem_id="mt-goto")
        goto_btn = gr.Button(visible="hidden", elem_id="mt-goto-btn")
        job_num = gr.Number(visible="hidden", precision=0, elem_id="mt-job")
        timer = gr.Timer(live.TICK_SECONDS)

        views = [title, counters, table, current, edit, page, job_num, state, notice, continue_btn, cancel_btn,
                 suggest, busy, typed]
        untouched = (gr.skip(),) * len(views)
        # Review steps and ticks share one queue: a tick never works from a state an action is replacing.
        quiet: dict[str, Any] = {"show_progress": "hidden", "concurrency_id": "mt-view"}
        demo.load(on_load, [state], [*views, engine, unusable, jobs_list, tabs], api_name="load").then(
            None, None, None, js=assets.READY_JS)
        # Run and Continue may wait for an engine to load on the worker: they do not hold up the review steps
        run_btn.click(run, [draft, source, upload, engine, state], [*views, jobs_list, tabs], api_name="run",
                      show_progress="minimal")
        continue_btn.click(continue_job, [state], [*views, jobs_list], api_name="continue", show_progress="minimal")
        cancel_btn.click(cancel, [state], views, api_name="cancel", **quiet)
        timer.tick(tick, [state], [*views, jobs_list], api_name="tick", **quiet)
        open_btn.click(open_job, [jobs_list, state], [*views, tabs], api_name="open_job", **quiet)
        refresh_btn.click(refresh_jobs, None, jobs_list, api_name="jobs")
        goto_btn.click(goto, [goto_box, state], views, api_name="goto", **quiet)
        for button, by, name in ((next_btn, 1, "next"), (prev_btn, -1, "previous"),
                                 (next_page, render.PAGE_SIZE, "next_page"),
                                 (prev_page, -render.PAGE_SIZE, "previous_page")):
            button.click(functools.partial(step, by=by), [state], views, api_name=name, **quiet)
        which.input(set_filter, [which, state], views, api_name="filter", **quiet)
        order.input(set_order, [order, state], views, api_name="sort", **quiet)
        for button, action in ((approve_btn, "approve"), (keep_btn, "keep"), (revert_btn, "revert"),
                               (furniture_btn, "furniture")):
            button.click(functools.partial(act, action=action), [state], views, api_name=action, **quiet)
        save_btn.click(functools.partial(act, action="edit"), [state, edit], views, api_name="edit", **quiet)
        edit.submit(functools.partial(act, action="edit"), [state, edit], views, api_visibility="private", **quiet)
        seen_btn.click(seen, [state], views, api_name="seen", **quiet)
        edit.input(decisions.typed_flags_html, [state, edit], typed, api_name="check_typed", show_progress="hidden",
                   trigger_mode="always_last", concurrency_id="mt-typed")
        all_btn.click(approve_all, [state], views, api_name="approve_all", **quiet)
        export_btn.click(export, [fmt, with_flagged, state], exported, api_name="export")
        job_num.change(None, [job_num], None, js=assets.URL_JS)
    demo.mtedit_worker = worker  # type: ignore[attr-defined]  # for tests and a clean shutdown
    return demo


def launch(config: Config, store: ReviewStore, *, host: str = "127.0.0.1", port: int | None = None,
           auth: tuple[str, str] | None = None, **kwargs: Any) -> gr.Blocks:
    """Build and serve the page; blocks unless `prevent_thread_lock=True` (then `.local_url`, `.close()`)."""
    demo = build_app(config, store)
    Heartbeat(store).start()  # tells other servers on this store that this one's running jobs are alive
    demo.launch(server_name=host, server_port=port, auth=slow_login(*auth) if auth else None, css=assets.CSS,
                head=assets.HEAD_JS, footer_links=["api"], **kwargs)
    return demo
