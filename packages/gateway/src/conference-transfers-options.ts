import type { Handoff } from '@handoff/core';
import type { VobizClient } from '@handoff/vobiz';
import type { ConferenceLegs } from './conference-state.js';
import type { XmlSettings } from './handoff-xml.js';

export type ConferenceClient = Pick<VobizClient, 'makeCall' | 'transferCall' | 'hangupCall'>;

export interface ConferenceTransfersOptions {
  handoff: Handoff;
  client: ConferenceClient;
  legs: ConferenceLegs;
  xml: XmlSettings;
  callerId?: string;
  /** Longest the caller waits in the room (or a briefed human waits for them) before the next rung. */
  maxWaitSec: number;
  /** Answering-machine detection on the human's call (default on): a machine is never briefed. */
  machineDetection: boolean;
  /**
   * `keys`: after the brief the human presses 1 to take the call, 2 (busy) or 3 (wrong team) to
   * decline; the reason goes into the attempt and the ladder. `stream`: the consult agent registered
   * with `gateway.onConsult` talks with the human (the brief when none is). `none` (default): the
   * brief, then the room.
   */
  consult: 'none' | 'keys' | 'stream';
  /** What the human hears on their leg is in this language; unset, `humanLanguage()`'s rule. */
  humanLanguage?: string;
  /** Vobiz's analysis window (2000–10000 ms); Vobiz's default (5000) when unset. */
  machineDetectionTimeMs?: number;
  logger?: Pick<Console, 'warn' | 'error'>;
}
