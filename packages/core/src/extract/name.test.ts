import { describe, expect, it } from 'vitest';
import { extractName } from './name.js';
import { selfIntroduction } from './name-intros.js';

describe('extractName: self-introductions without "my name is"', () => {
  it.each([
    // Hinglish "main X bol/baat kar raha/rahi hoon", anywhere in the turn, any case.
    ['namaste, main Pradeep Joshi bol raha hoon, mera card block ho gaya', 'Pradeep Joshi'],
    ['haan ji main kiran baat kar rahi hoon', 'Kiran'],
    ['hello sir main deepika malhotra bol rahi hu, refund kab aayega', 'Deepika Malhotra'],
    ['ji main Verma ji bol raha hoon', 'Verma'],
    // Devanagari.
    ['नमस्ते, मैं रमेश गुप्ता बोल रहा हूँ। मेरा पार्सल नहीं आया', 'रमेश गुप्ता'],
    ['जी मैं कविता बात कर रही हूं', 'कविता'],
    ['नमस्कार, मैं सीमा।', 'सीमा'],
    // "main X." as the whole opening clause.
    ['namaskar, main Harish Chandra. loan ka status janna hai', 'Harish Chandra'],
    ['haan ji, main anjali verma, kal payment kiya tha', 'Anjali Verma'],
    // "X here", "X this side", "X speaking" at the start.
    ['Good evening. Farhan here, my order is late', 'Farhan'],
    ['nikhil arora here mera refund abhi tak nahi aaya', 'Nikhil Arora'],
    ['hello, rajesh this side, internet band hai', 'Rajesh'],
    ['Anita Desai speaking. I need a duplicate bill', 'Anita Desai'],
    ['myself priyanka, calling for my policy', 'Priyanka'],
    // One lower-case word after "this is" / "I'm" when a new clause follows it.
    ['yeah hi this is karan my card got swallowed', 'Karan'],
    ["hi i'm deepak and my sim is not working", 'Deepak'],
    ['this is meena.', 'Meena'],
    // "naam hai X" opening a clause, "mine is X" answering "name".
    ['haan, block kar do. naam hai Rekha Nair', 'Rekha Nair'],
    ['नाम है सुरेश यादव', 'सुरेश यादव'],
    ["his name is arjun, mine's pooja iyer", 'Pooja Iyer'],
  ])('finds the name in %s', (text, name) => {
    expect(extractName(text)?.name).toBe(name);
  });

  it.each([
    // The first name, then the full one: the repeat beside a word that is not everyday completes it.
    ['mera naam gurpreet hai gurpreet singh woh kal raat', 'Gurpreet Singh'],
    ['main suresh bol raha hoon suresh nagpure', 'Suresh Nagpure'],
    ["Hi Neha. My name's Thomas, Thomas Mathew. There's a charge", 'Thomas Mathew'],
    ['namaste ji main arif bol raha hoon, mohammad arif, kal subah', 'Mohammad Arif'],
    ['hello yeah tanvi here tanvi shah i am calling from', 'Tanvi Shah'],
    ['मेरा नाम सीमा है, सीमा वर्मा', 'सीमा वर्मा'],
    // ... and not when the repeat sits beside everyday words.
    ['main rahul bol raha hoon, rahul ka account hai', 'Rahul'],
    ['this is priya, priya calling again', 'Priya'],
  ])('reads the full name said after the first in %s', (text, name) => {
    expect(extractName(text)?.name).toBe(name);
  });

  it.each([
    // Fillers and words for the agent before the introduction.
    ['hi good morning umm this is priya nair i had paid my bill', 'Priya Nair'],
    ['uh hello, this is karan my card got swallowed', 'Karan'],
    ['haan bhai sonu bol raha hoon, teen din se parcel', 'Sonu'],
    ['didi main kavita bol rahi hoon', 'Kavita'],
    ['भैया राजू बोल रहा हूँ', 'राजू'],
    // "it's" as an introduction, with a title kept as said.
    ["hi it's deepa, i wanted an appointment", 'Deepa'],
    ["Good evening. It's Mrs. Iyer. I received a dinner set", 'Mrs. Iyer'],
    ["it's mrs. iyer, from flat four", 'Mrs. Iyer'],
    // A relative gives their own name after the relation.
    ['Shanta Kulkarni. I am her son, Abhijit.', 'Abhijit'],
    ['i am his son, arvind. arvind subramaniam. the connection', 'Arvind Subramaniam'],
    ["i'm the patient's daughter, meera and she is admitted", 'Meera'],
    ['main unki beti hoon, kavya. papa ka claim', 'Kavya'],
  ])('finds the introduction in %s', (text, name) => {
    expect(extractName(text)?.name).toBe(name);
  });

  it('treats "naam hai" as stated and "X here" as inferred', () => {
    expect(extractName('naam hai Rekha Nair')?.explicit).toBe(true);
    expect(extractName('Farhan here')?.explicit).toBe(false);
  });
});

