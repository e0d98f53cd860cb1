import type { DialLeg } from './call.js';
import type { RingOutcome } from './endpoints.js';
import type { DialStatus } from './events.js';
import {
  busyLine,
  normalHangup,
  outOfService,
  rejected,
  scheduledHangup,
  unknownCallerId,
} from './hangup-causes.js';
import type { HangupInfo } from './types.js';

/** How a `<Dial>` ended, in the causes and statuses Vobiz reports for it. */

/** What ended a bridge: the human hanging up, timeLimit, the caller's `*`, or a B-leg transfer. */
export type BridgeEnd = 'callee' | 'time_limit' | 'star' | 'transfer';

/** The hang-up a B-leg that never answered reports. */
export function failureCause(
  result: Exclude<RingOutcome, 'answered' | 'machine'> | 'unknown_caller_id',
): HangupInfo {
  switch (result) {
    case 'busy':
      return busyLine;
    case 'rejected':
      return rejected;
    case 'failed':
      return outOfService;
    case 'unknown_caller_id':
      return unknownCallerId;
  }
}

/** The hang-up the bridged leg reports, by what ended the bridge. */
export function bridgeEndHangup(by: BridgeEnd): HangupInfo {
  return by === 'time_limit'
    ? scheduledHangup
    : by === 'star'
      ? normalHangup('Caller')
      : by === 'transfer'
        ? normalHangup('API Request')
        : normalHangup('Callee');
}

/** DialStatus and DialHangupCause when no leg answered, from how each leg ended. */
export function unansweredResult(legs: readonly DialLeg[]): { status: DialStatus; cause: string } {
  const ends = legs.map((l) => l.hangup);
  const status: DialStatus = ends.some((h) => h?.cause === 'NO_ANSWER')
    ? 'no-answer'
    : ends.some((h) => h?.code === busyLine.code || h?.code === rejected.code)
      ? 'busy'
      : 'failed';
  const cause =
    status === 'no-answer'
      ? 'NO_ANSWER'
      : status === 'busy'
        ? ends.some((h) => h?.code === busyLine.code)
          ? busyLine.cause
          : rejected.cause
        : (ends[0]?.cause ?? 'NORMAL_TEMPORARY_FAILURE');
  return { status, cause };
}
