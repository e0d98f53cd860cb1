import { timingSafeEqual } from 'node:crypto';
import { isHandoffError } from '../errors.js';
import { type HandoffRecord, type PublicHandoffRecord, publicRecord } from '../record.js';
import { TERMINAL } from '../state/machine.js';
import { keyPrefix, storeKey } from '../store/keys.js';
import type { HandoffStore, StoredRecord } from '../store/store.js';
import type { HandoffStatus } from '../types.js';

/** Reading and changing handoff records in the store; every other module goes through here. */

const DAY_MS = 24 * 60 * 60_000;
/** How long a finished handoff (and its call's claim) stays readable, unless `retentionMs` says otherwise. */
export const DEFAULT_RETENTION_MS = 30 * DAY_MS;
/** With retention off (`Infinity`), how far back a listing looks before it stops. */
const UNBOUNDED_LOOKBACK_DAYS = 366;
/** First tail read per day; each further one doubles, so reads stay within twice what is needed. */
const FIRST_TAIL = 16;

/** A usable retention: a positive number of ms, or `Infinity` to keep records forever. */
export function retentionOf(retentionMs: number | undefined): number {
  return retentionMs !== undefined && retentionMs > 0 ? retentionMs : DEFAULT_RETENTION_MS;
}

function indexKey(day: number): string {
  return storeKey('handoffIndex', day);
}

/**
 * Persists a new record and enters it in its creation day's index log, both sent at once (one
 * round trip on Redis, whose connection runs them in the order sent). The record is sent first:
 * an index entry whose record is missing is skipped by `list`, a record without an entry would
 * never be listed. A record born terminal (rejected) gets its retention at once. Resolves to the
 * version written, with `record` itself as the value (the store keeps its own copy, so this one
 * is the caller's to change): the next write can then skip the read (`updateKnown`).
 */
export async function createRecord(
  store: HandoffStore,
  record: HandoffRecord,
  retentionMs?: number,
): Promise<StoredRecord<HandoffRecord>> {
  const retention = retentionOf(retentionMs);
  const stored = store.put(storeKey('handoff', record.id), record, {
    expectedVersion: 0,
    ttlMs: TERMINAL.has(record.status) ? retention : undefined,
  });
  // The day's log outlives the last record it names by a day, so it never points past retention.
  const indexed = store.append(indexKey(Math.floor(record.createdAt / DAY_MS)), [record.id], {
    ttlMs: Number.isFinite(retention) ? retention + DAY_MS : undefined,
  });
  const [written] = await Promise.all([stored, indexed]);
  if (TERMINAL.has(record.status)) await expireClaim(store, record, retention);
  return { key: written.key, value: record, version: written.version, updatedAt: written.updatedAt };
}

/**
 * Writes `next`, the version after the one `createRecord` is writing now, without waiting for the
 * create's reply: called in the same tick as `createRecord`, the two go out together, one round
 * trip on Redis, whose connection runs commands in the order sent. `next` is a separate object
 * from the record being created (the store may still be reading that one). The write is
 * versioned against the create's version (1), so a write that landed in between, or a store that
 * ran the two out of order, makes it fall back, once the create is done, to a read-modify-write
 * with `fn`, as `updateKnown` does. Resolves to the record as written. A failed create is the
 * caller's to handle (it is awaited here only on that fallback).
 */
export async function updateCreated(
  store: HandoffStore,
  created: Promise<StoredRecord<HandoffRecord>>,
  next: HandoffRecord,
  fn: (record: HandoffRecord) => HandoffRecord | undefined,
  retentionMs?: number,
): Promise<HandoffRecord | undefined> {
  // A terminal version needs the claim's expiry too, which only `updateRecord` sees to.
  if (!TERMINAL.has(next.status)) {
    try {
      await store.put(storeKey('handoff', next.id), next, { expectedVersion: 1 });
      return next;
    } catch (error) {
      if (!isHandoffError(error, 'store_conflict')) throw error;
    }
  }
  await created;
  return updateRecord(store, next.id, fn, retentionMs);
}

export async function readRecord(store: HandoffStore, handoffId: string): Promise<HandoffRecord | undefined> {
  return (await store.get<HandoffRecord>(storeKey('handoff', handoffId)))?.value;
}

/**
 * A write through `updateRecord` or `updateKnown` (every one after a handoff's first two versions,
 * which `createRecord` and `updateCreated` write in one tick) moves `updatedAt` on from the version
 * it replaces, whatever the writer's clock says: the write that records the human's outcome is told apart by its time being the
 * disposition's (`events.ts`), so a later write in the same millisecond (a platform's post-call
 * report) must not read as a second disposal, and a clock behind another instance's must not
 * move the record back in time.
 */
function movedOn(next: HandoffRecord, before: number): void {
  if (!(next.updatedAt > before)) next.updatedAt = before + 1;
}

/** Read-modify-write of one record; undefined when there is no such handoff. */
export async function updateRecord(
  store: HandoffStore,
  handoffId: string,
  fn: (record: HandoffRecord) => HandoffRecord | undefined,
  retentionMs?: number,
): Promise<HandoffRecord | undefined> {
  const retention = retentionOf(retentionMs);
  const ttlMs = (next: HandoffRecord) => (TERMINAL.has(next.status) ? retention : undefined);
  let found = false;
  let wrote = false;
  const stored = await store.update<HandoffRecord>(
    storeKey('handoff', handoffId),
    (current) => {
      if (!current) return undefined;
      found = true;
      const before = current.updatedAt;
      const next = fn(current);
      wrote = next !== undefined;
      if (next !== undefined) movedOn(next, before);
      return next;
    },
    { ttlMs },
  );
  const record = found ? stored?.value : undefined;
  if (record && wrote && TERMINAL.has(record.status)) await expireClaim(store, record, retention);
  return record;
}

