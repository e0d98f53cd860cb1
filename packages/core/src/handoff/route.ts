import { resolveDestination, routeCandidates } from '../routing/resolve.js';
import type { LadderStep } from '../state/ladder.js';
import type { TransferArgs } from '../tool.js';
import type { HandoffContext, ResolvedDestination } from '../types.js';
import { type Deployment, messagesIn } from './deployment.js';

export interface Route {
  /** Where the first attempt goes; undefined when every candidate is closed and the policy says wait. */
  destination: ResolvedDestination | undefined;
  /** Destination keys the ladder may try next, in order. */
  remaining: string[];
  /** Candidates that were closed, for the after-hours line. */
  closed: string[];
}

/** Routing rules pick the candidates; business hours and the after-hours policy pick among them. */
export function chooseRoute(
  d: Deployment,
  args: TransferArgs,
  context: HandoffContext,
  language: string | undefined,
): Route {
  const input = {
    urgency: context.trigger.urgency,
    extracted: context.extracted,
    ...(args.department ? { department: args.department } : {}),
    ...(context.extracted.issueType ? { issueType: context.extracted.issueType } : {}),
    ...(language ? { language } : {}),
  };
  const { destinations, routing, afterHours } = d.options;
  const candidates = routeCandidates(input, routing ?? [], destinations);
  const now = d.now();
  const resolved = candidates.map((key) => resolveDestination(key, destinations[key]!, now));
  const policy = afterHours ?? 'next_open';
  const open = resolved.filter((r) => r.open);
  const closed = resolved.filter((r) => !r.open).map((r) => r.key);
  if (policy === 'transfer_anyway' || open.length === resolved.length) {
    const [destination, ...rest] = resolved;
    return { destination, remaining: rest.map((r) => r.key), closed };
  }
  if (policy === 'next_open' && open.length > 0) {
    const [destination, ...rest] = open;
    return { destination, remaining: rest.map((r) => r.key), closed };
  }
  return { destination: undefined, remaining: [], closed };
}

/** What happens when everything is closed: the after-hours policy, in the ladder's words. */
export function afterHoursStep(d: Deployment): LadderStep {
  const policy = d.options.afterHours ?? 'next_open';
  const messages = messagesIn(d, undefined);
  if (policy === 'voicemail' && d.capabilities.voicemail)
    return { kind: 'voicemail', sayToCaller: messages.voicemail };
  if (policy === 'callback' && d.capabilities.callback)
    return { kind: 'callback', sayToCaller: messages.callback };
  if (policy === 'back_to_ai' || policy === 'next_open') {
    return { kind: 'back_to_ai', reason: 'rejected', sayToCaller: messages.backToAi.rejected };
  }
  return { kind: 'hangup', sayToCaller: messages.hangup };
}
