import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attrs: Readonly<Record<string, string>>;
  /** Concatenated, trimmed text content (for `<Speak>` this includes text inside SSML tags). */
  text: string;
  children: XmlElement[];
}

export type ParseResult = { ok: true; elements: XmlElement[] } | { ok: false; reason: string };

/** Vobiz's answer documents are capped at 100 KB. */
export const MAX_XML_BYTES = 100 * 1024;

/** The VobizXML verbs allowed directly under `<Response>`. */
export const VERBS = new Set([
  'Speak',
  'Play',
  'Wait',
  'Stream',
  'Dial',
  'Redirect',
  'Hangup',
  'Record',
  'Gather',
  'Conference',
  'PreAnswer',
  'DTMF',
]);

const PROMPT_VERBS = new Set(['Speak', 'Play', 'Wait']);

/** Allowed element children per verb; verbs not listed take no element children. */
const CHILDREN: Record<string, Set<string> | 'any'> = {
  Dial: new Set(['Number', 'User']),
  Gather: PROMPT_VERBS,
  PreAnswer: PROMPT_VERBS,
  // SSML (<break>, <prosody>, <say-as>...) may appear inside Speak.
  Speak: 'any',
};

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type OrderedNode = Record<string, unknown>;

/**
 * Parses and validates a VobizXML document. Anything Vobiz would reject (malformed XML, a bare `&`,
 * a root other than `<Response>`, an unknown verb, a misplaced child) is reported as not ok: the
 * caller turns that into the purpose-specific "Invalid ... XML" hang-up.
 */
export function parseVobizXml(body: string): ParseResult {
  if (Buffer.byteLength(body) > MAX_XML_BYTES) return { ok: false, reason: 'document larger than 100 KB' };
  if (body.trim() === '') return { ok: false, reason: 'empty document' };
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    return { ok: false, reason: `${valid.err.msg} (line ${valid.err.line}, col ${valid.err.col})` };
  }
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(body) as OrderedNode[];
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  const roots = nodes.map(toElement).filter((n): n is XmlElement => typeof n !== 'string');
  const [root] = roots;
  if (roots.length !== 1 || !root)
    return { ok: false, reason: 'document must have exactly one root element' };
  if (root.name !== 'Response')
    return { ok: false, reason: `root element is <${root.name}>, expected <Response>` };
  for (const el of root.children) {
    if (!VERBS.has(el.name)) return { ok: false, reason: `unknown element <${el.name}>` };
    const problem = checkChildren(el);
    if (problem) return { ok: false, reason: problem };
  }
  return { ok: true, elements: root.children };
}

function checkChildren(el: XmlElement): string | undefined {
  const allowed = CHILDREN[el.name];
  if (allowed === 'any') return undefined;
  for (const child of el.children) {
    if (!allowed?.has(child.name)) return `<${child.name}> is not allowed inside <${el.name}>`;
    const nested = checkChildren(child);
    if (nested) return nested;
  }
  return undefined;
}

function toElement(node: OrderedNode): XmlElement | string {
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (tag === undefined) return '';
  if (tag === '#text') return String(node[tag] ?? '');
  const rawAttrs = (node[':@'] ?? {}) as Record<string, unknown>;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = String(v);
  const contents = ((node[tag] ?? []) as OrderedNode[]).map(toElement);
  const children = contents.filter((c): c is XmlElement => typeof c !== 'string');
  const text = contents
    .map((c) => (typeof c === 'string' ? c : c.text))
    .filter((t) => t !== '')
    .join(' ')
    .trim();
  return { name: tag, attrs, text, children };
}

/** Reads a boolean attribute the way Vobiz documents them: the literal strings `true`/`false`. */
export function boolAttr(el: XmlElement, name: string, fallback: boolean): boolean {
  const v = el.attrs[name]?.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return fallback;
}

export function numAttr(el: XmlElement, name: string, fallback: number): number {
  const raw = el.attrs[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) ? n : fallback;
}

/** Parses `k=v,k2=v2` lists (`sipHeaders`, `extraHeaders`); Vobiz allows only [A-Za-z0-9] in both. */
export function parseKeyValueList(raw: string | undefined): {
  values: Record<string, string>;
  rejected: string[];
} {
  const values: Record<string, string> = {};
  const rejected: string[] = [];
  if (!raw) return { values, rejected };
  for (const pair of raw.split(',')) {
    const trimmed = pair.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const key = eq === -1 ? '' : trimmed.slice(0, eq);
    const value = eq === -1 ? '' : trimmed.slice(eq + 1);
    if (/^[A-Za-z0-9]+$/.test(key) && /^[A-Za-z0-9]*$/.test(value)) values[key] = value;
    else rejected.push(trimmed);
  }
  return { values, rejected };
}
