/** The number words `numbers.ts` reads: English, romanised Hindi and Devanagari, and spelling skeletons. */

// biome-ignore format: a number table reads better packed
const ENGLISH: Record<string, number> = {
  zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60,
  seventy: 70, eighty: 80, ninety: 90,
};

/** Hindi 1–99 are each their own word; romanised spellings vary, so common ones are listed. */
// biome-ignore format: a number table reads better packed
const HINDI_ROMAN: Record<string, number> = {
  shunya: 0, sunya: 0, shoonya: 0, shunye: 0, ek: 1, do: 2, teen: 3, tin: 3, char: 4, chaar: 4, paanch: 5, panch: 5, paach: 5,
  chhe: 6, chhah: 6, chah: 6, che: 6, chheh: 6, saat: 7, sat: 7, aath: 8, ath: 8, nau: 9, das: 10,
  gyarah: 11, gyara: 11, barah: 12, bara: 12, terah: 13, tera: 13, chaudah: 14, chauda: 14, pandrah: 15,
  pandra: 15, solah: 16, sola: 16, satrah: 17, satra: 17, atharah: 18, athara: 18, unnis: 19, bees: 20,
  bis: 20, ikkis: 21, bais: 22, baais: 22, teis: 23, tees: 30, chaubis: 24, chaubees: 24, pachis: 25,
  pachees: 25, pachchis: 25, chhabbis: 26, sattais: 27, sattaees: 27, atthais: 28, untis: 29, untees: 29,
  iktees: 31, ikattis: 31, battis: 32, battees: 32, taintis: 33, taintees: 33, chautis: 34, chauntees: 34,
  paintis: 35, paintees: 35, chhattis: 36, chhattees: 36, saintis: 37, saintees: 37, adtis: 38,
  adtees: 38, untalis: 39, untaalis: 39, chalis: 40, chaalis: 40, iktalis: 41, bayalis: 42, taintalis: 43,
  chavalis: 44, paintalis: 45, chhiyalis: 46, saintalis: 47, adtalis: 48, unchas: 49, pachas: 50,
  pachaas: 50, ikyavan: 51, bavan: 52, baavan: 52, tirpan: 53, chauvan: 54, pachpan: 55, chhappan: 56,
  sattavan: 57, atthavan: 58, unsath: 59, saath: 60, iksath: 61, basath: 62, baasath: 62, tirsath: 63,
  chausath: 64, painsath: 65, chhiyasath: 66, sadsath: 67, adsath: 68, unhattar: 69, sattar: 70,
  ikhattar: 71, bahattar: 72, tihattar: 73, chauhattar: 74, pachhattar: 75, pachattar: 75, chhihattar: 76,
  satattar: 77, athattar: 78, unasi: 79, unaasi: 79, assi: 80, ikyasi: 81, bayasi: 82, tirasi: 83,
  chaurasi: 84, pachasi: 85, chhiyasi: 86, sattasi: 87, atthasi: 88, navasi: 89, navvasi: 89, navvaase: 89,
  navaasi: 89, nabbe: 90, nabbay: 90, ikyanve: 91, banve: 92, tiranve: 93, chauranve: 94, pachanve: 95,
  chhiyanve: 96, sattanve: 97, atthanve: 98, ninyanve: 99, ninyanave: 99, ninnyanve: 99,
};

