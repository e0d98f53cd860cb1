import { describe, expect, it } from 'vitest';
import type { Extracted, Turn } from '../types.js';
import { extractFacts } from './extract-facts.js';
import { defaultIntentClassifier, defaultIssueClassifier, KeywordClassifier } from './keyword-maps.js';
import { inflectionBases, Lemmatizer, spellingLemma } from './lemmas.js';
import { clauseTokens, foldText } from './text.js';

const intent = (text: string) => defaultIntentClassifier.classify(foldText(text));
const issue = (text: string) => defaultIssueClassifier.classify(foldText(text));

describe('lemmas', () => {
  it('maps Hinglish spellings and request forms onto one word', () => {
    expect(['nahin', 'nhi', 'nahi'].map(spellingLemma)).toEqual(['nahi', 'nahi', 'nahi']);
    expect(['karo', 'kijiye', 'karwana', 'kariye'].map(spellingLemma)).toEqual(['kar', 'kar', 'kar', 'kar']);
    expect(['कीजिए', 'करवाना', 'करो'].map(spellingLemma)).toEqual(['कर', 'कर', 'कर']);
  });

  it('offers English bases for -s and -ing but not -ed (a past participle often states, not asks)', () => {
    expect(inflectionBases('charges')).toContain('charge');
    expect(inflectionBases('dropping')).toContain('drop');
    expect(inflectionBases('blocked')).toEqual([]);
  });
});

