/**
 * One form per word before phrases are matched, so a phrase list names a word once and matches
 * the ways callers and ASR spell and inflect it: Hinglish has no standard spelling ("nahi",
 * "nahin", "nhi"), Hindi requests come in a dozen verb forms ("band karo", "band kar dijiye",
 * "band karwa dijiye"), and English adds -s, -ed and -ing. Mapping is one token to one token, so
 * positions (and the negation window) stay where they were.
 */

import { isUnchanging, shared } from './text.js';

/** Spelling variants and verb forms, each list mapped onto its key. */
// biome-ignore format: a word table reads better packed than one word per line
const VARIANTS: Readonly<Record<string, readonly string[]>> = {
  nahi: ['nahin', 'nhi', 'nai', 'nahee', 'nahii', 'nahi'],
  'नहीं': ['नही', 'नहि', 'नहिं'],
  chahiye: ['chahie', 'chaiye', 'chahiya', 'chaahiye', 'chahiyea', 'chayie'],
  'चाहिए': ['चाहिये', 'चाहीए'],
  paise: ['paisa', 'pese', 'paisey', 'paiso', 'paison', 'pesa', 'paisaa'],
  'पैसे': ['पैसा', 'पैसों'],
  wapas: ['vapas', 'wapis', 'vapis', 'waapas', 'vaapas', 'wapass', 'vaapis'],
  'वापस': ['वापिस'],
  // Requests: "band karo", "band karna hai", "band kar dijiye", "band karwa dijiye".
  kar: [
    'karo', 'karna', 'karni', 'karne', 'kariye', 'karie', 'kariyega', 'kijiye', 'kijie', 'kijiyega', 'karwa',
    'karwao', 'karwana', 'karwani', 'karwaiye', 'karwaie', 'karvao', 'karva', 'karvana', 'karvaiye', 'karao',
    'karaiye', 'karaie', 'karwado', 'kardo', 'kr', 'kro', 'karein', 'karen',
  ],
  'कर': [
    'करो', 'करना', 'करनी', 'करने', 'करिए', 'करिये', 'कीजिए', 'कीजिये', 'करवा', 'करवाओ', 'करवाना', 'करवानी',
    'करवाइए', 'करवाइये', 'कराओ', 'कराना', 'कराइए', 'करें', 'करवाएं', 'करवाएं',
  ],
  do: ['dijiye', 'dijie', 'dijiyega', 'dena', 'dedo', 'de', 'dein', 'den', 'dejiye'],
  'दो': ['दीजिए', 'दीजिये', 'देना', 'दें', 'दे'],
  // What was done or will be done, not asked for: "band kar diya", "band karwa dunga".
  diya: ['di', 'diye', 'dia', 'diyaa', 'dunga', 'dungi', 'denge', 'doonga', 'dalunga'],
  'दिया': ['दी', 'दिए', 'दिये', 'दूंगा', 'दूंगी', 'देंगे', 'दूँगा'],
  lauta: ['lautana', 'lautao', 'lautaiye', 'lautaie', 'lotana', 'lotao', 'lautani', 'lautane', 'lota'],
  'लौटा': ['लौटाना', 'लौटाओ', 'लौटाइए', 'लौटाइये', 'लौटानी', 'लौटाने', 'लौटाएं'],
  hua: ['hui', 'hue', 'huye', 'huyi', 'huwa'],
  'हुआ': ['हुई', 'हुए'],
  gaya: ['gayi', 'gaye', 'gai', 'gayaa', 'gya', 'gyi'],
  'गया': ['गई', 'गयी', 'गए', 'गये'],
  raha: ['rahi', 'rahe', 'rha', 'rhi', 'rhe'],
  'रहा': ['रही', 'रहे'],
  kat: ['kata', 'kati', 'kaat', 'kate', 'katt', 'kaata', 'kaate', 'kaati'],
  'कट': ['कटा', 'कटी', 'कटे', 'काट', 'काटा', 'काटे', 'काटी'],
  liya: ['liye', 'li', 'lia', 'liyaa'],
  'लिया': ['लिए', 'लिये', 'ली'],
  mila: ['mili', 'mile', 'milaa'],
  'मिला': ['मिली', 'मिले'],
  aaya: ['aayi', 'aaye', 'aya', 'ayi', 'aaye', 'aai', 'aae', 'aye'],
  'आया': ['आई', 'आयी', 'आए', 'आये'],
  'नंबर': ['नम्बर'],
  'बंद': ['बन्द'],
  'अकाउंट': ['एकाउंट', 'अकॉउंट', 'अकाउन्ट'],
  kho: ['khoo', 'khow'],
  ja: ['jata', 'jati', 'jate', 'jaata', 'jaati', 'jaate', 'jaa', 'jaye', 'jaaye', 'jayega', 'jaega'],
  'जा': ['जाता', 'जाती', 'जाते', 'जाए', 'जाये', 'जाएगा'],
  awaaz: ['aawaz', 'awaz', 'aawaaz', 'avaaz', 'awaj', 'aavaz'],
  nikla: ['nikle', 'nikli', 'nikala', 'nikale'],
  chura: ['churaya', 'churayi', 'churaye', 'churi'],
  chori: ['chorie', 'choree'],
  block: ['blok'],
  emi: ['emis'],
  bill: ['bil'],
  // "Cancelled" stays itself: "my order got cancelled" is what happened, "cancel my order" a wish.
  cancel: ['cancelling', 'canceling', 'cancels', 'cancellation', 'cancelation'],
  deliver: ['delivery', 'deliveries', 'delivered', 'delivering', 'delivers'],
  exchange: ['exchanged', 'exchanging'],
  replace: ['replaced', 'replacing'],
  refund: ['refunded', 'refunds', 'refunding', 'refundable'],
  reimburse: ['reimbursed', 'reimbursement', 'reimbursements', 'reimbursing'],
  deduct: ['deducted', 'deducts', 'deducting', 'deduction', 'deductions'],
};

