import { randomUUID } from 'node:crypto';
import { claimOnce } from '../store/claim-once.js';
import { storeKey } from '../store/keys.js';
import type { HandoffStore } from '../store/store.js';

/**
 * The gateway's record of the SIP calls it dialled to an AI platform, for a platform request that
 * does not carry the Vobiz call UUID (`X-VH-handoffCall` dropped by a trunk, a dynamic variable
 * not mapped). The platform sees the caller's number, the number rung and when its call arrived;
 * the gateway wrote the same when it answered Vobiz with `<Dial><User>`. A platform call takes
 * the most recent dial that fits and claims it in the store, so two platform calls never take the
 * same Vobiz call, on any instance.
 *
 * Numbers are compared on their last 10 digits (`+91 98111 11111`, `919811111111` and
 * `09811111111` are one caller). Two calls at once from one number to one agent cannot be told
 * apart this way (nor can calls when the dial presents one fixed caller ID): the header is exact.
 */

/** One SIP dial to the AI, as the gateway made it. */
export interface InboundCallDial {
  /** The Vobiz call UUID. */
  callId: string;
  /**
   * The numbers the platform may show as the caller: the `<Dial callerId>` the leg presents and
   * the caller's own number. Empty and non-numeric values are skipped.
   */
  from: ReadonlyArray<string | null | undefined>;
  /** The numbers (or SIP URIs, read for their user part) the platform may show as the number rung. */
  to: ReadonlyArray<string | null | undefined>;
}

/** A platform's call, as its request describes it. */
export interface InboundCallSighting {
  /** `retell`, `vapi`, …: one platform's call ids never collide with another's. */
  platform: string;
  /** The platform's own id for its call. */
  platformCallId: string;
  from?: string | null | undefined;
  to?: string | null | undefined;
  /** When the platform's call started (epoch ms). Default: now. */
  arrivedAt?: number | null | undefined;
}

export interface InboundCallIndexOptions {
  now?: () => number;
  /** How long after a dial a platform call may still arrive and take it. Default 60 s. */
  windowMs?: number;
}

/** Vobiz answers, then the platform picks up the INVITE: seconds, not minutes. */
export const INBOUND_CALL_WINDOW_MS = 60_000;
/** The platform's clock may run ahead of ours. */
const CLOCK_SKEW_MS = 10_000;
/** A claimed dial names its Vobiz call for as long as a platform call may last. */
const CLAIM_TTL_MS = 12 * 60 * 60 * 1000;
/** Dials kept per caller number: a number that calls more often than this within the window is a test rig. */
const MAX_DIALS = 100;

interface Dial {
  id: string;
  callId: string;
  at: number;
  to: string[];
}

interface Dials {
  dials: Dial[];
}

interface Claimed {
  platform: string;
  platformCallId: string;
}

/** The last 10 digits of a number or of a SIP URI's user part; undefined when there are fewer than 4. */
export function numberKey(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const sip = /^sips?:([^@;]+)/iu.exec(value.trim());
  const digits = (sip ? (sip[1] ?? '') : value).replace(/\D+/gu, '');
  return digits.length >= 4 ? digits.slice(-10) : undefined;
}

const keys = (values: ReadonlyArray<string | null | undefined>) => [
  ...new Set(values.map(numberKey).filter((key): key is string => key !== undefined)),
];

const dialsKey = (from: string) => storeKey('inboundCall', 'from', from);
const claimId = (dialId: string) => `dial:${dialId}`;
const platformKey = (platform: string, id: string) => storeKey('inboundCall', 'platform', platform, id);

/**
 * Notes a dial to the AI under every number the platform may show as the caller. Called by the
 * gateway when it answers a Vobiz call with the AI's SIP URI (and when it sends the call back).
 */
export async function recordInboundCall(
  store: HandoffStore,
  dial: InboundCallDial,
  options: InboundCallIndexOptions = {},
): Promise<void> {
  const now = (options.now ?? Date.now)();
  const windowMs = options.windowMs ?? INBOUND_CALL_WINDOW_MS;
  const entry: Dial = { id: randomUUID(), callId: dial.callId, at: now, to: keys(dial.to) };
  await Promise.all(
    keys(dial.from).map((from) =>
      store.update<Dials>(
        dialsKey(from),
        (current) => {
          // A retried answer replaces its first dial: one Vobiz call is never two platform calls' at once.
          const fresh = (current?.dials ?? []).filter(
            (d) => d.at > now - windowMs - CLOCK_SKEW_MS && d.callId !== dial.callId,
          );
          return { dials: [...fresh, entry].slice(-MAX_DIALS) };
        },
        { ttlMs: () => windowMs + CLOCK_SKEW_MS },
      ),
    ),
  );
}

/**
 * The Vobiz call UUID of a platform call that carries none: the one it claimed before, else the
 * most recent unclaimed dial from its caller to its number that it could be (dialled at most
 * `windowMs` before it arrived), claimed now. Undefined when nothing fits.
 */
export async function claimInboundCall(
  store: HandoffStore,
  sighting: InboundCallSighting,
  options: InboundCallIndexOptions = {},
): Promise<string | undefined> {
  const { platform, platformCallId } = sighting;
  const known = await store.get<{ callId: string }>(platformKey(platform, platformCallId));
  if (known) return known.value.callId;
  const from = numberKey(sighting.from);
  if (!from) return undefined;
  const now = (options.now ?? Date.now)();
  const windowMs = options.windowMs ?? INBOUND_CALL_WINDOW_MS;
  const arrivedAt =
    typeof sighting.arrivedAt === 'number' && sighting.arrivedAt > 0 ? sighting.arrivedAt : now;
  const to = numberKey(sighting.to);
  const dials = (await store.get<Dials>(dialsKey(from)))?.value.dials ?? [];
  const fits = dials.filter(
    (d) =>
      d.at >= arrivedAt - windowMs &&
      d.at <= arrivedAt + CLOCK_SKEW_MS &&
      (to === undefined || d.to.length === 0 || d.to.includes(to)),
  );
  // Dialled before the platform's call arrived, latest first; then any the skew lets in, earliest first.
  const before = fits.filter((d) => d.at <= arrivedAt).sort((a, b) => b.at - a.at);
  const after = fits.filter((d) => d.at > arrivedAt).sort((a, b) => a.at - b.at);
  const mine: Claimed = { platform, platformCallId };
  for (const dial of [...before, ...after]) {
    if (!(await claimOnce(store, 'inboundCall', claimId(dial.id), CLAIM_TTL_MS, mine))) {
      // Taken: by another platform call, or by this one on another instance a moment ago.
      const holder = await store.get<Claimed>(storeKey('inboundCall', claimId(dial.id)));
      if (holder?.value.platform !== platform || holder.value.platformCallId !== platformCallId) continue;
    }
    await store.put(platformKey(platform, platformCallId), { callId: dial.callId }, { ttlMs: CLAIM_TTL_MS });
    return dial.callId;
  }
  return undefined;
}
