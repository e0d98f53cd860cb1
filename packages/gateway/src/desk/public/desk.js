import { els, idFromHash, newestIncoming, onDesk, state, upsert } from './desk-state.js';
import {
  announce,
  announceStatus,
  patch,
  render,
  renderCalls,
  renderSelected,
  setLive,
} from './desk-view.js';
import { h, replaceChildren } from './dom.js';
import { ago } from './format.js';
import { duration } from './live.js';
import { INCOMING, isLive } from './status.js';

const STORAGE_KEY = 'handoff-desk:destination';

/** `focus`: the human chose it, so the keyboard goes with them into the detail. */
function select(id, { focus = false } = {}) {
  state.selected = id;
  state.selectedCall = undefined;
  if (id && idFromHash() !== id) history.replaceState(null, '', `#${id}`);
  render();
  if (id && !state.records.has(id)) void fetchOne(id);
  if (focus) (document.getElementById('detail-title') ?? els.detail).focus();
}

async function fetchOne(id) {
  const res = await fetch(`api/handoffs/${encodeURIComponent(id)}`, {
    headers: { accept: 'application/json' },
  });
  if (res.status === 401) return showSignin(false);
  if (!res.ok) {
    if (state.selected === id) {
      state.renderedKey = undefined;
      patch(els.detail, h('p', { class: 'muted placeholder' }, 'That handoff was not found.'));
    }
    return;
  }
  const { handoff } = await res.json();
  if (upsert(handoff)) render();
}

/** Screen-pop: a new call on its way replaces the view unless the human is on a live call. */
function onIncoming(record) {
  const current = state.selected ? state.records.get(state.selected) : undefined;
  announce(`Incoming handoff: ${record.context?.summary?.oneLine ?? ''}`);
  if (!current || current.id === record.id || !isLive(current.status)) select(record.id);
}

function connect() {
  clearTimeout(state.retryTimer);
  state.source?.close();
  const url = state.destination ? `events?destination=${encodeURIComponent(state.destination)}` : 'events';
  const source = new EventSource(url);
  state.source = source;
  setLive('connecting', 'Connecting…');

  source.addEventListener('open', () => {
    state.retries = 0;
    setLive('live', 'Live');
  });
  source.addEventListener('snapshot', (e) => {
    if (source !== state.source) return;
    const { handoffs } = JSON.parse(e.data);
    const keep = state.selected ? state.records.get(state.selected) : undefined;
    state.records.clear();
    state.versions.clear();
    for (const record of handoffs) state.records.set(record.id, record);
    const { calls } = JSON.parse(e.data);
    if (calls) {
      state.calls.clear();
      for (const call of calls) state.calls.set(call.callId, call);
    }
    if (keep && !state.records.has(keep.id)) state.records.set(keep.id, keep);
    state.renderedKey = undefined;
    if (state.selected && !state.records.has(state.selected)) void fetchOne(state.selected);
    if (!state.selected) {
      const incoming = newestIncoming();
      if (incoming) return select(incoming.id);
    }
    render();
  });
  source.addEventListener('handoff', (e) => {
    if (source !== state.source) return;
    const event = JSON.parse(e.data);
    const before = state.records.get(event.handoffId);
    if (!upsert(event.record, event.version)) return;
    if (INCOMING.has(event.record.status) && !(before && INCOMING.has(before.status)))
      onIncoming(event.record);
    else if (before && before.status !== event.record.status) announceStatus(event.record);
    render();
  });
  source.addEventListener('call', (e) => {
    if (source !== state.source) return;
    const call = JSON.parse(e.data);
    const known = state.calls.get(call.callId);
    if (known && call.updatedAt < known.updatedAt) return;
    if (call.ended) state.calls.delete(call.callId);
    else state.calls.set(call.callId, call);
    renderCalls();
    if (state.selectedCall === call.callId) renderSelected();
  });
  source.addEventListener('error', () => {
    if (source !== state.source) return;
    if (source.readyState !== EventSource.CLOSED) {
      setLive('reconnecting', 'Reconnecting…');
      return;
    }
    // EventSource gives up on a non-200 answer: find out whether it was the token, then retry.
    setLive('offline', 'Offline');
    const delay = Math.min(10_000, 1000 * 2 ** state.retries++);
    state.retryTimer = setTimeout(() => void start(), delay);
  });
}

function showSignin(rejected) {
  state.source?.close();
  state.source = undefined;
  els.app.hidden = true;
  els.signin.hidden = false;
  els.signinError.hidden = !rejected;
  setLive('offline', 'Signed out');
  document.getElementById('token')?.focus();
}

function fillDestinations(destinations) {
  const saved = localStorage.getItem(STORAGE_KEY) ?? '';
  replaceChildren(
    els.select,
    h('option', { value: '' }, 'All destinations'),
    destinations.map((d) => h('option', { value: d.key }, d.label ? `${d.label} (${d.key})` : d.key)),
  );
  state.destination = destinations.some((d) => d.key === saved) ? saved : '';
  els.select.value = state.destination;
  els.select.disabled = false;
  els.apply.disabled = false;
}

