import { describe, expect, it } from 'vitest';
import { scoreText, sentimentLabel } from './score.js';

describe('scoreText', () => {
  it('scores angry English, Hinglish and Devanagari complaints negative', () => {
    expect(scoreText('This is ridiculous, your service is useless')).toBeLessThan(-0.7);
    expect(scoreText('bahut bakwas service hai, main pareshan hoon')).toBeLessThan(-0.7);
    expect(scoreText('बहुत बकवास है, मैं परेशान हूँ')).toBeLessThan(-0.7);
  });

  it('scores thanks positive in all three', () => {
    expect(scoreText('thanks, that was great')).toBeGreaterThan(0.5);
    expect(scoreText('shukriya, bahut badhiya')).toBeGreaterThan(0.5);
    expect(scoreText('धन्यवाद')).toBeGreaterThan(0.25);
  });

  it('returns exactly 0 for neutral or empty text', () => {
    expect(scoreText('my account number is 12345678')).toBe(0);
    expect(scoreText('')).toBe(0);
    expect(scoreText('   ')).toBe(0);
  });

  it('flips English negation before the word', () => {
    expect(scoreText('I am happy')).toBeGreaterThan(0.25);
    expect(scoreText('I am not happy')).toBeLessThan(-0.25);
    expect(scoreText('not bad')).toBeGreaterThan(0);
    expect(scoreText("I don't think this is good")).toBeLessThan(0);
  });

  it('reads fear and distress in every form and spelling, crying only in the first person', () => {
    for (const text of [
      'i am so worried',
      'mujhe dar lag raha hai',
      'मुझे डर लग रहा है',
      'bahut tension ho rahi hai',
      'meri naukri chali gayi',
      'thak gayi hoon main',
    ]) {
      expect(scoreText(text), text).toBeLessThan(-0.3);
    }
    // One entry ("ro raha hoon") covers the feminine and plural forms by lemma.
    expect(scoreText('main ro rahi hoon')).toBeLessThan(-0.7);
    expect(scoreText('hum ro rahe hain')).toBe(0);
    expect(scoreText('wo ro rahi hai')).toBe(0);
  });

  it('weighs the end of an utterance more when the mood turns, not when it goes on', () => {
    expect(sentimentLabel(scoreText('pehle bahut gussa tha, ab theek hai'))).toBe('neutral');
    expect(scoreText('main pak gaya hoon, ab band kar do')).toBeLessThan(-0.5);
    expect(scoreText('the app was terrible but now it works, thanks')).toBeGreaterThan(0);
  });

  it('flips Hindi negation after the word', () => {
    expect(scoreText('main khush nahi hoon')).toBeLessThan(-0.25);
    expect(scoreText('यह अच्छा नहीं है')).toBeLessThan(-0.25);
  });

  it('does not read "nahi to" (otherwise) as a negation', () => {
    // "connect me, otherwise I'll get angry": the anger must stay negative.
    expect(scoreText('gussa nahi to kya')).toBeLessThan(0);
    expect(scoreText('gussa nahi hai')).toBeGreaterThan(0);
  });

  it('stops negation at a clause break', () => {
    expect(scoreText('not the agent, the app is bad')).toBeLessThan(0);
  });

  it('strengthens a word after an intensifier', () => {
    expect(scoreText('very angry')).toBeLessThan(scoreText('angry'));
    expect(scoreText('bahut bura')).toBeLessThan(scoreText('bura'));
    expect(scoreText('बहुत ख़राब')).toBeLessThan(scoreText('ख़राब'));
  });

  it('treats nukta and plain spellings alike', () => {
    expect(scoreText('ख़राब')).toBe(scoreText('खराब'));
    expect(scoreText('ख़राब')).toBeLessThan(0);
  });

  it('boosts shouting and exclamation marks', () => {
    expect(scoreText('THIS IS TERRIBLE')).toBeLessThan(scoreText('this is terrible'));
    expect(scoreText('this is terrible!!!')).toBeLessThan(scoreText('this is terrible'));
  });

  it('matches multi-word phrases ("fed up", "not working") without double negation', () => {
    expect(scoreText('I am fed up')).toBeLessThan(-0.5);
    expect(scoreText('the app is not working')).toBeLessThan(-0.25);
    expect(scoreText('no problem')).toBeGreaterThan(0);
  });

  it('stays within [-1, 1] for a long rant', () => {
    const rant = 'worst useless pathetic terrible horrible disgusting ridiculous '.repeat(20).toUpperCase();
    const score = scoreText(`${rant}!!!`);
    expect(score).toBeGreaterThanOrEqual(-1);
    expect(score).toBeLessThan(-0.95);
  });

  it('reads a complaint made without an emotion word as negative, in every language', () => {
    for (const text of [
      'yeh theek nahi hai',
      'ये सही नहीं है',
      "this isn't right",
      'माफ़ी से काम नहीं चलेगा',
      'sorry se kaam nahi chalega',
      'ye koi tarika hai?',
      'is this how you treat customers?',
      'pichhli baar bhi yahi kaha tha',
      'पिछली बार भी यही कहा था',
      'you said the same thing last time',
      'she is getting worse',
      'उनकी हालत बिगड़ती जा रही है',
    ]) {
      expect(sentimentLabel(scoreText(text)), text).toBe('negative');
    }
  });

  it('reads something done without asking, a trick, a refusal to pay and lost trust as complaints', () => {
    for (const text of [
      // Without the caller's say.
      'मेरे नंबर पर बिना पूछे कॉलर ट्यून चालू कर दी',
      'bina bataye premium kaat liya',
      'they added it without my consent',
      'किसी ने पूछा तक नहीं',
      'you could at least inform the customer',
      'nobody told me about any condition',
      // Tricked, refusing, the same every time, no way to treat a customer.
      'this is how you trap customers',
      'i am not paying that for nothing',
      'हर बार यही होता है',
      'this is not how a bank should treat a customer',
      // Trust gone.
      'mujhe bharosa nahi hai ab',
      'मुझे आप पर भरोसा नहीं',
      "i don't trust this anymore",
    ]) {
      expect(sentimentLabel(scoreText(text)), text).toBe('negative');
    }
  });

  it('reads relief and fair dealing at the close as positive with the thanks, in every language', () => {
    for (const text of [
      'chalo achha hua, thank you',
      'अच्छा हुआ, धन्यवाद',
      'bhagwan ka shukar hai, thank you',
      'भगवान का शुक्र है, धन्यवाद',
      'okay. phew. thank you',
      'thank you, that really helps',
      'okay, thank you, that is fair',
      'haan yeh sahi hai, thank you',
      'aapne jaldi kar diya, shukriya',
      // Distress in the past tense is over: relief, not fear.
      'bahut tension ho gayi thi, thank you madam',
      'bahut dinon se pareshan tha, shukriya',
    ]) {
      expect(sentimentLabel(scoreText(text)), text).toBe('positive');
    }
    // A bare thanks stays only polite, and the present tense is still distress.
    expect(scoreText('thank you')).toBeLessThan(scoreText('okay, thank you, that is fair'));
    expect(scoreText('main bahut pareshan hoon')).toBeLessThan(-0.25);
    expect(sentimentLabel(scoreText('yeh sahi nahi hai'))).toBe('negative');
  });

  it('reads pleading in an emergency as distress, a plain request for speed as neutral', () => {
    expect(sentimentLabel(scoreText('भगवान के लिए जल्दी'))).toBe('negative');
    expect(sentimentLabel(scoreText('for gods sake send someone'))).toBe('negative');
    expect(scoreText('jaldi bhejiye')).toBe(0);
  });

  it('counts several complaint phrases in one breath as one complaint, not fury', () => {
    const one = scoreText('maafi se kaam nahi chalega');
    const two = scoreText('maafi se kaam nahi chalega, aise koi baat karta hai?');
    expect(two).toBe(one);
    // Emotion words still add up.
    expect(scoreText('maafi se kaam nahi chalega, bahut gussa aa raha hai')).toBeLessThan(-0.8);
  });

  it('does not read a fault report as a complaint about the company', () => {
    expect(scoreText('the inhaler is not helping')).toBe(0);
    expect(scoreText('do baar restart kiya, kuch nahi hua')).toBe(0);
    expect(scoreText('i cant talk right now')).toBe(0);
  });

  it('reads "achha" opening a reply as "okay", and as praise everywhere else', () => {
    expect(scoreText('achha theek hai, link bhej dijiye')).toBe(0);
    expect(scoreText('accha, main intezaar karta hoon')).toBe(0);
    expect(scoreText('अच्छा, इस शनिवार को खुली है?')).toBe(0);
    expect(scoreText('अच्छा है, लगवा दीजिए')).toBeGreaterThan(0.25);
    expect(scoreText('achha laga')).toBeGreaterThan(0.25);
    expect(scoreText('bahut achha')).toBeGreaterThan(0.25);
    expect(scoreText('accha chalo, ye sunke achha laga')).toBeGreaterThan(0.25);
  });

  it('reads English mood words as Hindi ASR writes them, typed thanks and Hindi synonyms', () => {
    for (const text of ['थैंक यू', 'thnx', 'राहत मिली', 'मैं आपका आभारी हूँ', 'bahut khushi hui']) {
      expect(sentimentLabel(scoreText(text)), text).toBe('positive');
    }
    for (const text of [
      'वर्स्ट सर्विस',
      'मैं अपसेट हूँ',
      'main bahut nirash hoon',
      'नाखुश हूँ',
      'wo dhamka rahe hain',
    ]) {
      expect(scoreText(text), text).toBeLessThan(-0.25);
    }
    // Words for what happened stay mild, like "fraud": the agent mis-sold it is a fact, not fury.
    expect(sentimentLabel(scoreText('the agent mis-sold it to me'))).toBe('negative');
    expect(scoreText('the agent mis-sold it to me')).toBeGreaterThan(scoreText('the agent cheated me'));
  });

  it('ignores words that merely contain a lexicon word', () => {
    expect(scoreText('badminton goodwill')).toBe(0);
  });
});

