import { els, sorted, state } from './desk-state.js';
import { renderDetail } from './detail.js';
import { h, morphChildren, replaceChildren } from './dom.js';
import { renderList } from './list.js';
import { renderCall, renderCallList } from './live.js';
import { INCOMING, statusLabel } from './status.js';

export function setLive(mode, text) {
  els.live.dataset.state = mode;
  els.live.textContent = text;
}

export function announce(text, region = els.announcer) {
  region.textContent = '';
  // A fresh text node after a tick is what makes screen readers read a repeated message again.
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

/** Polite: a status change waits for the screen reader to finish what it is saying. */
export function announceStatus(record) {
  const summary = record.context?.summary?.oneLine || 'Handoff';
  announce(`${summary}: ${statusLabel(record.status)}`, els.statusAnnouncer);
}

/** Fills `el` with `children`, changing only what differs (see `morph`), so focus survives. */
export function patch(el, ...children) {
  const next = document.createElement(el.nodeName);
  replaceChildren(next, ...children);
  morphChildren(el, next);
}

export function renderCalls() {
  if (els.callsSection.hidden) return;
  const calls = [...state.calls.values()].sort((a, b) => b.startedAt - a.startedAt);
  patch(els.calls, renderCallList(calls, state.selectedCall, Date.now()));
  els.callsEmpty.hidden = calls.length > 0;
}

export function render() {
  renderCalls();
  const records = sorted();
  patch(els.list, renderList(records, state.selected, Date.now()));
  els.empty.hidden = records.length > 0;
  const ringing = records.filter((r) => INCOMING.has(r.status)).length;
  document.title = ringing > 0 ? `(${ringing}) ${state.title}` : state.title;
  renderSelected();
}

export function renderSelected() {
  if (state.selectedCall) {
    const call = state.calls.get(state.selectedCall);
    state.renderedKey = undefined;
    if (call) patch(els.detail, renderCall(call, state.destinations, Date.now()));
    else patch(els.detail, h('p', { class: 'muted placeholder' }, 'That call has ended.'));
    return;
  }
  const record = state.selected ? state.records.get(state.selected) : undefined;
  const key = record
    ? `${record.id}:${record.updatedAt}:${record.status}:${state.versions.get(record.id) ?? 0}`
    : '';
  if (key === state.renderedKey) return;
  state.renderedKey = key;
  if (!record) {
    patch(
      els.detail,
      h(
        'p',
        { class: 'muted placeholder' },
        state.selected
          ? 'Loading handoff…'
          : 'Waiting for a handoff. The next ringing call for this destination opens here.',
      ),
    );
    return;
  }
  patch(els.detail, renderDetail(record));
}