describe('KeywordClassifier', () => {
  it('matches a concept rule in any order and any wording', () => {
    expect(intent('my credit card got snatched at the station')).toBe('card_block');
    expect(issue('snatched, my debit card, right out of my hand')).toBe('lost_or_stolen_card');
    expect(intent('कार्ड कहीं गुम हो गया है')).toBe('card_block');
  });

  it('reads every request form of a Hindi verb, and a state or a report as no request', () => {
    expect(intent('mera broadband connection band karwa dijiye')).toBe('cancellation');
    expect(intent('connection band kar do')).toBe('cancellation');
    expect(intent('teen mahine se mera connection band hai')).not.toBe('cancellation');
    expect(intent('मेरा खाता बंद कर दिया गया है')).not.toBe('cancellation');
  });

  it('does not take a negated wish or a denied symptom', () => {
    expect(intent('refund nahi chahiye, bas replacement bhej do')).toBe('return');
    expect(intent('ab dard bilkul nahi hai, appointment aage kar do')).toBe('appointment');
  });

  it('lets a wish turned down speak against its key for the whole turn', () => {
    // The refund rule is "money & back": "वापस" said again must not revive the refund turned down.
    expect(intent('पैसे वापस नहीं चाहिए, बस सही नाप वाले भेज दीजिए, ये वापस ले जाइए')).not.toBe('refund');
    expect(intent('i am not asking for the money back, i only want to understand this charge')).toBe(
      'billing',
    );
    expect(intent('please get my money back')).toBe('refund');
  });

  it('reads stopping a SIM or a number as a SIM block, not a cancellation', () => {
    expect(intent('phone cheen liya, sim band karwa do jaldi se')).toBe('sim_block');
    expect(intent('मेरा नंबर बंद कर दीजिए, कोई गलत इस्तेमाल न करे')).toBe('sim_block');
    expect(intent('mera broadband connection band karwa dijiye')).toBe('cancellation');
  });

  it('does not read a bill the caller is paying or uploading as a billing dispute', () => {
    expect(intent('i am trying to pay my postpaid bill through your app')).not.toBe('billing');
    expect(intent('main apne bill upload kar rahi thi aapke app mein')).not.toBe('billing');
    expect(intent('my bill is wrong this month, you overcharged me')).toBe('billing');
  });

  it('does not take a threat in a condition as the request', () => {
    expect(intent('no signal at home and if its not fixed i am porting out')).toBe('technical');
    expect(intent('agar kal tak theek nahi hua toh main connection band karwa dunga')).not.toBe(
      'cancellation',
    );
    expect(intent('i want to port my number to another operator')).toBe('cancellation');
  });

  it('scores the utterance instead of taking the first phrase found', () => {
    expect(intent('i want to close my credit card, the annual fee is not worth it')).toBe('cancellation');
  });

  it('lets a symptom win whatever else is said', () => {
    expect(intent('i want to book an appointment, i have chest pain since morning')).toBe('medical');
  });

  it('weighs a mild symptom said with a request for a visit instead of letting it win outright', () => {
    expect(intent('ortho doctor ka appointment chahiye, ghutne mein dard rehta hai')).toBe('appointment');
    expect(intent('mere bete ko kal raat se tez bukhar hai')).toBe('medical');
    expect(intent('he says his chest is tight and he is sweating a lot')).toBe('medical');
    // "chakkar kaat raha hoon" is running around, not dizziness: the loan words decide.
    expect(intent('teen mahine se chakkar kaat raha hoon, car loan poora bhar diya, last EMI bhi')).toBe(
      'loan',
    );
  });

  it('needs every part of an "a & b" rule', () => {
    const c = new KeywordClassifier({ lost_card: ['card & lost|stolen'] });
    expect(c.classify('my card was stolen')).toBe('lost_card');
    expect(c.classify('stolen, all of it, and the card too')).toBe('lost_card');
    expect(c.classify('my card is fine')).toBeUndefined();
    expect(c.scoreTokens(['card', 'lost']).score).toBe(2);
  });

  it('matches a phrase written inflected against the base form', () => {
    const c = new KeywordClassifier({ billing: ['charges', 'charge'] });
    expect(c.classify('they keep charging me')).toBe('billing');
  });

  it('reads "nahi" on either side of the verb and through emphasis ("mila hi nahi")', () => {
    const c = new KeywordClassifier({ late: ['parcel & nahi mila'] });
    expect(c.classify('parcel nahi mila')).toBe('late');
    expect(c.classify('parcel abhi tak mila nahi')).toBe('late');
    expect(c.classify('parcel to mila hi nahi')).toBe('late');
    expect(c.classify('parcel mila, sab theek')).toBeUndefined();
  });

  it('finds the problem in paraphrase, not only in its usual words', () => {
    expect(issue('paisa account se kat gaya lekin bhai ko mila hi nahi')).toBe('failed_transaction');
    expect(intent('i gave him the code that came on my phone')).toBe('fraud');
    expect(intent('i am moving my number to another operator')).toBe('cancellation');
    expect(issue('i have to go outside to make a call, inside the house nothing')).toBe('network_problem');
    expect(issue('the blender i received yesterday is completely dead')).toBe('damaged_product');
    expect(issue('i ordered a blue kurta and you sent me some other one')).toBe('wrong_item');
    expect(issue('unhone mera claim mana kar diya')).toBe('claim_rejected');
    expect(intent('box khola to andar patthar nikle')).toBe('fraud');
  });
});

const empty = (): Extracted => ({ customer: {}, fields: {}, sentimentTrajectory: [] });
const caller = (text: string): Turn => ({ index: 0, role: 'caller', text, at: 0, final: true });

describe('extractFacts across turns', () => {
  it('keeps an appointment when a later turn only mentions a mild symptom', () => {
    const first = {
      ...empty(),
      ...extractFacts(caller('i booked an orthopaedic appointment for today'), empty()),
    };
    expect(first.intent).toBe('appointment');
    expect(extractFacts(caller('jaldi dekho, ghutne mein dard hai'), first).intent).toBeUndefined();
    expect(extractFacts(caller('he is unconscious, send an ambulance'), first).intent).toBe('medical');
  });

  it('keeps the intent when a later turn only vents ("this is cheating")', () => {
    const first = { ...empty(), ...extractFacts(caller('i want a refund for my cancelled order'), empty()) };
    expect(first.intent).toBe('refund');
    expect(extractFacts(caller('enough, this is cheating'), first).intent).toBeUndefined();
  });

  it('reads a later turn in the light of the intent an earlier one set', () => {
    const first = { ...empty(), ...extractFacts(caller('is baar ka bill chaudah sau aaya hai'), empty()) };
    expect(first.intent).toBe('billing');
    expect(first.issueType).toBeUndefined();
    expect(extractFacts(caller('maine koi extra pack nahi liya, ye galat hai'), first).issueType).toBe(
      'incorrect_charge',
    );
    // The same words with no call context behind them say nothing about a charge.
    expect(extractFacts(caller('ye galat hai'), empty()).issueType).toBeUndefined();
  });

  it('replaces it when a later turn plainly says something that ranks higher', () => {
    const first = { ...empty(), ...extractFacts(caller('i want a refund for my cancelled order'), empty()) };
    const next = extractFacts(caller('and someone used my card without my permission'), first);
    expect(next.intent).toBe('fraud');
  });
});

