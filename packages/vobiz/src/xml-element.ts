import { HandoffError } from '@handoff/core';
import { fail, type Rule, type Rules } from './xml-rules.js';

/**
 * The VobizXML element: its types, the one class behind every builder, escaping and rendering,
 * and the attribute and child checks each builder runs before it constructs one.
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

export class Element<Tag extends string> implements VobizElement<Tag> {
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

export class ResponseElement extends Element<'Response'> implements VobizResponse {
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

export function attributesOf<A extends object>(tag: string, rules: Rules<A>, attributes: A | undefined) {
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

export function childrenOf<C extends VobizElement>(
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
