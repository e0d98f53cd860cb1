import { HandoffError } from '@handoff/core';
import {
  AUDIO_TRACKS,
  type AudioTrack,
  absoluteUrl,
  dtmfDigits,
  type Fail,
  HTTP_METHODS,
  type HttpMethod,
  integer,
  type KeyValues,
  keyValueList,
  nonEmpty,
  oneOf,
  STREAM_CONTENT_TYPES,
  type StreamContentType,
} from './validate.js';

/**
 * A VobizXML builder. Every value is validated when its element is built (so the stack trace
 * points at the offending call, not at render time) and escaped when rendered: Vobiz answers
 * malformed XML with HTTP 200 and then drops the call a second later, so nothing malformed may
 * leave this module. Children are type-checked: `dial()` takes only `number()`/`user()`,
 * `gather()` only `speak()`/`play()`, and so on.
 */

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
/** Vobiz refuses answer documents over 100 KB. */
export const MAX_XML_BYTES = 100 * 1024;

export interface VobizElement<Tag extends string = string> {
  readonly tag: Tag;
  /** Attribute names and their serialised values, in the order given. */
  readonly attributes: ReadonlyArray<readonly [string, string]>;
  readonly children: readonly VobizElement[];
  readonly text?: string;
  /** The element as an XML fragment. */
  toString(): string;
}

export type SpeakElement = VobizElement<'Speak'>;
export type PlayElement = VobizElement<'Play'>;
export type WaitElement = VobizElement<'Wait'>;
export type DialElement = VobizElement<'Dial'>;
export type NumberElement = VobizElement<'Number'>;
export type UserElement = VobizElement<'User'>;
export type StreamElement = VobizElement<'Stream'>;
export type RedirectElement = VobizElement<'Redirect'>;
export type HangupElement = VobizElement<'Hangup'>;
export type RecordElement = VobizElement<'Record'>;
export type ConferenceElement = VobizElement<'Conference'>;
export type GatherElement = VobizElement<'Gather'>;
export type PreAnswerElement = VobizElement<'PreAnswer'>;
export type DtmfElement = VobizElement<'DTMF'>;

export type DialChild = NumberElement | UserElement;
export type GatherChild = SpeakElement | PlayElement;
export type PreAnswerChild = SpeakElement | PlayElement | WaitElement;
export type ResponseChild =
  | SpeakElement
  | PlayElement
  | WaitElement
  | DialElement
  | StreamElement
  | RedirectElement
  | HangupElement
  | RecordElement
  | ConferenceElement
  | GatherElement
  | PreAnswerElement
  | DtmfElement;

export interface VobizResponse extends VobizElement<'Response'> {
  /** The whole document, declaration included. Throws `HandoffError('xml_too_large')` over 100 KB. */
  toString(): string;
}

export interface SpeakAttributes {
  voice?: 'WOMAN' | 'MAN' | (string & {});
  language?: string;
  /** 0 repeats until something else happens. */
  loop?: number;
}

export interface PlayAttributes {
  loop?: number;
}

export interface WaitAttributes {
  length?: number;
  silence?: boolean;
  minSilence?: number;
  beep?: boolean;
}

export interface DialAttributes {
  action?: string;
  method?: HttpMethod;
  redirect?: boolean;
  callbackUrl?: string;
  callbackMethod?: HttpMethod;
  /** Set it to a DID the account owns; an omitted callerId can make the B-leg fail. */
  callerId?: string;
  callerName?: string;
  timeout?: number;
  timeLimit?: number;
  hangupOnStar?: boolean;
  /** `real` (normal ringback) or a URL returning Play/Speak/Wait. */
  dialMusic?: string;
  confirmSound?: string;
  /** Vobiz calls enforcement of this "currently unverified"; do not rely on it as a gate. */
  confirmKey?: string;
  confirmTimeout?: number;
  digitsMatch?: string | readonly string[];
  digitsMatchBLeg?: string | readonly string[];
  sipHeaders?: KeyValues | string;
}

export interface NumberAttributes {
  sendDigits?: string;
  sendOnPreanswer?: boolean;
}

export interface UserAttributes extends NumberAttributes {
  sipHeaders?: KeyValues | string;
}

