/**
 * Numbers as callers say them, turned into digits: "twelve thousand four hundred", "pachaas
 * lakh", "saadhe chhe hazaar", "बारह हज़ार पांच सौ", and account numbers read digit by digit
 * ("five five zero zero", "double five", "छह छह दो शून्य"). Works on folded text (lower case,
 * nukta dropped) and costs one pass over the words of the utterance.
 */

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
  shunya: 0, sunya: 0, ek: 1, do: 2, teen: 3, tin: 3, char: 4, chaar: 4, paanch: 5, panch: 5, paach: 5,
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

const UNITS = new Map<string, number>(
  [ENGLISH, HINDI_ROMAN, HINDI_DEVANAGARI].flatMap((table) => Object.entries(table)),
);

/** Number words that are also everyday words ("do", "so", "saath" = with): numbers only beside other number words. */
const AMBIGUOUS_IN_ENGLISH = new Set([
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
function skeleton(word: string): string {
  return word
    .replace(/aa/g, 'a')
    .replace(/ee/g, 'i')
    .replace(/oo/g, 'u')
    .replace(/([bcdfgjklmnprstvyz])\1/g, '$1')
    .replace(/w/g, 'v')
    .replace(/ah$/, 'a');
}

const BY_SKELETON = new Map<string, number>();
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

/**
 * The number the word at `i` names: in the table's spelling, or in another spelling when a number
 * word stands beside it ("unnees hazaar", "aath sau ninyaanve", "nau shoonya teen"). Beside a
 * number only: that keeps everyday words that happen to share a skeleton out. Read once per
 * utterance, when its words are split.
 */
function unitAt(words: Word[], i: number): number | undefined {
  return words[i]!.unit;
}

/** Lower-case Latin with a doubled letter, a final "ah" or a "w": what `skeleton` may change. */
function mayVary(text: string): boolean {
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

function besideNumber(words: Word[], i: number): boolean {
  const next = words[nextWord(words, i)]?.text;
  if (next !== undefined && (SCALES.has(next) || UNITS.has(next))) return true;
  let j = i - 1;
  while (j >= 0 && !words[j]!.isWord && SPACES.test(words[j]!.text)) j--;
  const prev = j >= 0 ? words[j]!.text : undefined;
  return prev !== undefined && (SCALES.has(prev) || PREFIXES.has(prev) || UNITS.has(prev));
}

/** Multipliers that close a group ("four hundred", "do lakh"). */
// biome-ignore format: a word table reads better packed
const SCALES = new Map<string, number>(Object.entries({
  hundred: 100, sau: 100, so: 100, सौ: 100,
  thousand: 1_000, hazaar: 1_000, hazar: 1_000, hajar: 1_000, हजार: 1_000,
  lakh: 100_000, lakhs: 100_000, lac: 100_000, lacs: 100_000, लाख: 100_000,
  million: 1_000_000,
  crore: 10_000_000, crores: 10_000_000, करोड: 10_000_000,
}));

/** Fractions said before a number: "dedh lakh" = 1.5 lakh, "saadhe teen" = 3.5, "sava do" = 2.25. */
// biome-ignore format: a word table reads better packed
const FRACTION_WORDS = new Map<string, number>(Object.entries({
  dedh: 1.5, derh: 1.5, डेढ: 1.5, dhai: 2.5, dhaai: 2.5, ढाई: 2.5,
}));
// biome-ignore format: a word table reads better packed
const PREFIXES = new Map<string, number>(Object.entries({
  saade: 0.5, sade: 0.5, saadhe: 0.5, sadhe: 0.5, साढे: 0.5, sava: 0.25, sawa: 0.25, सवा: 0.25,
  paune: -0.25, पौने: -0.25,
}));

/** What a number just after "and" may count instead of adding to the amount. */
// biome-ignore format: a word table reads better packed
const COUNTED = new Set([
  'baar', 'bar', 'times', 'time', 'din', 'days', 'day', 'saal', 'years', 'year', 'mahine', 'months',
  'month', 'ghante', 'hours', 'minute', 'minutes', 'बार', 'दिन', 'साल', 'महीने', 'घंटे', 'मिनट',
]);

const REPEAT = new Map<string, number>(Object.entries({ double: 2, triple: 3, डबल: 2, ट्रिपल: 3 }));

/** Splits into words (even indices) and the separators between them (odd indices). */
const SEPARATOR = /([^\p{L}\p{M}\d]+)/u;
const NUMBER_WORDS = new Set([
  ...UNITS.keys(),
  ...SCALES.keys(),
  ...FRACTION_WORDS.keys(),
  ...PREFIXES.keys(),
  ...REPEAT.keys(),
]);

interface Word {
  text: string;
  isWord: boolean;
  /** The number the word names, read once per utterance (`unitAt`). */
  unit: number | undefined;
}

/**
 * Rewrites spoken numbers as digits. Digit-by-digit readings become one digit string ("5500987612");
 * composed numbers become Indian-grouped digits when a thousand or more ("12,400"), which the amount
 * parser reads as money, and plain digits below that.
 */
export function spokenNumbersToDigits(folded: string): string {
  const parts = folded.split(SEPARATOR);
  // Most utterances say no number in words: leave them without allocating anything more.
  if (!parts.some((part, i) => i % 2 === 0 && NUMBER_WORDS.has(part))) return folded;
  const words: Word[] = parts
    .map((text, i) => ({ text, isWord: i % 2 === 0, unit: i % 2 === 0 ? UNITS.get(text) : undefined }))
    .filter((w) => w.text !== '');
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.unit === undefined && word.isWord && mayVary(word.text) && besideNumber(words, i)) {
      word.unit = BY_SKELETON.get(skeleton(word.text));
    }
  }
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    const run = readDigitRun(words, i) ?? readComposed(words, i);
    if (run) {
      out.push(run.text);
      i = run.next;
    } else {
      out.push(words[i]!.text);
      i++;
    }
  }
  return out.join('');
}

