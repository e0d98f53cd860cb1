import { type RouteInput, resolveDestination, routeCandidates } from '../routing/resolve.js';
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
  // Set field by field, not spread in: the same keys, without a dictionary-mode object per handoff.
  const input: RouteInput = { urgency: context.trigger.urgency, extracted: context.extracted };
  if (args.department) input.department = args.department;
  if (context.extracted.issueType) input.issueType = context.extracted.issueType;
  if (language) input.language = language;
  const { destinations, routing, afterHours } = d.options;
  const candidates = routeCandidates(input, routing ?? [], destinations);
  const now = d.now();
  const resolved = candidates.map((key) => resolveDestination(key, destinations[key]!, now));
  const policy = afterHours ?? 'next_open';
  const open = resolved.filter((r) => r.open);
  const closed = resolved.filter((r) => !r.open).map((r) => r.key);
  if (policy === 'transfer_anyway' || open.length === resolved.length) return firstAndRest(resolved, closed);
  if (policy === 'next_open' && open.length > 0) return firstAndRest(open, closed);
  return { destination: undefined, remaining: [], closed };
}

function firstAndRest(candidates: ResolvedDestination[], closed: string[]): Route {
  const remaining: string[] = [];
  for (let i = 1; i < candidates.length; i++) remaining.push(candidates[i]!.key);
  return { destination: candidates[0], remaining, closed };
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
