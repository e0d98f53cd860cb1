import { HandoffError } from '@handoff/core';
import {
  AUDIO_TRACKS,
  absoluteUrl,
  dtmfDigits,
  type Fail,
  HTTP_METHODS,
  integer,
  type KeyValues,
  keyValueList,
  nonEmpty,
  oneOf,
  STREAM_CONTENT_TYPES,
} from './validate.js';
import type {
  ConferenceAttributes,
  DialAttributes,
  DtmfAttributes,
  GatherAttributes,
  HangupAttributes,
  NumberAttributes,
  PlayAttributes,
  RecordAttributes,
  RedirectAttributes,
  SpeakAttributes,
  StreamAttributes,
  UserAttributes,
  WaitAttributes,
} from './xml-attributes.js';

/**
 * How each VobizXML attribute is checked and serialised: one rule per attribute, per element.
 * A rule returns the attribute's string value or throws `HandoffError('invalid_xml')`.
 */

export const fail: Fail = (message) => {
  throw new HandoffError('invalid_xml', message);
};

export type Rule = (value: unknown, label: string) => string;

const bool: Rule = (value, label) =>
  typeof value === 'boolean'
    ? String(value)
    : fail(`${label} must be true or false; got ${JSON.stringify(value)}`);
const int =
  (min = 0, max?: number): Rule =>
  (value, label) =>
    String(integer(value, label, fail, max === undefined ? { min } : { min, max }));
export const url: Rule = (value, label) => absoluteUrl(value, label, fail);
const method: Rule = (value, label) => oneOf(value, HTTP_METHODS, label, fail);
export const text: Rule = (value, label) => nonEmpty(value, label, fail);
const anyOf =
  <T extends string>(allowed: readonly T[]): Rule =>
  (value, label) =>
    oneOf(value, allowed, label, fail);
export const digits: Rule = (value, label) => dtmfDigits(value, label, fail);
const keyValues =
  (maxBytes?: number): Rule =>
  (value, label) =>
    keyValueList(value as KeyValues | string, label, fail, maxBytes);
const finishOnKey: Rule = (value, label) =>
  typeof value === 'string' && /^([0-9*#]?|none)$/.test(value)
    ? value
    : fail(`${label} must be one of 0-9, *, #, "" or "none"; got ${JSON.stringify(value)}`);
const confirmKey: Rule = (value, label) =>
  typeof value === 'string' && /^[0-9*#]$/.test(value)
    ? value
    : fail(`${label} must be a single digit 0-9, * or #; got ${JSON.stringify(value)}`);
const digitPatterns: Rule = (value, label) => {
  const patterns = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [value];
  for (const pattern of patterns) {
    if (typeof pattern !== 'string' || !/^[0-9*#]+$/.test(pattern)) {
      fail(`${label} patterns may contain only 0-9, * and #; got ${JSON.stringify(pattern)}`);
    }
  }
  return patterns.join(',');
};
export const urlOr =
  (...keywords: string[]): Rule =>
  (value, label) =>
    typeof value === 'string' && keywords.includes(value) ? value : url(value, label);
const intOr =
  (keyword: string, min: number, max: number): Rule =>
  (value, label) =>
    value === keyword ? keyword : int(min, max)(value, label);
const list: Rule = (value, label) => {
  if (typeof value === 'string') return text(value, label);
  if (!Array.isArray(value)) return fail(`${label} must be a string or an array of strings`);
  return value.map((v: unknown) => text(v, label)).join(',');
};

export type Rules<A> = { readonly [K in keyof Required<A>]: Rule };
export const SPEAK: Rules<SpeakAttributes> = { voice: text, language: text, loop: int() };
export const PLAY: Rules<PlayAttributes> = { loop: int() };
export const WAIT: Rules<WaitAttributes> = { length: int(1), silence: bool, minSilence: int(), beep: bool };
export const DIAL: Rules<DialAttributes> = {
  action: url,
  method,
  redirect: bool,
  callbackUrl: url,
  callbackMethod: method,
  callerId: text,
  callerName: text,
  timeout: int(1),
  timeLimit: int(1),
  hangupOnStar: bool,
  dialMusic: urlOr('real'),
  confirmSound: url,
  confirmKey,
  confirmTimeout: int(1),
  digitsMatch: digitPatterns,
  digitsMatchBLeg: digitPatterns,
  sipHeaders: keyValues(),
};
export const NUMBER: Rules<NumberAttributes> = { sendDigits: digits, sendOnPreanswer: bool };
export const USER: Rules<UserAttributes> = { ...NUMBER, sipHeaders: keyValues() };
export const STREAM: Rules<StreamAttributes> = {
  bidirectional: bool,
  audioTrack: anyOf(AUDIO_TRACKS),
  contentType: (value, label) =>
    typeof value === 'string' && /rate=24000/.test(value)
      ? fail(
          `${label} cannot be 24 kHz: Vobiz accepts it but delivers no usable inbound media (send 24 kHz out only)`,
        )
      : oneOf(value, STREAM_CONTENT_TYPES, label, fail),
  keepCallAlive: bool,
  streamTimeout: int(1),
  statusCallbackUrl: url,
  statusCallbackMethod: method,
  extraHeaders: keyValues(512),
  maxRetries: int(0, 10),
};
export const REDIRECT: Rules<RedirectAttributes> = { method };
export const HANGUP: Rules<HangupAttributes> = { reason: anyOf(['rejected', 'busy']), schedule: int(1) };
export const RECORD: Rules<RecordAttributes> = {
  action: url,
  method,
  fileFormat: anyOf(['mp3', 'wav']),
  redirect: bool,
  timeout: int(1),
  maxLength: int(1),
  playBeep: bool,
  finishOnKey,
  recordSession: bool,
  startOnDialAnswer: bool,
  transcriptionType: anyOf(['auto', 'hybrid']),
  transcriptionUrl: url,
  transcriptionMethod: method,
  callbackUrl: url,
  callbackMethod: method,
};
export const CONFERENCE: Rules<ConferenceAttributes> = {
  muted: bool,
  beep: bool,
  startConferenceOnEnter: bool,
  endConferenceOnExit: bool,
  stayAlone: bool,
  maxParticipants: int(2),
  waitSound: url,
  waitMethod: method,
  timeLimit: int(1),
  hangupOnStar: bool,
  record: bool,
  recordFileFormat: anyOf(['mp3', 'wav']),
  action: url,
  method,
  callbackUrl: url,
  callbackMethod: method,
  digitsMatch: digitPatterns,
  redirect: bool,
  relayDTMF: bool,
  enterSound: text,
  exitSound: text,
};
export const GATHER: Rules<GatherAttributes> = {
  action: url,
  method,
  inputType: anyOf(['dtmf', 'speech', 'dtmf speech']),
  numDigits: int(1),
  executionTimeout: int(1),
  digitEndTimeout: intOr('auto', 1, 60),
  speechEndTimeout: intOr('auto', 1, 60),
  finishOnKey,
  language: text,
  hints: list,
  speechModel: text,
  redirect: bool,
  profanityFilter: bool,
  log: bool,
  interimSpeechResultsCallback: url,
  interimSpeechResultsCallbackMethod: method,
};
export const DTMF: Rules<DtmfAttributes> = { async: bool };
