import type { HandoffResult } from '../handoff-types.js';
import { type Deployment, messagesIn } from './deployment.js';
import { readRecord } from './records.js';

const DEFAULT_UNKNOWN_OUTCOME_GRACE_MS = 3_000;
/** How often the evidence of a moved call is looked for during the grace. */
const EVIDENCE_POLL_MS = 50;
/** Callback-driven statuses that say the call is already where the callbacks put it. */
const MOVED_ON = new Set(['ringing', 'connected', 'completed']);

/** How long a request whose outcome is unknown waits for evidence before another may be sent. */
export function graceMs(d: Deployment): number {
  return d.options.unknownOutcomeGraceMs ?? DEFAULT_UNKNOWN_OUTCOME_GRACE_MS;
}

/**
 * Whether something other than this request moved the handoff past `attempt` (the gateway
 * served the handoff XML and reported the human ringing, a callback ended or failed it),
 * looking again until `graceMs` has passed. Real time, not the deployment's clock: this waits
 * on Vobiz's network, which a test clock does not move.
 */
export async function acted(
  d: Deployment,
  handoffId: string,
  attempt: number,
  graceMs: number,
): Promise<boolean> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const record = await readRecord(d.store, handoffId);
    if (!record) return false;
    if (record.ladder.attempt !== attempt || record.status !== 'transferring') return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(EVIDENCE_POLL_MS, graceMs)));
  }
}

/** The answer for a handoff the callbacks moved on: where the call is, never "could not connect". */
export async function asRecorded(
  d: Deployment,
  handoffId: string,
  result: HandoffResult,
): Promise<HandoffResult> {
  const record = await readRecord(d.store, handoffId);
  if (!record) return result;
  const answer: HandoffResult = { ...result, status: record.status };
  if (record.context.destination) answer.destination = record.context.destination;
  if (MOVED_ON.has(record.status) || record.status === 'transferring') return answer;
  // A callback ended the attempt (no answer, the caller left): its ladder step stands.
  const step = record.lastStep;
  if (step) answer.fallback = step;
  answer.sayToCaller =
    step && 'sayToCaller' in step
      ? step.sayToCaller
      : messagesIn(d, record.context.extracted.language).unavailable;
  return answer;
}