/**
 * Emphasis that sits between the words of a phrase without changing it: "mila hi nahi" is "mila
 * nahi", "liya bhi nahi" is "liya nahi", "paise toh kat gaye" is "paise kat gaye". Dropped from phrases and utterances alike before matching.
 */
const PARTICLES = new Set(['hi', 'ही', 'bhi', 'भी', 'toh']);

export function isParticle(token: string): boolean {
  return PARTICLES.has(token);
}

let lastWith: readonly string[] | undefined;
let lastWithout: readonly string[] = [];

/** `tokens` without emphatic particles; the same array when it has none, else a shared copy. */
export function withoutParticles(tokens: readonly string[]): readonly string[] {
  if (tokens === lastWith) return lastWithout;
  let found = false;
  for (let i = 0; i < tokens.length && !found; i++) found = PARTICLES.has(tokens[i]!);
  const out = found ? shared(tokens.filter((t) => !PARTICLES.has(t))) : tokens;
  if (isUnchanging(tokens)) {
    lastWith = tokens;
    lastWithout = out;
  }
  return out;
}

const NEGATIONS = new Set(['nahi', 'नहीं']);

/**
 * The word orders a two-word negated phrase is said in: Hindi puts "nahi" before or after the verb
 * ("nahi mila", "mila nahi"), so a phrase names one order and matches both.
 */
export function negationOrders(words: readonly string[]): Array<readonly string[]> {
  if (words.length !== 2 || NEGATIONS.has(words[0]!) === NEGATIONS.has(words[1]!)) return [words];
  return [words, [words[1]!, words[0]!]];
}

const LEMMA = new Map<string, string>();
for (const [lemma, forms] of Object.entries(VARIANTS)) {
  for (const form of forms) LEMMA.set(form, lemma);
}

/** The spelling-variant lemma of one folded token, or the token itself. */
export function spellingLemma(token: string): string {
  return LEMMA.get(token) ?? token;
}

/**
 * English inflections of `token` worth trying against a vocabulary, most likely first:
 * "charges" → "charge", "dropping" → "drop", "charging" → "charge". Not -ed: a past participle
 * often states what happened ("my card is blocked", "the order was cancelled") where the base form
 * is a wish ("block my card"); the -ed forms that mean the same are listed in `VARIANTS`.
 */
export function inflectionBases(token: string): string[] {
  const n = token.length;
  if (n < 4) return [];
  const c = token.charCodeAt(n - 1);
  // Hindi participles and adjectives agree in gender and number: "nikli", "nikle" → "nikla";
  // "मिली", "मिले" → "मिला".
  if (c === 0x69 || c === 0x65) return [`${token.slice(0, -1)}a`];
  if (c === 0x0940 || c === 0x0947) return [`${token.slice(0, -1)}\u093E`];
  // Only words ending in s or g can carry these suffixes.
  if (c !== 0x73 && c !== 0x67) return [];
  const out: string[] = [];
  if (token.endsWith('ies')) out.push(`${token.slice(0, -3)}y`);
  else if (token.endsWith('es')) out.push(token.slice(0, -1), token.slice(0, -2));
  else if (token.endsWith('s') && !token.endsWith('ss')) out.push(token.slice(0, -1));
  else if (token.endsWith('ing') && n > 5) {
    const stem = token.slice(0, -3);
    out.push(stem, `${stem}e`);
    if (doubled(stem)) out.push(stem.slice(0, -1));
  }
  return out;
}