export interface StreamAttributes {
  bidirectional?: boolean;
  /** With `bidirectional`, only `inbound` works. */
  audioTrack?: AudioTrack;
  /** Inbound format. Vobiz's default is L16/8k, so set it. */
  contentType?: StreamContentType;
  /** Requires `bidirectional`. */
  keepCallAlive?: boolean;
  streamTimeout?: number;
  statusCallbackUrl?: string;
  statusCallbackMethod?: HttpMethod;
  extraHeaders?: KeyValues | string;
  maxRetries?: number;
}

export interface RedirectAttributes {
  method?: HttpMethod;
}

export interface HangupAttributes {
  reason?: 'rejected' | 'busy';
  schedule?: number;
}

export interface RecordAttributes {
  action?: string;
  method?: HttpMethod;
  fileFormat?: 'mp3' | 'wav';
  redirect?: boolean;
  /** Seconds of silence that end the recording. */
  timeout?: number;
  maxLength?: number;
  playBeep?: boolean;
  finishOnKey?: string;
  recordSession?: boolean;
  startOnDialAnswer?: boolean;
  transcriptionType?: 'auto' | 'hybrid';
  transcriptionUrl?: string;
  transcriptionMethod?: HttpMethod;
  callbackUrl?: string;
  callbackMethod?: HttpMethod;
}

export interface ConferenceAttributes {
  muted?: boolean;
  beep?: boolean;
  startConferenceOnEnter?: boolean;
  endConferenceOnExit?: boolean;
  /** Without it a lone member is removed from the room at once. */
  stayAlone?: boolean;
  maxParticipants?: number;
  waitSound?: string;
  waitMethod?: HttpMethod;
  timeLimit?: number;
  hangupOnStar?: boolean;
  record?: boolean;
  recordFileFormat?: 'mp3' | 'wav';
  action?: string;
  method?: HttpMethod;
  callbackUrl?: string;
  callbackMethod?: HttpMethod;
  digitsMatch?: string | readonly string[];
  redirect?: boolean;
  relayDTMF?: boolean;
  enterSound?: string;
  exitSound?: string;
}

export interface GatherAttributes {
  action?: string;
  method?: HttpMethod;
  inputType?: 'dtmf' | 'speech' | 'dtmf speech';
  numDigits?: number;
  /** Vobiz's Gather timeout (5-60 s); `<Gather>` has no `timeout` attribute. */
  executionTimeout?: number;
  digitEndTimeout?: number | 'auto';
  speechEndTimeout?: number | 'auto';
  finishOnKey?: string;
  language?: string;
  hints?: string | readonly string[];
  speechModel?: string;
  redirect?: boolean;
  profanityFilter?: boolean;
  log?: boolean;
  interimSpeechResultsCallback?: string;
  interimSpeechResultsCallbackMethod?: HttpMethod;
}

export interface DtmfAttributes {
  async?: boolean;
}

const fail: Fail = (message) => {
  throw new HandoffError('invalid_xml', message);
};

