"""Static parts of the review page: its style sheet, its keyboard shortcuts and the script behind them."""

from mtedit.ui.memory import CSS as MEMORY_CSS
from mtedit.ui.repairs import CSS as REPAIR_CSS

CSS = """
.mt-table {width:100%; border-collapse:collapse; font-size:14px; table-layout:fixed}
.mt-table col.mt-c-no {width:3.5em} .mt-table col.mt-c-src, .mt-table col.mt-c-draft, .mt-table col.mt-c-fix {width:23%}
.mt-table col.mt-c-flags {width:19%} .mt-table col.mt-c-status {width:7.5em}
.mt-table td {overflow-wrap:anywhere}
.mt-table td, .mt-table th {border-bottom:1px solid #ddd; padding:4px 6px; vertical-align:top; text-align:left}
.mt-table tr.mt-row {cursor:pointer}
.mt-table tr.mt-current {outline:2px solid #3b82f6; background:rgba(59,130,246,.08)}
.mt-table tr.mt-para th {background:rgba(127,127,127,.12); font-weight:600}
.mt-del {background:#fdd; color:#900; text-decoration:line-through}
.mt-ins {background:#dfd; color:#060; text-decoration:none}
.mt-rep-del {background:#fed; color:#940; text-decoration:line-through}
.mt-rep-ins {background:#ffc; color:#650; text-decoration:none}
.mt-same {color:#888; font-style:italic}
.mt-status {font-size:12px; padding:1px 5px; border-radius:4px; background:#eee; color:#333; white-space:nowrap}
.mt-status-approved {background:#cfe9d5} .mt-status-kept {background:#dde3ee} .mt-status-edited {background:#f4e3c1}
.mt-flag-error {color:#b00} .mt-flag-warning {color:#a60}
mark.mt-span {border-bottom:2px solid #a60; background:rgba(255,200,0,.25); color:inherit; cursor:help}
mark.mt-span-error {border-bottom-color:#b00; background:rgba(255,80,80,.22)}
.mt-para-no {font-size:11px; color:#888; white-space:nowrap}
.mt-final {margin-top:3px; font-size:13px}
.mt-unusable {color:#999}
.mt-notice {border-left:4px solid #a60; background:rgba(255,200,0,.15); padding:4px 8px; font-size:13px}
.mt-table tr.mt-furniture td {color:#999; font-style:italic}
.mt-status-took {background:#e3d9f4} .mt-status-furniture {background:#f2f2f2; color:#888}
.mt-suggestions ol {margin:4px 0 0 0; padding-left:0; list-style:none}
.mt-sugg {margin:3px 0; padding:3px 6px; border:1px solid #ddd; border-radius:4px; cursor:pointer}
.mt-key {display:inline-block; min-width:1.3em; text-align:center; border:1px solid #999; border-radius:3px; font-size:12px}
.mt-note {font-size:12px; color:#666}
.mt-sugg-mark {font-size:12px; white-space:nowrap; cursor:help}
.mt-queue {font-size:13px} .mt-queue li {margin:0}
#mt-side {position:sticky; top:6px; align-self:flex-start}
.mt-mine {font-size:12px; color:#555; margin-top:2px}
""" + MEMORY_CSS + REPAIR_CSS


SHORTCUTS = (("j / ↓", "next sentence"), ("k / ↑", "previous sentence"), ("a", "approve the fix"),
             ("d", "keep the draft"), ("1 / 2 / 3", "take a suggestion into the edit box"),
             ("e", "edit (type, then Enter saves)"), ("u", "revert to pending"),
             ("x", "not story text / back in"), ("Esc", "leave the edit box"))

#: Row clicks and keyboard shortcuts; text inputs keep their keys (Esc leaves them, Enter saves and leaves).
HEAD_JS = """
<script>
(() => {
  const click = (id) => { const b = document.getElementById(id); if (b) b.click(); };
  const keys = {j: 'mt-next', ArrowDown: 'mt-next', k: 'mt-prev', ArrowUp: 'mt-prev',
                a: 'mt-approve', d: 'mt-keep', u: 'mt-revert', x: 'mt-furniture'};
  const editBox = () => document.querySelector('#mt-edit textarea, #mt-edit input');
  const take = (n) => {
    const item = document.getElementById('mt-sugg-' + n), box = editBox();
    if (!item || !box) return;
    box.value = item.dataset.text;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  };
  document.addEventListener('click', (e) => {
    const sugg = e.target.closest ? e.target.closest('li.mt-sugg') : null;
    if (sugg) { take(sugg.dataset.n); return; }
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
      if (e.key === 'Enter' && !e.shiftKey && t.closest && t.closest('#mt-edit')) setTimeout(() => t.blur(), 0);
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || !document.getElementById('mt-current')) return;
    if (e.key === 'e') {
      const box = editBox();
      if (box) { e.preventDefault(); box.focus(); box.select(); }
      return;
    }
    if (['1', '2', '3'].includes(e.key)) { e.preventDefault(); take(e.key); return; }
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

#: Set once the page's load event has filled in its fields: until then typing may race the first render.
READY_ATTRIBUTE = "data-mt-ready"
READY_JS = """() => {
  document.documentElement.setAttribute('%s', 'true');
  return [];
}""" % READY_ATTRIBUTE
