/**
 * Words a regex cannot match without: for a request pattern, a set of whole words such that every
 * match of it, as the request rule runs it (`(?:^| )(source)(?= |$)` over words joined by single
 * spaces), contains one of them as a whole word. Most turns say none of a pattern set's words, and a
 * lookup of each word settles them without the joined text or a regex scan.
 *
 * Read from the pattern source by a small parser of the syntax the request patterns use (literal
 * characters, groups, alternation, quantifiers, classes, anchors and lookarounds). Anything it does
 * not know (back-references, property or code point escapes) gives `undefined`: no words, so the
 * caller must run the regex. A word counts only where the pattern itself puts a space or an end on
 * both sides of it ("kar" in `(?:kar|kr)\S*` does not count), so the answer never leaves out a match.
 */

interface Node {
  kind: 'char' | 'class' | 'zero' | 'start' | 'end' | 'group' | 'repeat';
  /** For 'char': the character. */
  char?: string;
  /** For 'group': its alternatives, each a sequence. For 'repeat': one sequence of one node. */
  branches?: Node[][];
  canBeEmpty: boolean;
  /** Every non-empty match starts (ends) with a space. */
  startsWithSpace: boolean;
  endsWithSpace: boolean;
}

class Unknown extends Error {}

/** The words, or undefined when the source cannot be read or some match needs none of them. */
export function requiredWords(source: string): ReadonlySet<string> | undefined {
  try {
    const parser = new Parser(source);
    const branches = parser.alternatives();
    if (!parser.done()) return undefined;
    const words = wordsOfGroup(branches, true, true);
    return words && new Set(words);
  } catch (error) {
    if (error instanceof Unknown) return undefined;
    throw error;
  }
}

class Parser {
  #at = 0;
  constructor(private readonly source: string) {}

  done(): boolean {
    return this.#at === this.source.length;
  }

