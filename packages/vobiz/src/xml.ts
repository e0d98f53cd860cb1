import { absoluteUrl } from './validate.js';
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
import {
  attributesOf,
  type ConferenceElement,
  childrenOf,
  type DialChild,
  type DialElement,
  type DtmfElement,
  Element,
  type GatherChild,
  type GatherElement,
  type HangupElement,
  type NumberElement,
  type PlayElement,
  type PreAnswerChild,
  type PreAnswerElement,
  type RecordElement,
  type RedirectElement,
  type ResponseChild,
  ResponseElement,
  type SpeakElement,
  type StreamElement,
  type UserElement,
  type VobizResponse,
  type WaitElement,
} from './xml-element.js';
import {
  CONFERENCE,
  DIAL,
  DTMF,
  digits,
  fail,
  GATHER,
  HANGUP,
  NUMBER,
  PLAY,
  RECORD,
  REDIRECT,
  SPEAK,
  STREAM,
  text,
  USER,
  url,
  WAIT,
} from './xml-rules.js';

/**
 * A VobizXML builder. Every value is validated when its element is built (so the stack trace
 * points at the offending call, not at render time) and escaped when rendered: Vobiz answers
 * malformed XML with HTTP 200 and then drops the call a second later, so nothing malformed may
 * leave this module. Children are type-checked: `dial()` takes only `number()`/`user()`,
 * `gather()` only `speak()`/`play()`, and so on.
 */

export type * from './xml-attributes.js';
export {
  type ConferenceElement,
  type DialChild,
  type DialElement,
  type DtmfElement,
  escapeXml,
  type GatherChild,
  type GatherElement,
  type HangupElement,
  MAX_XML_BYTES,
  type NumberElement,
  type PlayElement,
  type PreAnswerChild,
  type PreAnswerElement,
  type RecordElement,
  type RedirectElement,
  type ResponseChild,
  type SpeakElement,
  type StreamElement,
  type UserElement,
  type VobizElement,
  type VobizResponse,
  type WaitElement,
  XML_DECLARATION,
} from './xml-element.js';

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
