// The lists come from the core through the gateway (statuses.js is written at start-up).
import { FAILED_STATUSES, LIVE_STATUSES } from './statuses.js';

/** Statuses in which the call is on its way to a human: what the desk pops on screen. */
export const INCOMING = new Set(LIVE_STATUSES.filter((status) => status !== 'connected'));
const FAILED = new Set(FAILED_STATUSES);

export function statusTone(status) {
  if (INCOMING.has(status)) return 'incoming';
  if (status === 'connected') return 'connected';
  if (FAILED.has(status)) return 'failed';
  return 'done';
}

export function statusLabel(status) {
  return String(status).replaceAll('_', ' ');
}

export function isLive(status) {
  return LIVE_STATUSES.includes(status);
}