/** Index of the next word token after `i`, skipping spaces (not other punctuation). */
const SPACES = /^[\s-]+$/u;

function nextWord(words: Word[], i: number): number {
  let j = i + 1;
  while (j < words.length && !words[j]!.isWord && SPACES.test(words[j]!.text)) j++;
  return j;
}

function digitAt(words: Word[], i: number): number | undefined {
  const text = words[i]!.text;
  if (/^\d$/.test(text)) return Number(text);
  const v = unitAt(words, i);
  return v !== undefined && v <= 9 ? v : undefined;
}

/** Four or more single digits in a row, with "double"/"triple": an account, policy or PIN code. */
function readDigitRun(words: Word[], start: number): { text: string; next: number } | undefined {
  let digits = '';
  let count = 0;
  let ambiguous = 0;
  let i = start;
  let end = start;
  while (i < words.length && words[i]!.isWord) {
    const text = words[i]!.text;
    const repeat = REPEAT.get(text);
    if (repeat !== undefined) {
      const j = nextWord(words, i);
      const d = j < words.length ? digitAt(words, j) : undefined;
      if (d === undefined) break;
      digits += String(d).repeat(repeat);
      count += repeat;
      end = j + 1;
      i = nextWord(words, j);
      continue;
    }
    const d = digitAt(words, i);
    if (d === undefined) break;
    if (AMBIGUOUS_IN_ENGLISH.has(text)) ambiguous++;
    digits += String(d);
    count++;
    end = i + 1;
    i = nextWord(words, i);
  }
  // Digits already written as digits need no help; a run must contain a spoken digit to rewrite.
  const spoken = words.slice(start, end).some((w) => w.isWord && !/^\d+$/.test(w.text));
  if (count < 4 || !spoken || ambiguous * 2 > count) return undefined;
  return { text: digits, next: end };
}