/** Devanagari, folded (nukta dropped, chandrabindu as anusvara). */
// biome-ignore format: a number table reads better packed
const HINDI_DEVANAGARI: Record<string, number> = {
  शून्य: 0, एक: 1, दो: 2, तीन: 3, चार: 4, पांच: 5, पाच: 5, छह: 6, छः: 6, छे: 6, सात: 7, आठ: 8, नौ: 9,
  दस: 10, ग्यारह: 11, बारह: 12, तेरह: 13, चौदह: 14, पंद्रह: 15, पन्द्रह: 15, सोलह: 16, सत्रह: 17,
  अठारह: 18, उन्नीस: 19, बीस: 20, इक्कीस: 21, बाईस: 22, तेईस: 23, चौबीस: 24, पच्चीस: 25, छब्बीस: 26,
  सत्ताईस: 27, अट्ठाईस: 28, उनतीस: 29, तीस: 30, इकतीस: 31, बत्तीस: 32, तैंतीस: 33, चौंतीस: 34,
  पैंतीस: 35, छत्तीस: 36, सैंतीस: 37, अडतीस: 38, उनतालीस: 39, चालीस: 40, इकतालीस: 41, बयालीस: 42,
  तैंतालीस: 43, चवालीस: 44, पैंतालीस: 45, छियालीस: 46, सैंतालीस: 47, अडतालीस: 48, उनचास: 49,
  पचास: 50, इक्यावन: 51, बावन: 52, तिरपन: 53, चौवन: 54, पचपन: 55, छप्पन: 56, सत्तावन: 57,
  अट्ठावन: 58, उनसठ: 59, साठ: 60, इकसठ: 61, बासठ: 62, तिरसठ: 63, चौंसठ: 64, पैंसठ: 65, छियासठ: 66,
  सडसठ: 67, अडसठ: 68, उनहत्तर: 69, सत्तर: 70, इकहत्तर: 71, बहत्तर: 72, तिहत्तर: 73, चौहत्तर: 74,
  पचहत्तर: 75, छिहत्तर: 76, सतहत्तर: 77, अठहत्तर: 78, उन्यासी: 79, अस्सी: 80, इक्यासी: 81, बयासी: 82,
  तिरासी: 83, चौरासी: 84, पचासी: 85, छियासी: 86, सत्तासी: 87, अट्ठासी: 88, नवासी: 89, नब्बे: 90,
  इक्यानवे: 91, बानवे: 92, तिरानवे: 93, चौरानवे: 94, पचानवे: 95, छियानवे: 96, सत्तानवे: 97,
  अट्ठानवे: 98, निन्यानवे: 99,
};

export const UNITS = new Map<string, number>(
  [ENGLISH, HINDI_ROMAN, HINDI_DEVANAGARI].flatMap((table) => Object.entries(table)),
);

/** Number words that are also everyday words ("do", "so", "saath" = with): numbers only beside other number words. */
export const AMBIGUOUS_IN_ENGLISH = new Set([
  'do',
  'so',
  'sat',
  'tin',
  'che',
  'bis',
  'ath',
  'oh',
  'chah',
  'saath',
  'das',
]);

/**
 * Romanised Hindi has no fixed spelling: "unnees", "unis" and "unnis" are 19, "atthaarah" and
 * "atharah" 18, "ninyaanve" 99. A spelling's skeleton drops what writers vary (long vowels written
 * double, doubled consonants, a final "h" after "a", "w" for "v"); the table is also keyed by the
 * skeletons of its own words, except skeletons two numbers share and words that are everyday
 * Hinglish as well ("saath" = with).
 */
export function skeleton(word: string): string {
  return word
    .replace(/aa/g, 'a')
    .replace(/ee/g, 'i')
    .replace(/oo/g, 'u')
    .replace(/([bcdfgjklmnprstvyz])\1/g, '$1')
    .replace(/w/g, 'v')
    .replace(/ah$/, 'a');
}

export const BY_SKELETON = new Map<string, number>();
{
  const clash = new Set<string>();
  for (const [word, value] of Object.entries(HINDI_ROMAN)) {
    if (AMBIGUOUS_IN_ENGLISH.has(word)) continue;
    const key = skeleton(word);
    const known = BY_SKELETON.get(key);
    if (known !== undefined && known !== value) clash.add(key);
    BY_SKELETON.set(key, value);
  }
  for (const key of clash) BY_SKELETON.delete(key);
}

/** Lower-case Latin with a doubled letter, a final "ah" or a "w": what `skeleton` may change. */
export function mayVary(text: string): boolean {
  const n = text.length;
  if (n < 3) return false;
  let previous = 0;
  let varies = false;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x61 || c > 0x7a) return false;
    if (c === previous || c === 0x77) varies = true;
    previous = c;
  }
  return varies || (previous === 0x68 && text.charCodeAt(n - 2) === 0x61);
}

