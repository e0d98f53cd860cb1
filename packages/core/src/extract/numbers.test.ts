import { describe, expect, it } from 'vitest';
import { extractAccountNumber } from './account.js';
import { parseAmounts } from './amounts.js';
import { spokenNumbersToDigits } from './numbers.js';
import { foldText } from './text.js';

describe('spoken numbers', () => {
  it.each([
    ['twelve thousand four hundred and the other', '12,400 and the other'],
    ['four thousand two hundred and ninety nine rupees', '4,299 rupees'],
    ['my plan is only seven ninety nine', 'my plan is only 799'],
    ['one point two crore', '1,20,00,000'],
    ['two lakh seventy five thousand', '2,75,000'],
    ['pachaas lakh ka', '50,00,000 ka'],
    ['saadhe chhe hazaar ka phone', '6,500 ka phone'],
    ['dedh lakh hai', '1,50,000 hai'],
    ['paanch sau navvaase ka recharge', '589 ka recharge'],
    ['बारह हज़ार पांच सौ रुपये', '12,500 रुपये'],
    ['एक हज़ार चार सौ निन्यानवे', '1,499'],
    // Romanised spellings the table does not list: long vowels doubled, consonants doubled or not.
    ['unnees hazaar nau sau nikal gaye', '19,900 nikal gaye'],
    ['saadhe atthaarah hazaar', '18,500'],
    ['aath sau ninyaanve', '899'],
    ['chaalees hazaar', '40,000'],
    ['baarah hazaar, achha hai', '12,000, achha hai'],
    ['baees hazaar paanch sau', '22,500'],
    ['shoonya', 'shoonya'],
    // A scale said alone is one of it, written without grouping (a money word must make it money).
    ['ऊपर से सौ रुपये चार्ज', 'ऊपर से 100 रुपये चार्ज'],
    ['thousand rupees', '1000 rupees'],
    ['hazaar baar bola', '1000 baar bola'],
    // English "and a half" before a scale.
    ['by three and a half thousand', 'by 3,500'],
    ['one and a half lakh', '1,50,000'],
    ['two and a half years', 'two and a half years'],
    // "and" before a count of something else does not add to the amount.
    ['बारह हज़ार और एक बार आठ हज़ार', '12,000 और एक बार 8,000'],
    ['five thousand and two hundred', '5,200'],
  ])('reads %s', (spoken, digits) => {
    expect(spokenNumbersToDigits(foldText(spoken))).toBe(digits);
  });

  it('reads digit by digit, with double and triple', () => {
    expect(spokenNumbersToDigits('three two one four five five six seven eight nine')).toBe('3214556789');
    expect(spokenNumbersToDigits('nine double one triple zero four')).toBe('9110004');
    expect(spokenNumbersToDigits(foldText('छह छह दो शून्य चार एक एक नौ आठ'))).toBe('662041198');
    expect(spokenNumbersToDigits('chaar paanch do do saat ek nau shoonya teen teen')).toBe('4522719033');
  });

  it('leaves everyday words alone', () => {
    for (const text of [
      'what do i do now',
      'dr khanna ke saath',
      'one more thing',
      'ek goli le li',
      'oh okay',
      'hum saath mein hain',
      'bahut sath diya',
    ]) {
      expect(spokenNumbersToDigits(text)).toBe(text);
    }
  });

  it('reads text that was not folded by its words as written (the folded-text shortcut does not apply)', () => {
    expect(spokenNumbersToDigits('Five Five zero zero nine one')).toBe('Five Five 0091');
    expect(spokenNumbersToDigits("o'four five six seven")).toBe("o'4567");
    expect(spokenNumbersToDigits("it's do sau rupaye")).toBe("it's 200 rupaye");
    expect(spokenNumbersToDigits('paid 1200 rupees')).toBe('paid 1200 rupees');
  });
});

