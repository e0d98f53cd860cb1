import { renderDetail } from './detail.js';
import { h, replaceChildren } from './dom.js';
import { ago, INCOMING, isLive } from './format.js';
import { renderList } from './list.js';

const STORAGE_KEY = 'handoff-desk:destination';
const ID = /^[A-Za-z0-9_-]{1,64}$/;

const els = {
  app: document.getElementById('app'),
  list: document.getElementById('handoffs'),
  empty: document.getElementById('empty'),
  detail: document.getElementById('detail'),
  select: document.getElementById('destination'),
  live: document.getElementById('live'),
  signin: document.getElementById('signin'),
  signinError: document.getElementById('signin-error'),
  announcer: document.getElementById('announcer'),
};

const state = {
  /** handoffId → public record */
  records: new Map(),
  /** handoffId → last event version seen */
  versions: new Map(),
  selected: undefined,
  destination: '',
  source: undefined,
  retries: 0,
  retryTimer: undefined,
  renderedKey: undefined,
  title: document.title,
};

function idFromHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  return ID.test(id) ? id : undefined;
}

function setLive(mode, text) {
  els.live.dataset.state = mode;
  els.live.textContent = text;
}

function announce(text) {
  els.announcer.textContent = '';
  // A fresh text node after a tick is what makes screen readers read a repeated message again.
  setTimeout(() => {
    els.announcer.textContent = text;
  }, 50);
}

/** Keeps the newest state of each record: by event version, else by `updatedAt` (snapshot vs. event). */
function upsert(record, version) {
  const known = state.versions.get(record.id);
  if (version !== undefined && known !== undefined && version <= known) return false;
  const current = state.records.get(record.id);
  if (current && record.updatedAt < current.updatedAt) return false;
  state.records.set(record.id, record);
  if (version !== undefined) state.versions.set(record.id, version);
  return true;
}

function sorted() {
  return [...state.records.values()].sort((a, b) => b.createdAt - a.createdAt);
}

function render() {
  const records = sorted();
  replaceChildren(els.list, renderList(records, state.selected, Date.now()));
  els.empty.hidden = records.length > 0;
  const ringing = records.filter((r) => INCOMING.has(r.status)).length;
  document.title = ringing > 0 ? `(${ringing}) ${state.title}` : state.title;
  renderSelected();
}

function renderSelected() {
  const record = state.selected ? state.records.get(state.selected) : undefined;
  const key = record
    ? `${record.id}:${record.updatedAt}:${record.status}:${state.versions.get(record.id) ?? 0}`
    : '';
  if (key === state.renderedKey) return;
  const sameHandoff = record && state.renderedKey?.startsWith(`${record.id}:`);
  const scrollTop = sameHandoff ? (document.getElementById('transcript')?.scrollTop ?? 0) : 0;
  state.renderedKey = key;
  if (!record) {
    replaceChildren(
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
  replaceChildren(els.detail, renderDetail(record));
  const transcript = document.getElementById('transcript');
  if (transcript && scrollTop) transcript.scrollTop = scrollTop;
}

function select(id) {
  state.selected = id;
  if (id && idFromHash() !== id) history.replaceState(null, '', `#${id}`);
  render();
  if (id && !state.records.has(id)) void fetchOne(id);
}

async function fetchOne(id) {
  const res = await fetch(`api/handoffs/${encodeURIComponent(id)}`, {
    headers: { accept: 'application/json' },
  });
  if (res.status === 401) return showSignin(false);
  if (!res.ok) {
    if (state.selected === id) {
      state.renderedKey = undefined;
      replaceChildren(els.detail, h('p', { class: 'muted placeholder' }, 'That handoff was not found.'));
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

function newestIncoming() {
  return sorted().find((r) => INCOMING.has(r.status));
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
    render();
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
  els.signin.hidden = true;
  els.app.hidden = false;
  if (els.select.options.length <= 1) fillDestinations(config.destinations ?? []);
  connect();
}

els.select.addEventListener('change', () => {
  state.destination = els.select.value;
  localStorage.setItem(STORAGE_KEY, state.destination);
  state.selected = undefined;
  state.records.clear();
  state.versions.clear();
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  render();
  connect();
});

window.addEventListener('hashchange', () => {
  const id = idFromHash();
  if (id && id !== state.selected) select(id);
});

// Refresh the "12 s ago" labels without rebuilding anything.
setInterval(() => {
  const now = Date.now();
  for (const el of els.list.querySelectorAll('time[data-since]'))
    el.textContent = ago(Number(el.dataset.since), now);
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