/** "four thousand two hundred and ninety nine", "saadhe chhe hazaar", "seven ninety nine". */
function readComposed(words: Word[], start: number): { text: string; next: number } | undefined {
  let total = 0;
  let group = 0;
  let groupSet = false;
  let fraction = 0;
  let used = 0;
  let end = start;
  let i = start;
  let sawScale = false;
  let lastUnit: number | undefined;
  let bare = false;

  while (i < words.length && words[i]!.isWord) {
    const text = words[i]!.text;
    const prefix = PREFIXES.get(text);
    const fractionWord = FRACTION_WORDS.get(text);
    const unit = unitAt(words, i);
    const scale = SCALES.get(text);
    if (scale !== undefined && !groupSet && used === 0 && text !== 'so' && !afterDigits(words, start)) {
      // "sau rupaye", "thousand rupees": a scale said alone is one of it. Written without
      // grouping, so only a money word beside it makes it an amount ("hazaar baar" is not).
      group = 1;
      groupSet = true;
      bare = true;
    }
    if (prefix !== undefined && !groupSet) {
      fraction = prefix;
    } else if (fractionWord !== undefined && !groupSet) {
      group = fractionWord;
      groupSet = true;
    } else if (
      unit !== undefined &&
      (used > 0 || !AMBIGUOUS_IN_ENGLISH.has(text) || scaleFollows(words, i))
    ) {
      if (groupSet && lastUnit !== undefined && lastUnit < 10 && unit >= 20 && group < 10) {
        // "seven ninety nine": a price read in two parts.
        group = group * 100 + unit;
      } else if (groupSet && lastUnit !== undefined && lastUnit % 10 === 0 && lastUnit >= 20 && unit < 10) {
        group += unit;
      } else if (groupSet && lastUnit !== undefined) {
        break;
      } else {
        group += unit;
        groupSet = true;
      }
      lastUnit = unit;
    } else if (/^\d+(?:\.\d+)?$/.test(text) && !groupSet && used === 0) {
      // "1.5 lakh" is read by the amount parser itself; only digits followed by a number word matter.
      break;
    } else if (scale !== undefined && groupSet) {
      const value = (group + fraction) * scale;
      fraction = 0;
      if (scale === 100) {
        group = value;
        lastUnit = undefined;
      } else {
        total += value;
        group = 0;
        groupSet = false;
        lastUnit = undefined;
      }
      sawScale = true;
    } else if (text === 'and' && groupSet && !sawScale && halfBeforeScale(words, i)) {
      // "three and a half thousand", "one and a half lakh": the half belongs to the scale.
      fraction = 0.5;
      const half = nextWord(words, nextWord(words, i));
      end = half + 1;
      i = nextWord(words, half);
      used++;
      continue;
    } else if ((text === 'and' || text === 'aur' || text === 'और') && used > 0 && sawScale) {
      const j = nextWord(words, i);
      if (j >= words.length || (unitAt(words, j) === undefined && !PREFIXES.has(words[j]!.text))) break;
      // "बारह हज़ार और एक बार आठ हज़ार": "and once", a count of something else, not 12,001.
      if (COUNTED.has(words[nextWord(words, j)]?.text ?? '')) break;
    } else if (text === 'point' && groupSet && !sawScale) {
      const j = nextWord(words, i);
      const d = j < words.length ? digitAt(words, j) : undefined;
      if (d === undefined) break;
      group += d / 10;
      i = nextWord(words, j);
      end = j + 1;
      used++;
      continue;
    } else {
      break;
    }
    used++;
    end = i + 1;
    i = nextWord(words, i);
  }
  const value = total + group + (groupSet ? fraction : 0);
  // A lone small number word ("one", "ek") is usually not a number worth rewriting ("one more thing").
  if (used === 0 || value <= 0 || (!sawScale && used === 1 && value < 10)) return undefined;
  const rounded = Math.round(value * 100) / 100;
  const text = rounded >= 1_000 && !(bare && used === 1) ? groupIndian(rounded) : String(rounded);
  return { text, next: end };
}

/** Digits just before `i` ("15 thousand"), which the amount parser reads with the scale itself. */
function afterDigits(words: Word[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && !words[j]!.isWord && /^[\s-]+$/u.test(words[j]!.text)) j--;
  return j >= 0 && words[j]!.isWord && /\d$/.test(words[j]!.text);
}

/** "and a half" then a scale: `i` is at "and". */
function halfBeforeScale(words: Word[], i: number): boolean {
  const a = nextWord(words, i);
  const half = nextWord(words, a);
  const scale = nextWord(words, half);
  return words[a]?.text === 'a' && words[half]?.text === 'half' && SCALES.has(words[scale]?.text ?? '');
}

/** "do" is "two" only when a scale follows ("do lakh"); otherwise it is the English verb. */
function scaleFollows(words: Word[], i: number): boolean {
  const j = nextWord(words, i);
  return j < words.length && SCALES.has(words[j]!.text);
}

const indian = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2 });

function groupIndian(value: number): string {
  return indian.format(value);
}
