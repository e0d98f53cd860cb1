import type { HandoffResult } from '../handoff-types.js';
import { fill } from '../messages.js';
import type { HandoffRecord } from '../record.js';
import { describeTrigger, type Session, type TransferOptions } from '../session.js';
import type { TransferArgs } from '../tool.js';
import { type Deployment, messagesIn } from './deployment.js';
import { randomToken } from './random-ids.js';
import { afterHoursStep, chooseRoute } from './route.js';

/** The packet and where it goes, or the after-hours answer when nowhere is open. */
export function decideHandoff(
  d: Deployment,
  session: Session,
  args: TransferArgs,
  options: TransferOptions,
  handoffId: string,
  triggeredAt: number,
): { record: HandoffRecord; result: HandoffResult } {
  session.applyArgs(args);
  const language = session.extracted.language;
  const messages = messagesIn(d, language);
  const trigger = describeTrigger(
    options.trigger?.kind ?? 'tool',
    args.reason,
    args.urgency,
    options.trigger?.firing,
  );
  const context = session.context(handoffId, trigger);
  // The label always follows the score (issue 16: one truth per fact); the LLM's own reading
  // of the mood does not overwrite it.
  context.timings.triggeredAt = triggeredAt;
  const route = chooseRoute(d, args, context, language ?? d.options.language);
  const now = d.now();
  const record: HandoffRecord = {
    id: handoffId,
    token: randomToken(24),
    callId: session.callId,
    status: 'persisted',
    context,
    ladder: { rung: 0, remaining: route.remaining, attempt: 0 },
    createdAt: now,
    updatedAt: now,
  };
  context.timings.persistedAt = now;
  if (route.destination) {
    record.destination = route.destination;
    context.destination = { key: route.destination.key, label: route.destination.label };
    context.status = record.status;
    const sayToCaller = fill(messages.transferring, { label: route.destination.label });
    return {
      record,
      result: { handoffId, status: 'persisted', sayToCaller, destination: context.destination },
    };
  }
  // Every candidate is closed: the after-hours behaviour decides, in the ladder's words.
  const label = d.options.destinations[route.closed[0] ?? '']?.label ?? 'support';
  const step = afterHoursStep(d);
  record.status = 'rejected';
  record.reason = 'after_hours';
  record.lastStep = step;
  context.status = record.status;
  context.outcome = { status: 'rejected', detail: 'after_hours', at: now };
  const tail = 'sayToCaller' in step ? ` ${step.sayToCaller}` : '';
  const sayToCaller = `${fill(messages.afterHours, { label })}${tail}`.trim();
  return {
    record,
    result: { handoffId, status: 'rejected', reason: 'after_hours', sayToCaller, fallback: step },
  };
}