  alternatives(): Node[][] {
    const branches = [this.sequence()];
    while (this.source[this.#at] === '|') {
      this.#at++;
      branches.push(this.sequence());
    }
    return branches;
  }

  sequence(): Node[] {
    const items: Node[] = [];
    while (this.#at < this.source.length && this.source[this.#at] !== '|' && this.source[this.#at] !== ')') {
      items.push(this.#quantified(this.#atom()));
    }
    return items;
  }

  #atom(): Node {
    const s = this.source;
    const c = s[this.#at++]!;
    if (c === '(') {
      let zero = false;
      if (s.startsWith('?:', this.#at)) this.#at += 2;
      else if (s.startsWith('?=', this.#at) || s.startsWith('?!', this.#at))
        [this.#at, zero] = [this.#at + 2, true];
      else if (s.startsWith('?<=', this.#at) || s.startsWith('?<!', this.#at))
        [this.#at, zero] = [this.#at + 3, true];
      else if (s[this.#at] === '?') throw new Unknown();
      const branches = this.alternatives();
      if (s[this.#at++] !== ')') throw new Unknown();
      return zero ? node('zero', true) : group(branches);
    }
    if (c === '[') {
      for (;;) {
        const d = s[this.#at++];
        if (d === undefined) throw new Unknown();
        if (d === '\\') {
          if (!/[dDsSwW\\\]\-^.|()[{}?*+$/ ]/.test(s[this.#at] ?? '')) throw new Unknown();
          this.#at++;
        } else if (d === ']') return node('class', false);
      }
    }
    if (c === '\\') {
      const d = s[this.#at++] ?? '';
      if (/[dDsSwW]/.test(d)) return node('class', false);
      if (d === 'b' || d === 'B') return node('zero', true);
      // An escaped punctuation mark is that character; letters and digits mean something else.
      if (/[\\^$.|?*+()[\]{}/\- ]/.test(d)) return char(d);
      throw new Unknown();
    }
    if (c === '^') return node('start', true);
    if (c === '$') return node('end', true);
    if (c === '.') return node('class', false);
    if (
      c === ')' ||
      c === '|' ||
      c === '?' ||
      c === '*' ||
      c === '+' ||
      c === '{' ||
      c === '}' ||
      c === ']'
    ) {
      throw new Unknown();
    }
    return char(c);
  }

  #quantified(atom: Node): Node {
    const s = this.source;
    let least: number;
    const c = s[this.#at];
    if (c === '?' || c === '*') least = 0;
    else if (c === '+') least = 1;
    else if (c === '{') {
      const m = /^\{(\d+)(?:,\d*)?\}/.exec(s.slice(this.#at));
      if (!m) throw new Unknown();
      least = Number(m[1]);
      this.#at += m[0].length - 1;
    } else return atom;
    this.#at++;
    if (s[this.#at] === '?') this.#at++;
    if (atom.kind === 'zero' || atom.kind === 'start' || atom.kind === 'end') throw new Unknown();
    return {
      kind: 'repeat',
      branches: [[atom]],
      canBeEmpty: least === 0 || atom.canBeEmpty,
      startsWithSpace: atom.startsWithSpace,
      endsWithSpace: atom.endsWithSpace,
    };
  }
}

function node(kind: Node['kind'], canBeEmpty: boolean): Node {
  return { kind, canBeEmpty, startsWithSpace: false, endsWithSpace: false };
}

function char(c: string): Node {
  const space = c === ' ';
  return { kind: 'char', char: c, canBeEmpty: false, startsWithSpace: space, endsWithSpace: space };
}

function group(branches: Node[][]): Node {
  return {
    kind: 'group',
    branches,
    canBeEmpty: branches.some((b) => b.every((n) => n.canBeEmpty)),
    startsWithSpace: branches.every((b) => b[0] !== undefined && !b[0].canBeEmpty && b[0].startsWithSpace),
    endsWithSpace: branches.every((b) => {
      const last = b[b.length - 1];
      return last !== undefined && !last.canBeEmpty && last.endsWithSpace;
    }),
  };
}

/**
 * Words one of which every match of the group contains, given whether a space or an end of the
 * text surely lies just before (`spaceBefore`) and just after (`spaceAfter`) it.
 */
function wordsOfGroup(branches: Node[][], spaceBefore: boolean, spaceAfter: boolean): string[] | undefined {
  const all: string[] = [];
  for (const branch of branches) {
    const words = wordsOfSequence(branch, spaceBefore, spaceAfter);
    if (!words) return undefined;
    all.push(...words);
  }
  return all;
}

function wordsOfSequence(items: Node[], spaceBefore: boolean, spaceAfter: boolean): string[] | undefined {
  // Whether a space or an end surely lies just before item i, and just after it.
  const before: boolean[] = [];
  let ok = spaceBefore;
  for (const item of items) {
    before.push(ok);
    if (item.kind === 'start') ok = true;
    else if (item.kind !== 'zero' && item.kind !== 'end') ok = item.endsWithSpace && (!item.canBeEmpty || ok);
  }
  const after: boolean[] = new Array(items.length);
  ok = spaceAfter;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    after[i] = ok;
    if (item.kind === 'end') ok = true;
    else if (item.kind !== 'zero' && item.kind !== 'start')
      ok = item.startsWithSpace && (!item.canBeEmpty || ok);
  }
  let best: string[] | undefined;
  const consider = (words: string[] | undefined) => {
    if (words && words.length > 0 && (!best || better(words, best))) best = words;
  };
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'group') consider(wordsOfGroup(item.branches!, before[i]!, after[i]!));
    if (item.kind !== 'char' || item.char === ' ') continue;
    // A run of literal characters other than spaces: a whole word when bounded on both sides.
    let j = i;
    let word = '';
    while (j < items.length && items[j]!.kind === 'char' && items[j]!.char !== ' ') word += items[j++]!.char;
    if (before[i] && after[j - 1]) consider([word]);
    i = j - 1;
  }
  return best;
}

/** Rarer words first: longer shortest word, then fewer words. */
function better(a: readonly string[], b: readonly string[]): boolean {
  const shortest = (w: readonly string[]) => Math.min(...w.map((x) => x.length));
  const sa = shortest(a);
  const sb = shortest(b);
  return sa !== sb ? sa > sb : a.length < b.length;
}
