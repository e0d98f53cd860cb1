import { timingSafeEqual } from 'node:crypto';
import { type HandoffRecord, type PublicHandoffRecord, publicRecord } from '../record.js';
import { keyPrefix, storeKey } from '../store/keys.js';
import type { HandoffStore } from '../store/store.js';
import type { HandoffStatus } from '../types.js';

/** Reading and changing handoff records in the store; every other module goes through here. */

export async function readRecord(store: HandoffStore, handoffId: string): Promise<HandoffRecord | undefined> {
  return (await store.get<HandoffRecord>(storeKey('handoff', handoffId)))?.value;
}

/** Read-modify-write of one record; undefined when there is no such handoff. */
export async function updateRecord(
  store: HandoffStore,
  handoffId: string,
  fn: (record: HandoffRecord) => HandoffRecord | undefined,
): Promise<HandoffRecord | undefined> {
  let found = false;
  const stored = await store.update<HandoffRecord>(storeKey('handoff', handoffId), (current) => {
    if (!current) return undefined;
    found = true;
    return fn(current);
  });
  return found ? stored?.value : undefined;
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

export async function listPublic(
  store: HandoffStore,
  filter: ListFilter = {},
): Promise<PublicHandoffRecord[]> {
  const statuses = filter.status === undefined ? undefined : [filter.status].flat();
  const records = await store.list<HandoffRecord>(keyPrefix('handoff'));
  return records
    .map((r) => r.value)
    .filter((r) => (statuses ? statuses.includes(r.status) : true))
    .filter((r) => (filter.destination ? r.destination?.key === filter.destination : true))
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, filter.limit ?? 100)
    .map(publicRecord);
}

/** Constant-time, so the token on the handoff and whisper URLs cannot be guessed byte by byte. */
export async function tokenMatches(
  store: HandoffStore,
  handoffId: string,
  token: string | null | undefined,
): Promise<boolean> {
  if (!token) return false;
  const record = await readRecord(store, handoffId);
  if (!record) return false;
  const a = Buffer.from(record.token);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
