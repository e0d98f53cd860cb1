/**
 * Every key space in a handoff store, the core's and the gateway's, in one table: two features
 * sharing one store can only stay apart if nobody picks a prefix another already uses, and a
 * store author (or someone reading a Redis dump) can see what lives where. A feature that needs
 * a new space adds it here instead of writing a string literal where it calls the store.
 */
export const KEY_SPACES = {
  handoff: { prefix: 'handoff:', owner: 'core', holds: 'a handoff record: packet, status, ladder' },
  callLock: {
    prefix: 'call:',
    owner: 'core',
    holds: "a call's latest handoff id, the idempotency lock across instances",
  },
  handoffIndex: {
    prefix: 'handoff-index:',
    owner: 'core',
    holds: "one UTC day's handoff ids as an append-only log, newest last: what list() reads",
  },
  session: {
    prefix: 'session:',
    owner: 'core',
    holds: "a call's session as an append-only log (start, turns, facts), read by every instance",
  },
  callEnded: {
    prefix: 'call-ended:',
    owner: 'gateway',
    holds: 'a hang-up, written so every instance ends its copy of the session',
  },
  media: { prefix: 'media:', owner: 'gateway', holds: 'what a <Stream> URL token stands for' },
  mediaCall: { prefix: 'media-call:', owner: 'gateway', holds: "a call's current media token" },
  mediaResume: {
    prefix: 'media-resume:',
    owner: 'gateway',
    holds: 'the media token a caller returns to after a handoff that did not connect',
  },
  callback: { prefix: 'callback:', owner: 'gateway', holds: 'a promise to call the customer back' },
  conference: {
    prefix: 'conference:',
    owner: 'gateway',
    holds:
      "a conference warm transfer's legs: the human's call per attempt, when the caller was moved and entered the room",
  },
  conferenceWait: {
    prefix: 'conference-wait:',
    owner: 'gateway',
    holds:
      "a conference warm transfer's wait deadline, which every instance's sweep enforces, and under `due:<window>` the log of deadlines falling due in each 5-second window, which the sweep reads instead of listing keys",
  },
  conferenceWaitClaim: {
    prefix: 'conference-wait-claim:',
    owner: 'gateway',
    holds: 'which instance expires one wait deadline',
  },
  voicemail: { prefix: 'voicemail:', owner: 'gateway', holds: "a voicemail's recording" },
  webhookClaim: {
    prefix: 'webhook-claim:',
    owner: 'gateway',
    holds: 'which instance delivers one webhook event to one target',
  },
  webhookDead: { prefix: 'webhook-dead:', owner: 'gateway', holds: 'a webhook delivery that gave up' },
  vobizNonce: {
    prefix: 'vobiz-nonce:',
    owner: 'gateway',
    holds: 'a Vobiz signature nonce already seen, so a replay to another instance fails',
  },
  linePlayed: {
    prefix: 'line-played:',
    owner: 'gateway',
    holds: 'a remote platform saying a line has played, for the /v1 call port',
  },
  clientToken: {
    prefix: 'client-token:',
    owner: 'gateway',
    holds: "a short-lived /v1 client token: the one call it may act on, its expiry, its secret's hash",
  },
  inboundCall: {
    prefix: 'inbound-call:',
    owner: 'core',
    holds:
      "the SIP dials to an AI platform by caller number, each dial's claim, and a platform call's Vobiz call: how a platform request without X-VH-handoffCall finds its call",
  },
  liveCall: {
    prefix: 'live-call:',
    owner: 'core',
    holds: 'what a supervisor sees of an AI call in progress: transcript tail, sentiment, facts, audit',
  },
  liveAction: {
    prefix: 'live-action:',
    owner: 'core',
    holds: "a supervisor's hint or take-over for a live call, done by the instance that has the call",
  },
  aiCallLog: {
    prefix: 'ai-call-log:',
    owner: 'core',
    holds:
      "one UTC day's AI calls (call id, start, platform) as an append-only log: the denominator of the handoff rate",
  },
  platformReplay: {
    prefix: 'platform-replay:',
    owner: 'plugin',
    holds:
      "a platform's signed request already accepted (Retell, ElevenLabs, Ultravox signatures), so a replay to any instance is refused",
  },
} as const satisfies Record<string, { prefix: string; owner: 'core' | 'gateway' | 'plugin'; holds: string }>;

export type KeySpace = keyof typeof KEY_SPACES;

/** The prefix of a key space, for `list` and `subscribe`. */
export function keyPrefix(space: KeySpace): string {
  return KEY_SPACES[space].prefix;
}

/** A key in a space; several parts are joined with `:` (`webhookClaim`: handoff, version, target). */
export function storeKey(space: KeySpace, ...parts: Array<string | number>): string {
  return `${KEY_SPACES[space].prefix}${parts.join(':')}`;
}

/** What follows the space's prefix in `key`, or undefined for a key of another space. */
export function keyId(space: KeySpace, key: string): string | undefined {
  const prefix = KEY_SPACES[space].prefix;
  return key.startsWith(prefix) ? key.slice(prefix.length) : undefined;
}