describe('KeywordClassifier with a lemmatizer it shares', () => {
  it('finds phrases whose words the lemmatizer knows by their number, and others by the word itself', () => {
    const shared = new Lemmatizer(['refund', 'charges']);
    const known = new KeywordClassifier({ refund: ['refund'], fee: ['charges'] }, { lemmatizer: shared });
    expect(known.classify('i want a refund')).toBe('refund');
    expect(known.classify('why these charges')).toBe('fee');
    expect(known.classify('why this charge')).toBeUndefined();
    // "chargeback" is not in the shared vocabulary: the classifier still reads it.
    const unknown = new KeywordClassifier(
      { dispute: ['chargeback'], refund: ['refund'] },
      { lemmatizer: shared },
    );
    expect(unknown.classify('i will file a chargeback')).toBe('dispute');
    expect(unknown.classify('refund please')).toBe('refund');
  });

  it('finds a phrase that starts with a number', () => {
    const classifier = new KeywordClassifier({ urgent: ['24 hours'], refund: ['refund'] });
    expect(classifier.classify('i need the refund in 24 hours, please')).toBe('urgent');
    expect(classifier.classify('refund 24')).toBe('refund');
    const network = new KeywordClassifier({ network: ['4g signal'], refund: ['refund'] });
    expect(network.classify('no 4g signal since 2024, and 4 refund calls')).toBe('network');
  });

  it('matches a phrase of several runs only with every word said, in order, within its gaps', () => {
    const classifier = new KeywordClassifier({
      block: ['card * blocked', 'stop my card now'],
      other: ['card'],
    });
    expect(classifier.classify('my card got blocked')).toBe('block');
    expect(classifier.classify('blocked, my card')).toBe('other');
    expect(classifier.classify('my card is fine')).toBe('other');
    expect(classifier.classify('card one two three blocked')).toBe('block');
    expect(classifier.classify('card one two three four blocked')).toBe('other');
    expect(classifier.classify('please stop my card now')).toBe('block');
    expect(classifier.classify('please stop my card')).toBe('other');
  });

  it('keeps nothing from one utterance to the next (its scores, parts said and denials are reused)', () => {
    const classifier = new KeywordClassifier({
      refund: ['money & back'],
      billing: ['charge', 'bill'],
      return: ['replacement'],
    });
    // Each utterance alone, then the same ones again after others: the answers do not move.
    const said = [
      'i want my money',
      'send it back',
      'refund nahi chahiye, bas replacement bhej do',
      'money back please',
      'the charge on my bill',
      'replacement',
    ];
    const alone = said.map((text) =>
      new KeywordClassifier({
        refund: ['money & back'],
        billing: ['charge', 'bill'],
        return: ['replacement'],
      }).scoreTokens(clauseTokens(foldText(text))),
    );
    for (let round = 0; round < 3; round++) {
      expect(said.map((text) => classifier.scoreTokens(clauseTokens(foldText(text))))).toEqual(alone);
    }
    // One part of a rule in one turn and the other in the next is not the rule.
    expect(alone.slice(0, 2).map((r) => r.key)).toEqual([undefined, undefined]);
    expect(alone[3]!.key).toBe('refund');
  });
});