// Characters outside the XML 1.0 Char production (C0 controls other than tab/LF/CR, lone
// surrogates, U+FFFE/U+FFFF) make the whole document unparseable, so they are dropped.
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text content: the five predefined entities, invalid characters removed. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values also keep tabs and newlines, which parsers would otherwise normalise to spaces. */
function escapeAttribute(text: string): string {
  return escapeXml(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

type Rule = (value: unknown, label: string) => string;

const bool: Rule = (value, label) =>
  typeof value === 'boolean'
    ? String(value)
    : fail(`${label} must be true or false; got ${JSON.stringify(value)}`);
const int =
  (min = 0, max?: number): Rule =>
  (value, label) =>
    String(integer(value, label, fail, max === undefined ? { min } : { min, max }));
const url: Rule = (value, label) => absoluteUrl(value, label, fail);
const method: Rule = (value, label) => oneOf(value, HTTP_METHODS, label, fail);
const text: Rule = (value, label) => nonEmpty(value, label, fail);
const anyOf =
  <T extends string>(allowed: readonly T[]): Rule =>
  (value, label) =>
    oneOf(value, allowed, label, fail);
const digits: Rule = (value, label) => dtmfDigits(value, label, fail);
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
const urlOr =
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

type Rules<A> = { readonly [K in keyof Required<A>]: Rule };

const SPEAK: Rules<SpeakAttributes> = { voice: text, language: text, loop: int() };
const PLAY: Rules<PlayAttributes> = { loop: int() };
const WAIT: Rules<WaitAttributes> = { length: int(1), silence: bool, minSilence: int(), beep: bool };
const DIAL: Rules<DialAttributes> = {
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
const NUMBER: Rules<NumberAttributes> = { sendDigits: digits, sendOnPreanswer: bool };
const USER: Rules<UserAttributes> = { ...NUMBER, sipHeaders: keyValues() };
const STREAM: Rules<StreamAttributes> = {
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
const REDIRECT: Rules<RedirectAttributes> = { method };
const HANGUP: Rules<HangupAttributes> = { reason: anyOf(['rejected', 'busy']), schedule: int(1) };
const RECORD: Rules<RecordAttributes> = {
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
const CONFERENCE: Rules<ConferenceAttributes> = {
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
const GATHER: Rules<GatherAttributes> = {
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
const DTMF: Rules<DtmfAttributes> = { async: bool };

function renderElement(element: VobizElement): string {
  const attributes = element.attributes
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  if (element.children.length === 0 && element.text === undefined && element.tag !== 'Response') {
    return `<${element.tag}${attributes}/>`;
  }
  const inner =
    (element.text === undefined ? '' : escapeXml(element.text)) +
    element.children.map(renderElement).join('');
  return `<${element.tag}${attributes}>${inner}</${element.tag}>`;
}

class Element<Tag extends string> implements VobizElement<Tag> {
  readonly text?: string;
  constructor(
    readonly tag: Tag,
    readonly attributes: ReadonlyArray<readonly [string, string]>,
    readonly children: readonly VobizElement[],
    text?: string,
  ) {
    if (text !== undefined) this.text = text;
    Object.freeze(this);
  }

  toString(): string {
    return renderElement(this);
  }
}

class ResponseElement extends Element<'Response'> implements VobizResponse {
  override toString(): string {
    const xml = `${XML_DECLARATION}\n${renderElement(this)}`;
    const bytes = Buffer.byteLength(xml, 'utf8');
    if (bytes > MAX_XML_BYTES) {
      throw new HandoffError(
        'xml_too_large',
        `VobizXML document is ${bytes} bytes; Vobiz rejects answers over ${MAX_XML_BYTES} bytes`,
      );
    }
    return xml;
  }
}

function attributesOf<A extends object>(tag: string, rules: Rules<A>, attributes: A | undefined) {
  const out: Array<readonly [string, string]> = [];
  if (attributes === undefined) return out;
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    fail(`<${tag}> attributes must be an object`);
  }
  const table = rules as Readonly<Record<string, Rule>>;
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    const rule = Object.hasOwn(table, name) ? table[name] : undefined;
    if (rule === undefined) fail(`<${tag}> has no attribute "${name}"`);
    else out.push([name, rule(value, `<${tag} ${name}>`)]);
  }
  return out;
}

function childrenOf<C extends VobizElement>(
  tag: string,
  allowed: readonly string[],
  children: readonly C[],
): C[] {
  if (!Array.isArray(children)) fail(`<${tag}> children must be an array`);
  for (const child of children) {
    if (!(child instanceof Element) || !allowed.includes(child.tag)) {
      const name = child instanceof Element ? `<${child.tag}>` : JSON.stringify(child);
      fail(`<${tag}> may contain only ${allowed.map((a) => `<${a}>`).join(', ')}; got ${name}`);
    }
  }
  return [...children];
}

const DIAL_CHILDREN = ['Number', 'User'] as const;
const GATHER_CHILDREN = ['Speak', 'Play'] as const;
const PRE_ANSWER_CHILDREN = ['Speak', 'Play', 'Wait'] as const;
const RESPONSE_CHILDREN = [
  'Speak',
  'Play',
  'Wait',
  'Dial',
  'Stream',
  'Redirect',
  'Hangup',
  'Record',
  'Conference',
  'Gather',
  'PreAnswer',
  'DTMF',
] as const;

function response(children: readonly ResponseChild[] = []): VobizResponse {
  return new ResponseElement('Response', [], childrenOf('Response', RESPONSE_CHILDREN, children));
}

function speak(content: string, attributes?: SpeakAttributes): SpeakElement {
  return new Element('Speak', attributesOf('Speak', SPEAK, attributes), [], text(content, '<Speak> text'));
}

function play(audioUrl: string, attributes?: PlayAttributes): PlayElement {
  return new Element('Play', attributesOf('Play', PLAY, attributes), [], url(audioUrl, '<Play> URL'));
}

function wait(attributes?: WaitAttributes): WaitElement {
  return new Element('Wait', attributesOf('Wait', WAIT, attributes), []);
}

function dial(children: readonly DialChild[]): DialElement;
function dial(attributes: DialAttributes, children: readonly DialChild[]): DialElement;
function dial(first: DialAttributes | readonly DialChild[], second?: readonly DialChild[]): DialElement {
  const [attributes, children] = Array.isArray(first)
    ? [undefined, first as readonly DialChild[]]
    : [first as DialAttributes, second ?? []];
  const checked = childrenOf('Dial', DIAL_CHILDREN, children);
  if (checked.length === 0) fail('<Dial> needs at least one <Number> or <User>');
  return new Element('Dial', attributesOf('Dial', DIAL, attributes), checked);
}

function number(phoneNumber: string, attributes?: NumberAttributes): NumberElement {
  const value = text(phoneNumber, '<Number>').trim();
  if (!/^\+?[0-9]{3,20}$/.test(value)) {
    fail(`<Number> must be a phone number in E.164 form; got ${JSON.stringify(value)}`);
  }
  return new Element('Number', attributesOf('Number', NUMBER, attributes), [], value);
}

function user(sipUri: string, attributes?: UserAttributes): UserElement {
  const value = text(sipUri, '<User>').trim();
  if (!/^sips?:[^\s<>"]+$/i.test(value)) {
    fail(`<User> must be a SIP URI such as sip:agent@host; got ${JSON.stringify(value)}`);
  }
  return new Element('User', attributesOf('User', USER, attributes), [], value);
}

function stream(websocketUrl: string, attributes?: StreamAttributes): StreamElement {
  const target = absoluteUrl(websocketUrl, '<Stream> URL', fail, ['wss:', 'ws:']);
  const checked = attributesOf('Stream', STREAM, attributes);
  if (attributes?.keepCallAlive === true && attributes.bidirectional !== true) {
    fail('<Stream keepCallAlive="true"> requires bidirectional="true"');
  }
  if (
    attributes?.bidirectional === true &&
    attributes.audioTrack !== undefined &&
    attributes.audioTrack !== 'inbound'
  ) {
    fail(
      `<Stream bidirectional="true"> works only with audioTrack="inbound"; got "${attributes.audioTrack}"`,
    );
  }
  return new Element('Stream', checked, [], target);
}

function redirect(targetUrl: string, attributes?: RedirectAttributes): RedirectElement {
  return new Element(
    'Redirect',
    attributesOf('Redirect', REDIRECT, attributes),
    [],
    url(targetUrl, '<Redirect> URL'),
  );
}

function hangup(attributes?: HangupAttributes): HangupElement {
  return new Element('Hangup', attributesOf('Hangup', HANGUP, attributes), []);
}

function record(attributes?: RecordAttributes): RecordElement {
  return new Element('Record', attributesOf('Record', RECORD, attributes), []);
}

function conference(room: string, attributes?: ConferenceAttributes): ConferenceElement {
  return new Element(
    'Conference',
    attributesOf('Conference', CONFERENCE, attributes),
    [],
    text(room, '<Conference> room'),
  );
}

function gather(attributes: GatherAttributes, children: readonly GatherChild[] = []): GatherElement {
  return new Element(
    'Gather',
    attributesOf('Gather', GATHER, attributes),
    childrenOf('Gather', GATHER_CHILDREN, children),
  );
}

function preAnswer(children: readonly PreAnswerChild[]): PreAnswerElement {
  const checked = childrenOf('PreAnswer', PRE_ANSWER_CHILDREN, children);
  if (checked.length === 0) fail('<PreAnswer> needs at least one <Speak>, <Play> or <Wait>');
  return new Element('PreAnswer', [], checked);
}

function dtmf(tones: string, attributes?: DtmfAttributes): DtmfElement {
  return new Element('DTMF', attributesOf('DTMF', DTMF, attributes), [], digits(tones, '<DTMF>'));
}

export const vobizXml = {
  response,
  speak,
  play,
  wait,
  dial,
  number,
  user,
  stream,
  redirect,
  hangup,
  record,
  conference,
  gather,
  preAnswer,
  dtmf,
} as const;