describe('how an unhappy caller closes (lexicon-closing)', () => {
  const label = (text: string) => sentimentLabel(scoreText(text));

  it('reads a threat of what the caller will do if it fails as negative or worse', () => {
    const threats = [
      'four days hmm okay but if its not fixed i am porting out i am telling you',
      'five days okay i will call again on monday if nothing comes',
      'तीन दिन और? ठीक है, पर फिर भी न हुआ तो शिकायत लिखवानी पड़ेगी',
      'chalo, parson ke baad bhi aisa raha toh number port kar dunga',
    ];
    for (const text of threats) expect(scoreText(text)).toBeLessThan(-0.25);
  });

  it('reads insisting, admonishing and "promised before" as negative', () => {
    expect(label('Ok but do it fast my business is getting affected.')).toBe('negative');
    expect(label('ठीक है, पर आगे से ध्यान रखिए')).toBe('negative');
    expect(label('same thing you said yesterday')).toBe('negative');
    expect(label('abhi tak n o c nahi aaya')).toBe('negative');
  });

  it('does not let a negator inside a phrase negate the words after it', () => {
    expect(label('if its not fixed i am porting out')).not.toBe('neutral');
    expect(scoreText('if its not fixed i am porting out')).toBeLessThan(scoreText('i am porting out'));
  });

  it('does not let thanks after "but" outweigh the worry before it', () => {
    expect(label('okay. I am still worried but thank you for acting quickly')).toBe('negative');
    // A real turn for the better still counts most.
    expect(label('pehle bahut gussa tha, lekin ab sab theek ho gaya, bahut achha')).toBe('positive');
  });

  it('reads doubt and giving up as negative', () => {
    expect(label('fine. I hope someone actually reads it')).toBe('negative');
    expect(label('just forget it i will email')).toBe('negative');
  });

  it('keeps a resigned "theek hai, dekhte hain" mild: it holds a bad mood, it does not make one', () => {
    expect(scoreText('theek hai dekhte hain')).toBeLessThan(0);
    expect(label('theek hai dekhte hain')).toBe('neutral');
    expect(label('theek hai dekhte hain, yahi kaha tha pichhli baar bhi')).toBe('negative');
  });

  it('reads escalation, loss said plainly and "still the same" as negative', () => {
    expect(label('अब मुझे ऊपर शिकायत दर्ज करनी है')).toBe('negative');
    expect(label('please, because right now i am thinking of switching insurers')).toBe('negative');
    expect(label('अब खाते से उन्नीस हज़ार कट गए, मैं लुट गया')).not.toBe('neutral');
    expect(label('cleared it, still the same. please log it as a bug')).toBe('negative');
  });

  it('reads a caller frightened for someone in an emergency as upset, from the symptoms', () => {
    expect(label('she is not able to breathe properly, she is gasping')).not.toBe('neutral');
    expect(label('aadhe ghante se dard badh raha hai, aur thanda pasina aa raha hai')).not.toBe('neutral');
    expect(label('okay, okay, please hurry')).toBe('negative');
  });

  it('does not read a greeting as praise, and reads praise of the wait as sarcasm', () => {
    expect(scoreText('good morning madam i am having one doubt')).toBe(0);
    expect(label('Good evening. It is six pm and your approval has not come.')).not.toBe('positive');
    expect(label('twenty five minutes on hold. lovely music by the way, i now know it by heart')).toBe(
      'negative',
    );
    expect(label('oh wonderful, a human')).toBe('negative');
    expect(label('oh nice, the app works for me, thanks')).toBe('positive');
  });

  it('reads a call put right as positive, beyond a bare thank you', () => {
    expect(label('Okay, updating now... okay, it opened. Thank you, that worked.')).toBe('positive');
    expect(label('Done, it has opened. Oh, thank you, you were very patient with me.')).toBe('positive');
    expect(label('अच्छा चलो, बंद नहीं हुई यही बहुत है')).toBe('positive');
    expect(label('haan khul gaya, thank you')).toBe('positive');
  });
});

describe('sentimentLabel', () => {
  it('uses the documented thresholds', () => {
    expect(sentimentLabel(0.26)).toBe('positive');
    expect(sentimentLabel(0.25)).toBe('neutral');
    expect(sentimentLabel(0)).toBe('neutral');
    expect(sentimentLabel(-0.25)).toBe('negative');
    expect(sentimentLabel(-0.59)).toBe('negative');
    expect(sentimentLabel(-0.6)).toBe('very_negative');
    expect(sentimentLabel(-1)).toBe('very_negative');
  });
});