describe('amounts and accounts said in words', () => {
  it('finds amounts said in words, with a money word or beside another amount', () => {
    expect(
      parseAmounts('one is for twelve thousand four hundred and the other for eight thousand rupees'),
    ).toEqual([12_400, 8_000]);
    expect(parseAmounts('do sau ka discount')).toEqual([200]);
    expect(parseAmounts('bill 4000 aaya hai, hamesha chhe sau ke aas paas aata hai')).toEqual([4_000, 600]);
    expect(parseAmounts('दो सौ निन्यानवे का रिचार्ज')).toEqual([299]);
    // Money taken from an account, in Hinglish.
    expect(parseAmounts('bill do baar kat gaya, aath sau ninyaanve do baar')).toEqual([899]);
    expect(parseAmounts('डिलीवरी वाले ने नौ सौ बीस लिए, बोला ऊपर से सौ रुपये चार्ज लगता है')).toEqual([920, 100]);
  });

  it('keeps readings, dates and numbers read digit by digit out of the amounts', () => {
    expect(parseAmounts('her platelets went down to thirty thousand, she was admitted')).toEqual([]);
    expect(parseAmounts('sugar level is three hundred and forty')).toEqual([]);
    expect(parseAmounts('savitri devi, das june unnees sau pachpan')).toEqual([]);
    expect(
      parseAmounts('ek ek saat paanch shoonya teen do chhe. EMI baees hazaar paanch sau ki hai'),
    ).toEqual([22_500]);
    expect(parseAmounts('account 4522719033 hai, paanch hazaar kat gaye')).toEqual([5_000]);
  });

  it('keeps temperatures, speeds, doses and order numbers out of the amounts', () => {
    expect(parseAmounts('ek sau do degree tha subah')).toEqual([]);
    expect(parseAmounts('do sau mbps ka plan hai')).toEqual([]);
    expect(parseAmounts('it says 500 mg instead of 250')).toEqual([]);
    expect(parseAmounts('order number hai 5 5 3 2 1 9, bill bhi bheja')).toEqual([]);
  });

  it('reads an account, customer or policy number said digit by digit', () => {
    expect(
      extractAccountNumber('its neha and account number is three two one four five five six seven'),
    ).toBe('32145567');
    expect(extractAccountNumber('policy number is 5 5 0 0 9 8 7 6 1 2, name is meera')).toBe('5500987612');
    expect(extractAccountNumber('मेरी पॉलिसी संख्या है चार चार दो दो एक एक शून्य शून्य')).toBe('44221100');
    expect(extractAccountNumber('yes, it is 2 2 3 3 4 4 5 5 6 6')).toBe('2233445566');
  });

  it('does not take a phone, order or PIN code for an account', () => {
    expect(extractAccountNumber('yes it is 98765 43210')).toBeUndefined();
    expect(extractAccountNumber('order number hai 5 5 3 2 1 9 0 4')).toBeUndefined();
    expect(extractAccountNumber('pin code five six zero zero three four')).toBeUndefined();
  });
});

describe('spoken numbers in new calls (#16)', () => {
  const digits = (text: string) => spokenNumbersToDigits(foldText(text));

  it('reads a fraction said straight before a scale as a fraction of one', () => {
    expect(digits('सवा लाख का काम हुआ है')).toBe('1,25,000 का काम हुआ है');
    expect(digits('paune hazaar ka')).toBe('750 ka');
  });

  it('leaves a count after a number out of it', () => {
    expect(digits('दो हज़ार तीन सौ चालीस एक बार')).toBe('2,340 एक बार');
  });

  it('does not multiply a scale said twice', () => {
    expect(digits('sau sau ke note')).toBe('100 100 ke note');
  });

  it('reads a teen and a tens word as a price, not a time or a year', () => {
    expect(digits('refund the twelve ninety nine')).toBe('refund the 1,299');
    expect(digits('come at twelve thirty')).toBe('come at 12 30');
    expect(digits('since nineteen eighty two')).toBe('since 19 82');
  });

  it('reads a spelling variant before a currency word', () => {
    expect(digits('unchaas rupaye delivery fee')).toBe('49 rupaye delivery fee');
  });

  it('reads a turn with digits and a currency word only when a spoken number is in it', () => {
    // Digits and currency words alone: nothing to rewrite (a turn like this is not cut into words).
    expect(digits('it was about 2,400 rupees on saturday, order 8 8 8 1 2')).toBe(
      'it was about 2,400 rupees on saturday, order 8 8 8 1 2',
    );
    expect(digits('5 5 0 0 9 8 rs')).toBe('5 5 0 0 9 8 rs');
    // A spoken digit among written ones, or a variant beside the currency word, still is.
    expect(digits('5 5 zero 0 9 8 rs')).toBe('550098 rs');
    expect(digits('paid 2,400 rupees, unchaas rupaye more')).toBe('paid 2,400 rupees, 49 rupaye more');
    expect(digits('unchaas, rupaye')).toBe('unchaas, rupaye');
  });
});

describe('account numbers read in groups (#16)', () => {
  it('joins groups of digits said with commas or "then"', () => {
    expect(extractAccountNumber('double five one, eight zero zero, four double six seven')).toBe(
      '5518004667',
    );
    expect(extractAccountNumber('It is four four one nine zero two seven six, double zero.')).toBe(
      '4419027600',
    );
    expect(
      extractAccountNumber('haan passbook mein hai, do chaar saat saat, shunya ek, teen nau, aath aath'),
    ).toBe('2477013988');
    expect(extractAccountNumber('teen teen do, shoonya shoonya paanch, ek nau, saat chaar')).toBe(
      '3320051974',
    );
  });

  it('keeps a last lone digit only at the end of the turn', () => {
    expect(extractAccountNumber('saat saat nau, ek paanch, chaar shunya, chhe')).toBe('77915406');
  });

  it('does not join a list of small numbers', () => {
    expect(spokenNumbersToDigits(foldText('ek, do, teen'))).toBe('ek, do, teen');
  });

  it('takes seven digits said as the whole turn', () => {
    expect(extractAccountNumber('ek do ek do nau aath saat')).toBe('1212987');
    expect(extractAccountNumber('I paid 1212987 times')).toBeUndefined();
  });
});
