import { sleep, untilAborted } from './clock.js';
import type { EndpointBehaviour } from './types.js';

export const DEFAULT_ENDPOINT: EndpointBehaviour = { kind: 'answer', afterMs: 100 };

/**
 * Canonical key for a dial target so `+919800000001`, `919800000001` and `sip:Agent@PBX;transport=tcp`
 * vs `sip:agent@pbx` match the way a user would expect.
 */
export function normaliseTarget(target: string): string {
  const t = target.trim();
  const sip = /^sips?:(.*)$/i.exec(t);
  if (sip) return `sip:${(sip[1] ?? '').split(';')[0]?.toLowerCase()}`;
  if (t.includes('@')) return `sip:${t.split(';')[0]?.toLowerCase()}`;
  return t.replace(/[\s()-]/g, '').replace(/^\+/, '');
}

export class EndpointDirectory {
  private readonly byKey = new Map<string, EndpointBehaviour>();

  constructor(
    initial: Record<string, EndpointBehaviour> | undefined,
    private fallback: EndpointBehaviour = DEFAULT_ENDPOINT,
  ) {
    for (const [target, behaviour] of Object.entries(initial ?? {})) this.set(target, behaviour);
  }

  set(target: string, behaviour: EndpointBehaviour): void {
    this.byKey.set(normaliseTarget(target), behaviour);
  }

  setDefault(behaviour: EndpointBehaviour): void {
    this.fallback = behaviour;
  }

  resolve(target: string): EndpointBehaviour {
    return this.byKey.get(normaliseTarget(target)) ?? this.fallback;
  }
}

export type RingOutcome = 'answered' | 'machine' | 'busy' | 'rejected' | 'failed';

const DEFAULT_AFTER_MS: Record<EndpointBehaviour['kind'], number> = {
  answer: 100,
  voicemail: 100,
  ivr: 100,
  busy: 50,
  reject: 100,
  fail: 20,
  no_answer: 0,
};

/** Rings a simulated phone. Never settles for `no_answer`: the caller's ring timeout decides. */
export async function ring(behaviour: EndpointBehaviour, signal: AbortSignal): Promise<RingOutcome> {
  if (behaviour.kind === 'no_answer') return untilAborted(signal);
  await sleep(behaviour.afterMs ?? DEFAULT_AFTER_MS[behaviour.kind], signal);
  switch (behaviour.kind) {
    case 'answer':
      return 'answered';
    case 'voicemail':
    case 'ivr':
      return 'machine';
    case 'busy':
      return 'busy';
    case 'reject':
      return 'rejected';
    case 'fail':
      return 'failed';
  }
}

export function hangupAfterMs(behaviour: EndpointBehaviour): number | undefined {
  return behaviour.kind === 'answer' || behaviour.kind === 'voicemail' || behaviour.kind === 'ivr'
    ? behaviour.hangupAfterMs
    : undefined;
}

/** Who picked up, for the log: a person, or the machine Vobiz's detection would report. */
export function answeredBy(behaviour: EndpointBehaviour): 'human' | 'voicemail' | 'ivr' {
  return behaviour.kind === 'voicemail' || behaviour.kind === 'ivr' ? behaviour.kind : 'human';
}
