const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Builds an element. Strings become text nodes and props become attributes, so text from a call
 * (a caller can say anything, including markup) never reaches the HTML parser.
 */
export function h(tag, props, ...children) {
  return fill(document.createElement(tag), props, children);
}

export function svg(tag, props, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), props, children);
}

function fill(el, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function replaceChildren(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false));
}

/**
 * A titled card. Keyed, so a card that appears (hand back, once connected) does not shift the
 * others into each other's place and take a focused field with it.
 */
export function card(title, id, ...content) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': id, 'data-key': `card-${id}` },
    h('h3', { id }, title),
    ...content,
  );
}

/** `data-key` (or `id`) names a child across renders, so a keyed row is found, not rebuilt. */
function keyOf(node) {
  return node.nodeType === 1 ? (node.getAttribute('data-key') ?? node.id ?? '') || undefined : undefined;
}

function sameKind(a, b) {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName && keyOf(a) === keyOf(b);
}

/**
 * Turns `from` into `to` by changing only what differs, so nothing that stayed the same is
 * replaced: the element that has keyboard focus, a caret in a field, a scrolled transcript all
 * survive a live update. Keyed children (`data-key`/`id`) are matched by key, the rest by
 * position; new keyed rows are inserted before existing ones, never by moving them, because
 * moving a focused node drops its focus.
 */
export function morph(from, to) {
  if (from.nodeType === 3 || from.nodeType === 8) {
    if (from.nodeValue !== to.nodeValue) from.nodeValue = to.nodeValue;
    return;
  }
  for (const { name } of [...from.attributes]) if (!to.hasAttribute(name)) from.removeAttribute(name);
  for (const { name, value } of [...to.attributes]) {
    if (from.getAttribute(name) !== value) from.setAttribute(name, value);
  }
  if ((from.nodeName === 'INPUT' || from.nodeName === 'TEXTAREA') && from.readOnly) {
    if (from.value !== to.value) from.value = to.value;
  }
  morphChildren(from, to);
}

/** Makes `parent`'s children match `next`'s (whose nodes may be moved into `parent`). */
export function morphChildren(parent, next) {
  const wanted = [...next.childNodes];
  const keyed = new Map();
  for (const child of parent.children) {
    const key = keyOf(child);
    if (key) keyed.set(key, child);
  }
  let cursor = parent.firstChild;
  for (const node of wanted) {
    const key = keyOf(node);
    let match;
    if (key) {
      match = keyed.get(key);
      if (match && !sameKind(match, node)) match = undefined;
    } else if (cursor && !keyOf(cursor) && sameKind(cursor, node)) {
      match = cursor;
    }
    if (!match) {
      parent.insertBefore(node, cursor);
      continue;
    }
    if (key) keyed.delete(key);
    if (match === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(match, cursor);
    morph(match, node);
  }
  while (cursor) {
    const after = cursor.nextSibling;
    cursor.remove();
    cursor = after;
  }
}