async function start() {
  let res;
  try {
    res = await fetch('api/config', { headers: { accept: 'application/json' } });
  } catch {
    setLive('offline', 'Offline');
    state.retryTimer = setTimeout(() => void start(), Math.min(10_000, 1000 * 2 ** state.retries++));
    return;
  }
  if (res.status === 401) return showSignin(false);
  if (!res.ok) {
    setLive('offline', 'Desk unavailable');
    state.retryTimer = setTimeout(() => void start(), Math.min(10_000, 1000 * 2 ** state.retries++));
    return;
  }
  const config = await res.json();
  state.me = config.me;
  state.destinations = config.destinations ?? [];
  els.callsSection.hidden = config.me?.role !== 'supervisor';
  els.signin.hidden = true;
  els.app.hidden = false;
  if (els.select.options.length <= 1) fillDestinations(config.destinations ?? []);
  connect();
}

// The filter applies on the Show button only: arrow keys in a closed <select> change its value at
// once, and a desk that switched on each one would reconnect and lose the open handoff.
els.filter.addEventListener('submit', (e) => {
  e.preventDefault();
  els.filter.dataset.pending = 'false';
  if (els.select.value === state.destination) return;
  state.destination = els.select.value;
  localStorage.setItem(STORAGE_KEY, state.destination);
  const open = state.selected ? state.records.get(state.selected) : undefined;
  state.records.clear();
  state.versions.clear();
  if (open && onDesk(open, state.destination)) state.records.set(open.id, open);
  else if (state.selected) {
    state.selected = undefined;
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  }
  render();
  connect();
});
els.select.addEventListener('change', () => {
  els.filter.dataset.pending = String(els.select.value !== state.destination);
});

els.list.addEventListener('click', (e) => {
  const item = e.target instanceof Element ? e.target.closest('a.item') : null;
  if (!item || e.ctrlKey || e.metaKey || e.shiftKey) return;
  e.preventDefault();
  select(item.dataset.handoff, { focus: true });
});

/** A desk action as the signed-in person; the answer's record is shown at once, before its event. */
async function act(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status === 401) {
    showSignin(false);
    return undefined;
  }
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(answer.error?.message ?? `HTTP ${res.status}`);
  if (answer.handoff && upsert(answer.handoff)) render();
  return answer;
}

const FORMS = {
  'disposition-form': async (form, data) => {
    await act(`api/handoffs/${encodeURIComponent(form.dataset.handoff)}/disposition`, {
      outcome: data.get('outcome'),
      note: data.get('note') ?? '',
    });
    return 'Outcome saved';
  },
  'hint-form': async (form, data) => {
    await act(`api/calls/${encodeURIComponent(form.dataset.call)}/hint`, { text: data.get('text') ?? '' });
    return 'Hint sent to the AI';
  },
  'take-over-form': async (form, data) => {
    const answer = await act(`api/calls/${encodeURIComponent(form.dataset.call)}/take-over`, {
      destination: data.get('destination'),
    });
    if (answer?.handoffId) select(answer.handoffId, { focus: true });
    return 'You took over the call';
  },
  'hand-back-form': async (form, data) => {
    await act(`api/handoffs/${encodeURIComponent(form.dataset.handoff)}/hand-back`, {
      note: data.get('note') ?? '',
    });
    return 'Handed back to the AI';
  },
};

els.app.addEventListener('submit', async (e) => {
  const form = e.target;
  const run = form instanceof HTMLFormElement ? FORMS[form.id] : undefined;
  if (!run) return;
  e.preventDefault();
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  try {
    const said = await run(form, new FormData(form));
    form.reset();
    if (said) announce(said, els.statusAnnouncer);
  } catch (error) {
    announce(`Not saved: ${error.message}`);
  } finally {
    if (button) button.disabled = false;
  }
});

els.calls.addEventListener('click', (e) => {
  const item = e.target instanceof Element ? e.target.closest('button[data-call]') : null;
  if (!item) return;
  state.selectedCall = item.dataset.call;
  state.selected = undefined;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  render();
  (document.getElementById('detail-title') ?? els.detail).focus();
});

els.skip.addEventListener('click', (e) => {
  e.preventDefault();
  (document.getElementById('detail-title') ?? els.detail).focus();
});

window.addEventListener('hashchange', () => {
  const id = idFromHash();
  if (id && id !== state.selected) select(id);
});

// The sticky bar's height, so the page scrolls a focused field clear of it (`scroll-padding-top`).
new ResizeObserver(() => {
  document.documentElement.style.setProperty('--topbar-height', `${els.topbar.offsetHeight}px`);
}).observe(els.topbar);

// Refresh the "12 s ago" labels without rebuilding anything.
setInterval(() => {
  const now = Date.now();
  for (const el of els.list.querySelectorAll('time[data-since]'))
    el.textContent = ago(Number(el.dataset.since), now);
  for (const el of els.calls.querySelectorAll('[data-started]'))
    el.textContent = duration({ startedAt: Number(el.dataset.started) }, now);
}, 5000);

// A rejected `?token=` arrives here with a 401: take it out of the address bar and ask again.
const url = new URL(location.href);
if (url.searchParams.has('token')) {
  url.searchParams.delete('token');
  history.replaceState(null, '', url);
  showSignin(true);
} else {
  state.selected = idFromHash();
  void start();
}
