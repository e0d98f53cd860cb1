import { INCOMING } from './status.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export const els = {
  app: document.getElementById('app'),
  list: document.getElementById('handoffs'),
  empty: document.getElementById('empty'),
  detail: document.getElementById('detail'),
  select: document.getElementById('destination'),
  filter: document.getElementById('filter'),
  apply: document.getElementById('apply-filter'),
  topbar: document.querySelector('.topbar'),
  skip: document.querySelector('a.skip'),
  live: document.getElementById('live'),
  signin: document.getElementById('signin'),
  signinError: document.getElementById('signin-error'),
  announcer: document.getElementById('announcer'),
  statusAnnouncer: document.getElementById('status-announcer'),
  calls: document.getElementById('calls'),
  callsSection: document.getElementById('calls-section'),
  callsEmpty: document.getElementById('calls-empty'),
};

export const state = {
  /** handoffId → public record */
  records: new Map(),
  /** handoffId → last event version seen */
  versions: new Map(),
  selected: undefined,
  /** callId → live AI call (supervisors only) */
  calls: new Map(),
  selectedCall: undefined,
  me: undefined,
  destinations: [],
  destination: '',
  source: undefined,
  retries: 0,
  retryTimer: undefined,
  renderedKey: undefined,
  title: document.title,
};

/** A hash naming an element of the page (the skip link's `#detail`) is a place, not a handoff. */
export function idFromHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  return ID.test(id) && !document.getElementById(id) ? id : undefined;
}

/** Keeps the newest state of each record: by event version, else by `updatedAt` (snapshot vs. event). */
export function upsert(record, version) {
  const known = state.versions.get(record.id);
  if (version !== undefined && known !== undefined && version <= known) return false;
  const current = state.records.get(record.id);
  if (current && record.updatedAt < current.updatedAt) return false;
  state.records.set(record.id, record);
  if (version !== undefined) state.versions.set(record.id, version);
  return true;
}

export function sorted() {
  return [...state.records.values()].sort((a, b) => b.createdAt - a.createdAt);
}

export function newestIncoming() {
  return sorted().find((r) => INCOMING.has(r.status));
}

/** Whether a record belongs on `destination`'s desk: the server's rule (`filters.ts`), for the open one. */
export function onDesk(record, destination) {
  if (!destination) return true;
  const ctx = record.context ?? {};
  return (
    record.destination?.key === destination ||
    ctx.destination?.key === destination ||
    (ctx.dialAttempts ?? []).some((a) => a.destination === destination)
  );
}
