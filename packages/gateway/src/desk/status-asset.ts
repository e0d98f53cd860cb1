import { createHash } from 'node:crypto';
import { FAILURE_OUTCOMES, HANDOFF_STATUSES, LIVE, TERMINAL } from '@handoff/core';
import type { Asset } from './assets.js';

/** The core's status machine as the desk reads it: every status, and which are live, failed or final. */
export function statusTable() {
  return {
    statuses: [...HANDOFF_STATUSES],
    live: HANDOFF_STATUSES.filter((s) => LIVE.has(s)),
    failed: [...FAILURE_OUTCOMES],
    terminal: HANDOFF_STATUSES.filter((s) => TERMINAL.has(s)),
  };
}

let built: Asset | undefined;

/**
 * `statuses.js`, a module the desk's scripts import, written from the core's tables at start-up
 * (packages/core/src/state/machine.ts): a status the core adds reaches the desk without a second
 * list to keep in step.
 */
export function statusAsset(): Asset {
  if (built) return built;
  const table = statusTable();
  const text =
    '// Written by the gateway from @handoff/core (state/machine.ts): do not copy these lists.\n' +
    `export const STATUSES = ${JSON.stringify(table.statuses)};\n` +
    `export const LIVE_STATUSES = ${JSON.stringify(table.live)};\n` +
    `export const FAILED_STATUSES = ${JSON.stringify(table.failed)};\n` +
    `export const TERMINAL_STATUSES = ${JSON.stringify(table.terminal)};\n`;
  const body = new Uint8Array(Buffer.from(text, 'utf8'));
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
  built = { body, type: 'text/javascript; charset=utf-8', etag };
  return built;
}