/**
 * `updateRecord` for a record this instance just wrote: `fn` changes `known.value` in place (the
 * caller's own copy, as `createRecord` hands it back; the caller reads it no more) and the result
 * is written against `known`'s version, with no read first. When something else wrote in between
 * (a callback during the farewell), it falls back to the read-modify-write, so `fn` then sees
 * what is stored, as with `updateRecord`. Resolves to the record as written.
 */
export async function updateKnown(
  store: HandoffStore,
  known: StoredRecord<HandoffRecord>,
  fn: (record: HandoffRecord) => HandoffRecord | undefined,
  retentionMs?: number,
): Promise<HandoffRecord | undefined> {
  const handoffId = known.value.id;
  const before = known.value.updatedAt;
  const next = fn(known.value);
  if (next !== undefined) movedOn(next, before);
  if (next !== undefined && !TERMINAL.has(next.status)) {
    try {
      // The store copies what it writes, so `next` stays this caller's: no copy read back.
      await store.put(storeKey('handoff', handoffId), next, { expectedVersion: known.version });
      return next;
    } catch (error) {
      if (!isHandoffError(error, 'store_conflict')) throw error;
    }
  }
  return updateRecord(store, handoffId, fn, retentionMs);
}

/**
 * The call's claim expires with its finished handoff, while it still names that handoff: a newer
 * handoff's claim on the same call is left alone. Until it expires, a repeated request for the
 * call still finds the finished one.
 */
async function expireClaim(store: HandoffStore, record: HandoffRecord, retention: number): Promise<void> {
  if (!Number.isFinite(retention)) return;
  // Marked retired, so the owner's lease renewal (still running if the call ended mid-transfer)
  // does not write it back without the ttl (call-claim.ts).
  await store.update<{ handoffId: string; retired?: true }>(
    storeKey('callLock', record.callId),
    (lock) => (lock?.handoffId === record.id ? { ...lock, retired: true } : undefined),
    { ttlMs: () => retention },
  );
}

export async function getPublic(
  store: HandoffStore,
  handoffId: string,
): Promise<PublicHandoffRecord | undefined> {
  const record = await readRecord(store, handoffId);
  return record ? publicRecord(record) : undefined;
}

export interface ListFilter {
  status?: HandoffStatus | HandoffStatus[];
  destination?: string;
  limit?: number;
}

/**
 * The newest handoffs first. Reads the day index logs from today backwards, each from its tail,
 * until `limit` records match: without a filter that is about `limit` ids and records whatever
 * the history. A filter reads on until enough match (rare statuses cost more). Only when no
 * index log in the whole retention window names anything (a store written before the index
 * existed) does it fall back to scanning every record.
 */
export async function listPublic(
  store: HandoffStore,
  filter: ListFilter = {},
  options: { now?: () => number; retentionMs?: number } = {},
): Promise<PublicHandoffRecord[]> {
  const limit = Math.max(0, filter.limit ?? 100);
  const statuses = filter.status === undefined ? undefined : [filter.status].flat();
  const matches = (r: HandoffRecord) =>
    (statuses ? statuses.includes(r.status) : true) &&
    (filter.destination ? r.destination?.key === filter.destination : true);
  const retention = retentionOf(options.retentionMs);
  const today = Math.floor((options.now ?? Date.now)() / DAY_MS);
  const days = Number.isFinite(retention) ? Math.ceil(retention / DAY_MS) + 1 : UNBOUNDED_LOOKBACK_DAYS;

  const found: HandoffRecord[] = [];
  const seen = new Set<string>();
  let indexed = false;
  for (let day = today; day > today - days && found.length < limit; day--) {
    let read = 0;
    for (let tail = FIRST_TAIL; found.length < limit; tail *= 2) {
      const want = Math.max(tail, read + limit - found.length);
      tail = want;
      const ids = await store.range<string>(indexKey(day), -want);
      if (ids.length > 0) indexed = true;
      // The tail read again includes what the last read already went through.
      const fresh = ids.slice(0, ids.length - read).reverse();
      read = ids.length;
      for (const id of fresh) {
        if (found.length >= limit) break;
        if (typeof id !== 'string' || seen.has(id)) continue;
        seen.add(id);
        const record = await readRecord(store, id);
        if (record && matches(record)) found.push(record);
      }
      if (fresh.length === 0 || ids.length < want) break;
    }
  }
  if (!indexed) return scanPublic(store, matches, limit);
  return found.sort((a, b) => b.createdAt - a.createdAt).map(publicRecord);
}

/** Every record, read and sorted: only for a store with no index entries at all. */
async function scanPublic(
  store: HandoffStore,
  matches: (r: HandoffRecord) => boolean,
  limit: number,
): Promise<PublicHandoffRecord[]> {
  const records = await store.list<HandoffRecord>(keyPrefix('handoff'));
  return records
    .map((r) => r.value)
    .filter(matches)
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, limit)
    .map(publicRecord);
}

/**
 * A handoff's token against one a request carried, in constant time, so the token on the handoff,
 * whisper and Vobiz callback URLs cannot be guessed byte by byte.
 */
export function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function tokenMatches(
  store: HandoffStore,
  handoffId: string,
  token: string | null | undefined,
): Promise<boolean> {
  if (!token) return false;
  const record = await readRecord(store, handoffId);
  return record !== undefined && sameToken(record.token, token);
}