function doubled(stem: string): boolean {
  const n = stem.length;
  return n >= 3 && stem[n - 1] === stem[n - 2];
}

const LEMMA_CACHE_MAX = 4096;

/**
 * Maps input words onto a phrase vocabulary: spelling variant first, then an English inflection
 * whose base the vocabulary has ("charges" → "charge"). Classifiers that share one vocabulary share
 * one lemmatizer, so a turn's words are looked up once, not once per classifier.
 */
export class Lemmatizer {
  /** Every vocabulary word, mapped to the form compiled phrases use. */
  readonly #canonical = new Map<string, string>();
  /** A number for each compiled form, so a classifier can index its phrases by it (`ids`). */
  readonly #ids = new Map<string, number>();
  readonly #cache = new Map<string, Lemma>();
  #lastTokens: readonly string[] | undefined;
  #last: Lemmas = { lemmas: [], ids: new Int32Array(0) };

  /** `words` already through `spellingLemma`. */
  constructor(words: Iterable<string>) {
    const known = new Set(words);
    // A phrase written inflected ("charges") matches the base form's inflections too.
    for (const word of known) this.#canonical.set(word, baseIn(word, known));
    for (const form of this.#canonical.values()) {
      if (!this.#ids.has(form)) this.#ids.set(form, this.#ids.size);
      if (startsWithDigit(form)) this.#digitForms = true;
      if (allDigits(form)) this.#numberForms = true;
    }
  }

  /** Whether some compiled form starts with a digit: else a number token needs no lookup. */
  #digitForms = false;
  /** Whether some compiled form is all digits: else a number ("88812") needs no lookup either ("4g" does). */
  #numberForms = false;
  #keep: string | undefined;
  #keepId = -1;

  /** The compiled form of a vocabulary word. */
  canonical(word: string): string {
    return this.#canonical.get(word) ?? word;
  }

  /** How many compiled forms have a number (`idOf`). */
  get size(): number {
    return this.#ids.size;
  }

  /** The number of a compiled form, or -1 for a word that is none. */
  idOf(form: string): number {
    return this.#ids.get(form) ?? -1;
  }

  lemma(token: string): string {
    return this.#entry(token).lemma;
  }

  #entry(token: string): Lemma {
    const cached = this.#cache.get(token);
    if (cached !== undefined) return cached;
    const spelled = spellingLemma(token);
    let lemma = this.#canonical.get(spelled);
    if (lemma === undefined) lemma = this.#canonical.get(baseIn(spelled, this.#canonical)) ?? spelled;
    if (this.#cache.size >= LEMMA_CACHE_MAX) this.#cache.clear();
    const entry = { lemma, id: this.idOf(lemma) };
    this.#cache.set(token, entry);
    return entry;
  }

  /** `lemma` of every token (`breaks` kept as they are); the last shared array's answer is reused. */
  lemmasOf(tokens: readonly string[], keep: string): readonly string[] {
    return this.read(tokens, keep).lemmas;
  }

  /** `lemmasOf`, with the number of each lemma (`idOf`) beside it, worked out in the same pass. */
  read(tokens: readonly string[], keep: string): Lemmas {
    if (tokens === this.#lastTokens) return this.#last;
    if (keep !== this.#keep) {
      this.#keep = keep;
      this.#keepId = this.idOf(keep);
    }
    const lemmas = new Array<string>(tokens.length);
    const ids = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      // Numbers are never in a vocabulary, and each new one would only churn the cache.
      const c = token.charCodeAt(0);
      if (token === keep) {
        lemmas[i] = token;
        ids[i] = this.#keepId;
      } else if (c >= 0x30 && c <= 0x39) {
        lemmas[i] = token;
        ids[i] = this.#digitForms && (this.#numberForms || !allDigits(token)) ? this.idOf(token) : -1;
      } else {
        const entry = this.#entry(token);
        lemmas[i] = entry.lemma;
        ids[i] = entry.id;
      }
    }
    const read = { lemmas, ids };
    if (isUnchanging(tokens)) {
      this.#lastTokens = tokens;
      this.#last = read;
    }
    return read;
  }
}

function allDigits(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return word.length > 0;
}

function startsWithDigit(word: string): boolean {
  const c = word.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}

interface Lemma {
  lemma: string;
  id: number;
}

export interface Lemmas {
  lemmas: readonly string[];
  /** `idOf` each lemma. */
  ids: Int32Array;
}

/** The first English base of `word` that `known` has ("charges" → "charge"), or the word itself. */
export function baseIn(word: string, known: { has(word: string): boolean }): string {
  for (const base of inflectionBases(word)) if (known.has(base)) return base;
  return word;
}