describe('extractName: words that look like an introduction but name nobody', () => {
  it.each([
    // "main" followed by a state, a place or a relation.
    'main theek hoon, aap batao',
    'main pareshan hoon.',
    'main ghar pe hoon',
    'main bank se bol raha hoon',
    'main kab se bol raha hoon ki paisa wapas karo',
    'main sach bol raha hoon',
    'main aapko bol raha hoon',
    'main unka beta bol raha hoon',
    'main Sharma ji ka beta bol raha hoon',
    'main bhi.',
    'Main problem is the bill',
    'main road pe accident hua',
    'मैं बैंक से बोल रहा हूँ',
    'मैं सच बोल रहा हूँ',
    'मैं ठीक हूँ।',
    'मैं परेशान हूँ',
    // English look-alikes.
    "I'm calling about my refund",
    "I'm fine",
    'i am tired, please hurry',
    'i am pregnant and need an appointment',
    'i am sixty eight years old',
    'this is outrageous.',
    'this is ridiculous, fix it',
    'here is my account number',
    'everything here is broken',
    'nobody here picks up the phone',
    'customer speaking',
    'This is HDFC.',
    'SBI this side',
    'myself not feeling well',
    // Someone else's name.
    'her name is aarohi',
    'uska naam hai Ravi',
    'beti ka naam hai Priya',
    'mine is broken too',
    // "it's" before a day, a state or a time; the third person; a relation with no name.
    "it's monday, and nothing came",
    "it's been, like, a week",
    "it's urgent.",
    'haan bhai papa bol rahe hain',
    'haan ji bank se bol raha hoon',
    'i am her son and she is in the hospital',
    'i am his son, calling for him',
    'umm so this is really bad',
    // What the call is about, after "it's".
    "it's airtel broadband, not working",
    "it's fraud.",
    "it's internet problem",
    "it's almost done",
  ])('finds no name in %s', (text) => {
    expect(extractName(text)).toBeUndefined();
  });
});

describe('extractName: a name closing its clause later in the turn (#16)', () => {
  it.each([
    ['can i pay it today without the bounce charge, i am gaurav bhatia', 'Gaurav Bhatia'],
    ['main bhavna desai hoon', 'Bhavna Desai'],
    ['haan shanivaar perfect hai. naam likh lo, Vivek Arora', 'Vivek Arora'],
    ['saade chhe chalega, koi dikkat nahi. naam gurmeet hai', 'Gurmeet'],
    ['kal mera appointment hai, dus baje, naam Farida Sheikh', 'Farida Sheikh'],
    ['नंबर है नौ आठ दो सात। नाम राम प्रसाद यादव', 'राम प्रसाद यादव'],
    ['मैं उनका बेटा हूँ, अनिल शर्मा', 'अनिल शर्मा'],
    ['मैं उसका बड़ा भाई राकेश बोल रहा हूँ।', 'राकेश'],
    ['Mohammed Irfan here', 'Mohammed Irfan'],
  ])('finds the name in %s', (text, name) => {
    expect(extractName(text)?.name).toBe(name);
  });

  it.each([
    'accha, theek hai, main intezaar karta hoon',
    'yaar har hafte yahi hota hai, main pak gaya hoon',
    'mere naam se dekh lo, wife ka naam sudha',
    'i am really tired.',
  ])('finds no name in %s', (text) => {
    expect(extractName(text)).toBeUndefined();
  });
});

describe('extractName: spelled names and titles (#16)', () => {
  it.each([
    ['Yes, it is Thejaswini, T H E J A S W I N I, surname Gowda.', 'Thejaswini Gowda'],
    ['Name is Lalitha, L A L I T H A, Subramanian.', 'Lalitha Subramanian'],
    ['good afternoon. this is professor anand kulkarni, i am calling', 'Anand Kulkarni'],
  ])('finds the full name in %s', (text, name) => {
    expect(extractName(text)?.name).toBe(name);
  });
});

describe('extractName: the opening introductions read in any case (their cue scan folds case as they do)', () => {
  it.each([
    ['MYSELF Rahul Sharma, calling about my loan', 'Rahul'],
    ['myſelf rahul sharma', 'Rahul'],
    ['pankaj tiwari thiſ ſide', 'Pankaj Tiwari'],
    ['MAIN Sunil Bansal. mera claim', 'Sunil Bansal'],
    ['anita SPEAKING', 'Anita'],
  ])('%s', (text, name) => {
    expect(selfIntroduction(text)).toBe(name);
  });
});