/** Multipliers that close a group ("four hundred", "do lakh"). */
// biome-ignore format: a word table reads better packed
export const SCALES = new Map<string, number>(Object.entries({
  hundred: 100, sau: 100, so: 100, सौ: 100,
  thousand: 1_000, hazaar: 1_000, hazar: 1_000, hajar: 1_000, हजार: 1_000,
  lakh: 100_000, lakhs: 100_000, lac: 100_000, lacs: 100_000, लाख: 100_000,
  million: 1_000_000,
  crore: 10_000_000, crores: 10_000_000, करोड: 10_000_000,
}));

/** Fractions said before a number: "dedh lakh" = 1.5 lakh, "saadhe teen" = 3.5, "sava do" = 2.25. */
// biome-ignore format: a word table reads better packed
export const FRACTION_WORDS = new Map<string, number>(Object.entries({
  dedh: 1.5, derh: 1.5, डेढ: 1.5, dhai: 2.5, dhaai: 2.5, ढाई: 2.5,
}));
// biome-ignore format: a word table reads better packed
export const PREFIXES = new Map<string, number>(Object.entries({
  saade: 0.5, sade: 0.5, saadhe: 0.5, sadhe: 0.5, साढे: 0.5, sava: 0.25, sawa: 0.25, सवा: 0.25,
  paune: -0.25, पौने: -0.25,
}));

/** What a number just after "and" may count instead of adding to the amount. */
// biome-ignore format: a word table reads better packed
export const COUNTED = new Set([
  'baar', 'bar', 'times', 'time', 'din', 'days', 'day', 'saal', 'years', 'year', 'mahine', 'months',
  'month', 'ghante', 'hours', 'minute', 'minutes', 'बार', 'दिन', 'साल', 'महीने', 'घंटे', 'मिनट',
]);

/** "unchaas rupaye": a currency word after a spelling variant makes it a number too. */
// biome-ignore format: a word table reads better packed
export const CURRENCY = new Set([
  'rupees', 'rupee', 'rupaye', 'rupaiye', 'rupay', 'rupiya', 'rupiye', 'rs', 'रुपये', 'रुपए', 'रुपया',
]);

export const REPEAT = new Map<string, number>(Object.entries({ double: 2, triple: 3, डबल: 2, ट्रिपल: 3 }));

export const NUMBER_WORDS = new Set([
  ...UNITS.keys(),
  ...SCALES.keys(),
  ...FRACTION_WORDS.keys(),
  ...PREFIXES.keys(),
  ...REPEAT.keys(),
  // "unchaas rupaye": a currency word may stand beside a number spelled a way the tables do not list.
  ...CURRENCY,
]);

/** What a word can do for `mayReadAny`: start a number by its text alone, or stand beside one. */
const STARTS = 1;
const BESIDE = 2;
/**
 * The words a number rewritten by `spokenNumbersToDigits` (numbers.ts) must contain one of, by their
 * text alone (a unit, "double" or "triple", a scale, a prefix or a fraction word), and the currency
 * words a spelling variant may be read beside ("unchaas rupaye"). One map, so one look-up a word.
 */
const KINDS = new Map<string, number>([
  ...[...CURRENCY].map((word): [string, number] => [word, BESIDE]),
  ...[UNITS, REPEAT, SCALES, PREFIXES, FRACTION_WORDS].flatMap((table) =>
    [...table.keys()].map((word): [string, number] => [word, STARTS]),
  ),
]);

/**
 * Whether `spokenNumbersToDigits` might read a number from a turn with these clause tokens: false
 * only when it would give the text back unchanged, which it does when none is a number word. Every
 * number it rewrites holds a `STARTS` word, or a spelling variant given a unit beside one
 * (`besideNumber`): digits alone are never rewritten (a digit run needs a spoken digit, and a
 * composed number read from digits stops at them). Without a `STARTS` word, only a currency word
 * can be what a variant stands beside; a variant beside one counts here even across a separator
 * other than spaces, which `besideNumber` refuses: this asks more often than needed, never less.
 */
export function mayReadAny(tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const kind = KINDS.get(tokens[i]!);
    if (kind === STARTS) return true;
    if (kind === BESIDE && (mayVary(tokens[i - 1] ?? '') || mayVary(tokens[i + 1] ?? ''))) return true;
  }
  return false;
}
